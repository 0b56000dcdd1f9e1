// Language-model data and evaluation for the trainer (see text_task.h).
#include "workloads/train/text_task.h"

#include <cmath>

#include "traces/input_error.h"
#include "workloads/train/layers.h"

namespace vpsim {

std::unique_ptr<TextTask> loadTextTask(const TrainConfig& cfg, DatasetInfo& info) {
  auto task = std::make_unique<TextTask>();
  task->corpus = loadTextCorpus(cfg.dataset, cfg.data_dir, cfg.lm.vocab);
  TextCorpus& c = task->corpus;
  auto cut = [](std::vector<int32_t>& v, int64_t n) {
    if (n > 0 && n < static_cast<int64_t>(v.size())) v.resize(static_cast<size_t>(n));
  };
  cut(c.train, cfg.subset), cut(c.valid, cfg.test_subset), cut(c.test, cfg.test_subset);
  const int64_t steps = cfg.lm.steps > 0 ? cfg.lm.steps : defaultSteps(cfg.model);
  task->train = makeStreams(c.train, cfg.batch, steps);
  task->valid = makeStreams(c.valid, cfg.batch, steps);
  task->test = makeStreams(c.test, cfg.batch, steps);
  const std::pair<const char*, const TokenStreams*> splits[] = {
      {"train", &task->train}, {"valid", &task->valid}, {"test", &task->test}};
  for (const auto& [name, s] : splits)
    if (s->batches() < 1)
      throw InputError(cfg.file + ": dataset " + cfg.dataset + ": the " + name + " split has too few tokens for " +
                       std::to_string(cfg.batch) + " streams of " + std::to_string(steps + 1) +
                       " tokens (lower batch or lm.steps)");
  info = DatasetInfo{};
  info.name = cfg.dataset;
  info.classes = c.vocab.size();
  info.sequence_length = steps;
  info.train_size = task->train.batches() * cfg.batch;
  info.test_size = task->valid.batches() * cfg.batch;
  return task;
}

std::pair<double, double> evaluateText(Network& net, const TokenStreams& split, int64_t iter, uint64_t seed) {
  double loss = 0.0;
  int64_t correct = 0, tokens = 0;
  Tensor x;
  std::vector<int> targets;
  for (int64_t i = 0; i < split.batches(); ++i) {
    split.batch(i, x, targets);
    StepContext ctx{false, iter, seed};
    ctx.stream_start = i == 0;
    int right = 0;
    const auto n = static_cast<int64_t>(targets.size());
    loss += softmaxCrossEntropy(net.forward(x, ctx), targets, nullptr, &right) * static_cast<double>(n);
    correct += right, tokens += n;
  }
  return {loss / static_cast<double>(tokens), static_cast<double>(correct) / static_cast<double>(tokens)};
}

}  // namespace vpsim
