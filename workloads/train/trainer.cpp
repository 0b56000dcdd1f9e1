// The training loop (see trainer.h). Setup resolves data, model and schedule; run() iterates,
// checkpoints at every epoch end, and writes the trace when the run completes.
#include "workloads/train/trainer.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "traces/input_error.h"
#include "traces/trace_writer.h"
#include "workloads/precision_schedule.h"
#include "workloads/train/checkpoint.h"
#include "workloads/train/layers.h"
#include "workloads/train/ldp_schedule.h"
#include "workloads/train/network.h"
#include "workloads/train/optimizer.h"
#include "workloads/train/parallel.h"
#include "workloads/train/progress_bar.h"

namespace vpsim {

struct Trainer::State {
  TrainConfig cfg;
  std::shared_ptr<IterationCostModel> cost_model;
  ImageSet train, test;
  DatasetInfo info;
  std::unique_ptr<Network> net;
  std::unique_ptr<PrecisionSchedule> schedule;
  LdpSchedule* ldp = nullptr;
  std::unique_ptr<Sgd> sgd;
  LrSchedule lr;
  TraceHeader header;
  int64_t ipe = 1, total = 1;
};

namespace {

void loadData(Trainer::State& s) {
  const TrainConfig& c = s.cfg;
  if (c.dataset == "synthetic") {
    s.info = datasetInfo("fashion-mnist");  // geometry of the small CNN's home dataset
    s.info.name = "synthetic";
    const int n = static_cast<int>(c.synthetic_size), hw = static_cast<int>(c.synthetic_hw);
    s.info.height = s.info.width = hw;
    s.train = makeSynthetic(n, 1, hw, 10, c.seed);
    s.test = makeSynthetic(std::max(1, n / 4), 1, hw, 10, c.seed, 1);
  } else {
    s.info = datasetInfo(c.dataset);
    if (s.info.name == "fashion-mnist") {
      const std::string dir = c.data_dir.empty() ? kFashionMnistDir : c.data_dir;
      s.train = loadFashionMnist(dir, true), s.test = loadFashionMnist(dir, false);
    } else if (s.info.name == "cifar10" || s.info.name == "cifar100") {
      if (c.data_dir.empty()) throw InputError(c.file + ": data_dir: required for " + s.info.name);
      s.train = loadCifar(c.data_dir, static_cast<int>(s.info.classes), true);
      s.test = loadCifar(c.data_dir, static_cast<int>(s.info.classes), false);
    } else {
      throw InputError(c.file + ": dataset: the trainer reads fashion-mnist, cifar10, cifar100 or synthetic");
    }
  }
  s.train.truncate(static_cast<int>(c.subset));
  s.test.truncate(static_cast<int>(c.test_subset));
  if (!s.cfg.augment.mean.empty() && static_cast<int>(s.cfg.augment.mean.size()) != s.train.c)
    throw InputError(c.file + ": normalize: " + std::to_string(s.train.c) + " channel(s) expected");
}

std::unique_ptr<PrecisionSchedule> buildSchedule(Trainer::State& s, const std::string& text) {
  const ScheduleSpec spec = parseScheduleSpec(text);
  ScheduleContext ctx{s.net->layerOps(), s.total, s.ipe, s.cfg.seed};
  ctx.loss_feedback = true;  // PFQ detects its turning points from the losses we feed it
  if (spec.kind == "ldp") {
    auto ldp = std::make_unique<LdpSchedule>(spec, ctx, s.cost_model);
    s.ldp = ldp.get();
    return ldp;
  }
  s.ldp = nullptr;
  return makeSchedule(spec, ctx);
}

}  // namespace

Trainer::Trainer(TrainConfig cfg, std::shared_ptr<IterationCostModel> cost_model) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.cfg = std::move(cfg);
  s.cost_model = std::move(cost_model);
  setTrainThreads(s.cfg.threads);
  loadData(s);
  s.net = Network::build(s.cfg.model, s.info, s.cfg.seed);
  for (GemmLayer* l : s.net->layers()) l->mode = s.cfg.quantizer == "fixed" ? QuantMode::FixedPoint : QuantMode::Affine;
  s.ipe = (s.train.size() + s.cfg.batch - 1) / s.cfg.batch;
  s.total = s.cfg.iterations > 0 ? s.cfg.iterations : s.cfg.epochs * s.ipe;
  std::string sched = s.cfg.schedule;
  if (sched.size() > 5 && sched.substr(sched.size() - 5) == ".yaml") sched = resolveScheduleArgument(sched, "configs");
  int bmin = 0;
  if (s.cfg.range_test.enabled) {  // CPT's lower bound from the precision range test
    TrainConfig rt = s.cfg;
    rt.schedule = sched;
    bmin = precisionRangeTest(rt, nullptr);
    sched = withLowerBound(parseScheduleSpec(sched), bmin);
    spdlog::info("range test chose {} bits: schedule {}", bmin, sched);
  }
  s.schedule = buildSchedule(s, sched);
  if (s.ldp)
    for (GemmLayer* l : s.net->layers()) l->track_precision_grad = l->op.quantized;
  s.sgd = std::make_unique<Sgd>(s.net->params(), s.cfg.momentum, s.cfg.weight_decay);
  s.lr.kind = s.cfg.lr_schedule, s.lr.base_lr = s.cfg.lr, s.lr.gamma = s.cfg.gamma;
  s.lr.warmup = s.cfg.warmup, s.lr.total = s.total;
  for (double f : s.cfg.milestones) s.lr.milestones.push_back(static_cast<int64_t>(std::llround(f * s.total)));
  s.header.model = s.cfg.model, s.header.dataset = s.info.name, s.header.batch = s.cfg.batch;
  s.header.iterations = s.total, s.header.iterations_per_epoch = s.ipe;
  s.header.schedule = s.schedule->spec().text, s.header.schedule_params = s.schedule->paramsJson();
  if (bmin > 0) s.header.schedule_params["range_test_bmin"] = bmin;
  s.header.producer = "vpsim 0.1.0 train";
  s.header.layers = s.net->layerOps();
}

