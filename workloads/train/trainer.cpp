// Trainer setup (see trainer.h): data, model, schedule (with CPT's range test), optimizer and the
// trace header. The loop itself is in train_loop.cpp.
#include "workloads/train/trainer.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>

#include "traces/input_error.h"
#include "workloads/precision_schedule.h"
#include "workloads/train/image_folder.h"
#include "workloads/train/ldp_schedule.h"
#include "workloads/train/network.h"
#include "workloads/train/optimizer.h"
#include "workloads/train/parallel.h"
#include "workloads/train/trainer_state.h"

namespace vpsim {

namespace {

void loadData(Trainer::State& s) {
  const TrainConfig& c = s.cfg;
  if (isTextDataset(c.dataset)) {  // language models: token streams (text_task.h)
    s.text = loadTextTask(c, s.info);
    return;
  }
  s.info = trainDatasetInfo(c);
  if (s.info.name == "synthetic") {
    const int n = static_cast<int>(c.synthetic_size), hw = static_cast<int>(s.info.height);
    const int ch = static_cast<int>(s.info.channels), k = static_cast<int>(s.info.classes);
    s.train = makeSynthetic(n, ch, hw, k, c.seed);
    s.test = makeSynthetic(std::max(1, n / 4), ch, hw, k, c.seed, 1);
  } else if (s.info.name == "imagefolder") {
    const int size = static_cast<int>(c.image_size), ch = static_cast<int>(c.image_channels);
    s.train = loadImageFolder(c.data_dir, true, size, ch);
    s.test = loadImageFolder(c.data_dir, false, size, ch);
    s.info.train_size = s.train.size(), s.info.test_size = s.test.size();
  } else if (s.info.name == "fashion-mnist") {
    const std::string dir = c.data_dir.empty() ? kFashionMnistDir : c.data_dir;
    s.train = loadFashionMnist(dir, true), s.test = loadFashionMnist(dir, false);
  } else if (s.info.name == "cifar10" || s.info.name == "cifar100") {
    if (c.data_dir.empty()) throw InputError(c.file + ": data_dir: required for " + s.info.name);
    s.train = loadCifar(c.data_dir, static_cast<int>(s.info.classes), true);
    s.test = loadCifar(c.data_dir, static_cast<int>(s.info.classes), false);
  } else {
    throw InputError(c.file +
                     ": dataset: the trainer reads fashion-mnist, cifar10, cifar100, imagefolder, synthetic, "
                     "or the token corpora ptb, wikitext2, wikitext103, text, vimdoc");
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

DatasetInfo trainDatasetInfo(const TrainConfig& c) {
  if (c.dataset == "synthetic") {
    DatasetInfo d = datasetInfo("fashion-mnist");  // sizes of the small CNN's home dataset
    d.name = "synthetic";
    d.height = d.width = c.synthetic_hw, d.channels = c.synthetic_channels, d.classes = c.synthetic_classes;
    return d;
  }
  if (c.dataset == "imagefolder") {
    if (c.data_dir.empty()) throw InputError(c.file + ": data_dir: required for imagefolder");
    const auto classes = static_cast<int64_t>(imageFolderClasses(c.data_dir).size());
    return DatasetInfo{"imagefolder", c.image_channels, c.image_size, c.image_size, classes, 0, 0, 0};
  }
  return datasetInfo(c.dataset);
}

Trainer::Trainer(TrainConfig cfg, std::shared_ptr<IterationCostModel> cost_model) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.cfg = std::move(cfg);
  s.cost_model = std::move(cost_model);
  setTrainThreads(s.cfg.threads);
  loadData(s);
  s.settings = resultSettings(s.cfg);
  if (s.text) {
    s.settings.emplace_back("train data", s.text->train.fingerprint());
    s.settings.emplace_back("valid data", s.text->valid.fingerprint());
  } else {
    s.settings.emplace_back("train data", s.train.fingerprint());
    s.settings.emplace_back("test data", s.test.fingerprint());
  }
  const bool sbm = s.cfg.quantizer == "sbm";  // the original SBM variant (methods.md section 1)
  NetOptions net_options;
  net_options.range_bn = sbm;
  net_options.init = s.cfg.init == "pytorch" ? ConvInit::PyTorch : ConvInit::Recipe;
  s.net = Network::build(s.cfg.model, s.info, s.cfg.seed, s.cfg.lm, net_options);
  for (GemmLayer* l : s.net->layers()) {
    l->mode = s.cfg.quantizer == "fixed"       ? QuantMode::FixedPoint
              : s.cfg.quantizer == "symmetric" ? QuantMode::Symmetric
                                               : QuantMode::Affine;
    l->per_tensor_weights = sbm;
    l->wgrad_error_bits = sbm ? kSbmWeightGradErrorBits : 0;
  }
  s.ipe = s.text ? s.text->train.batches() : (s.train.size() + s.cfg.batch - 1) / s.cfg.batch;
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
  for (GemmLayer* l : s.net->layers()) l->track_grad_underflow = s.schedule->wantsGradientStats();
  s.sgd = std::make_unique<Sgd>(s.net->params(), s.cfg.momentum, s.cfg.weight_decay, s.cfg.adam);
  s.lr.kind = s.cfg.lr_schedule, s.lr.base_lr = s.cfg.lr, s.lr.gamma = s.cfg.gamma;
  s.lr.warmup = s.cfg.warmup, s.lr.total = s.total;
  for (double f : s.cfg.milestones) s.lr.milestones.push_back(static_cast<int64_t>(std::llround(f * s.total)));
  s.header.model = s.cfg.model, s.header.dataset = s.info.name, s.header.batch = s.cfg.batch;
  s.header.iterations = s.total, s.header.iterations_per_epoch = s.ipe;
  s.header.schedule = s.schedule->spec().text, s.header.schedule_params = s.schedule->paramsJson();
  if (bmin > 0) s.header.schedule_params["range_test_bmin"] = bmin;
  if (sbm) s.header.schedule_params["sbm_wgrad_error_bits"] = kSbmWeightGradErrorBits;
  s.header.producer = "vpsim 0.1.0 train";
  s.header.layers = s.net->layerOps();
}

Trainer::~Trainer() = default;

void Trainer::setObserver(std::shared_ptr<TrainObserver> observer) { s_->observer = std::move(observer); }

const TraceHeader& Trainer::traceHeader() const { return s_->header; }

}  // namespace vpsim