Trainer::~Trainer() = default;

// Test-set loss and accuracy at the current bits (activation quantizers use their EMA ranges).
static std::pair<double, double> evaluate(Trainer::State& s, int64_t iter) {
  double loss = 0.0;
  int64_t correct = 0;
  Tensor x;
  std::vector<int> labels, idx;
  for (int b = 0; b < s.test.size(); b += static_cast<int>(s.cfg.batch)) {
    idx.clear();
    for (int i = b; i < std::min<int>(s.test.size(), b + static_cast<int>(s.cfg.batch)); ++i) idx.push_back(i);
    makeBatch(s.test, idx, s.cfg.augment, false, 0, x, labels);
    int right = 0;
    loss += softmaxCrossEntropy(s.net->forward(x, StepContext{false, iter, s.cfg.seed}), labels, nullptr, &right) *
            static_cast<double>(idx.size());
    correct += right;
  }
  const double n = std::max(1, s.test.size());
  return {loss / n, static_cast<double>(correct) / n};
}

// BitOPs of one iteration at `bits` with `batch` samples: every pass of every layer.
static double iterationBitops(const std::vector<LayerOp>& layers, const std::vector<Bits>& bits, int64_t batch) {
  double total = 0.0;
  for (size_t l = 0; l < layers.size(); ++l)
    for (Pass p : kAllPasses)
      if (p != Pass::BwdData || layers[l].has_bwd_data) total += static_cast<double>(passBitops(layers[l], p, bits[l]));
  return total * static_cast<double>(batch);
}

TrainResult Trainer::run(const std::string& out_dir, bool resume) {
  State& s = *s_;
  TrainProgress p;
  const std::string ckpt = out_dir.empty() ? "" : out_dir + "/checkpoint.bin";
  if (!out_dir.empty()) std::filesystem::create_directories(out_dir);
  if (resume && !ckpt.empty() && std::filesystem::exists(ckpt)) {
    loadCheckpoint(ckpt, s.header, *s.net, *s.sgd, p);
    for (int64_t i = 0; i < p.next_iter; ++i) s.schedule->bitsAt(i), s.schedule->observeLoss(i, p.losses[i]);
    if (s.ldp) s.ldp->betas() = p.ldp_betas;
    spdlog::info("resuming {} at iteration {}/{}", ckpt, p.next_iter, s.total);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t start = p.next_iter;
  ProgressBar bar(s.cfg.progress, s.total, s.ipe);
  std::vector<int> perm, idx, labels;
  Tensor x, dlogits;
  const std::vector<LayerOp> ops = s.net->layerOps();
  TrainResult result;
  for (int64_t iter = start; iter < s.total; ++iter) {
    const int64_t epoch = iter / s.ipe, pos = iter % s.ipe;
    if (perm.empty() || pos == 0 || iter == start) perm = permutation(s.train.size(), streamKey(s.cfg.seed, 0x9e8, epoch));
    idx.assign(perm.begin() + pos * s.cfg.batch, perm.begin() + std::min<int64_t>(s.train.size(), (pos + 1) * s.cfg.batch));
    makeBatch(s.train, idx, s.cfg.augment, true, streamKey(s.cfg.seed, 0xa06, iter), x, labels);
    const std::vector<Bits> bits = s.schedule->bitsAt(iter);
    for (size_t l = 0; l < bits.size(); ++l) s.net->layers()[l]->bits = bits[l];
    int right = 0;
    const double loss = softmaxCrossEntropy(s.net->forward(x, StepContext{true, iter, s.cfg.seed}), labels, &dlogits, &right);
    if (!std::isfinite(loss))
      throw InputError("training diverged at iteration " + std::to_string(iter) + " (epoch " + std::to_string(epoch + 1) +
                       "): loss is " + std::to_string(loss) + "; lower lr (now " + std::to_string(s.lr.at(iter)) + ")");
    s.net->backward(dlogits);
    if (s.ldp) {
      std::vector<double> signal;
      for (GemmLayer* l : s.net->layers()) signal.push_back(l->precision_grad);
      s.ldp->update(signal);
    }
    s.sgd->step(s.lr.at(iter));
    s.schedule->observeLoss(iter, loss);
    // Bookkeeping: trace runs, epoch sums.
    if (!p.runs.empty() && p.runs.back().bits == bits && p.runs.back().end == iter) ++p.runs.back().end;
    else p.runs.push_back(TraceRun{iter, iter + 1, bits});
    p.losses.push_back(loss);
    const int64_t n = static_cast<int64_t>(idx.size());
    p.sum_loss += loss * static_cast<double>(n), p.correct += right, p.seen += n;
    p.bitops += iterationBitops(ops, bits, n);
    for (size_t l = 0; l < ops.size(); ++l)
      if (ops[l].quantized) p.sum_bits += 0.5 * (bits[l].w + bits[l].a), p.sum_gbits += bits[l].g, ++p.bit_samples;
    p.next_iter = iter + 1;
    bar.update(iter + 1, loss, static_cast<double>(p.correct) / static_cast<double>(std::max<int64_t>(1, p.seen)));
    const bool epoch_end = pos == s.ipe - 1 || iter + 1 == s.total;
    if (epoch_end) {
      EpochMetrics m;
      m.epoch = epoch + 1, m.iterations = iter + 1, m.lr = s.lr.at(iter);
      m.train_loss = p.sum_loss / static_cast<double>(p.seen);
      m.train_acc = static_cast<double>(p.correct) / static_cast<double>(p.seen);
      std::tie(m.test_loss, m.test_acc) = evaluate(s, iter);
      m.avg_bits = p.bit_samples ? p.sum_bits / static_cast<double>(p.bit_samples) : 32.0;
      m.avg_grad_bits = p.bit_samples ? p.sum_gbits / static_cast<double>(p.bit_samples) : 32.0;
      m.gbitops = p.bitops / 1e9;
      p.epochs.push_back(m);
      p.sum_loss = p.bitops = p.sum_bits = p.sum_gbits = 0, p.correct = p.seen = p.bit_samples = 0;
      bar.epochDone(m.epoch, m.train_loss, m.train_acc, m.test_acc, m.avg_bits);
      if (s.ldp) spdlog::info("LDP: iteration cost {:.3g} of target {:.3g}", s.ldp->lastCost(), s.ldp->target());
      if (!out_dir.empty()) writeMetricsCsv(out_dir + "/metrics.csv", p.epochs);
    }
    const bool stop = s.cfg.stop_after > 0 && iter + 1 == s.cfg.stop_after && iter + 1 < s.total;
    if (!ckpt.empty() && (epoch_end || stop)) {
      if (s.ldp) p.ldp_betas = s.ldp->betas();
      saveCheckpoint(ckpt, s.header, *s.net, *s.sgd, p);
    }
    if (stop) break;
  }
  bar.finish();
  result.epochs = p.epochs;
  result.iterations = p.next_iter;
  result.finished = p.next_iter == s.total;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double images = static_cast<double>(std::min<int64_t>(p.next_iter - start, s.total) * s.cfg.batch);
  result.images_per_second = result.seconds > 0 ? images / result.seconds : 0;
  if (result.finished && !out_dir.empty()) {
    TraceWriter w(out_dir + "/trace.jsonl", s.header);
    for (const auto& r : p.runs) w.appendRun(r.start, r.end, r.bits);
    for (const auto& m : p.epochs) w.metric(TraceMetric{m.epoch, metricsJson(m)});
    w.close();
  }
  return result;
}

}  // namespace vpsim
