// The training loop (see trainer.h): one step per iteration (batch, bits, forward, backward,
// LDP, SGD), bookkeeping for the trace and metrics, an evaluation and a checkpoint at every epoch
// end, and the trace written when the run completes.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "traces/bitops_accounting.h"
#include "traces/input_error.h"
#include "traces/trace_writer.h"
#include "workloads/train/checkpoint.h"
#include "workloads/train/layers.h"
#include "workloads/train/progress_bar.h"
#include "workloads/train/trainer_state.h"

namespace vpsim {

// Test-set loss and accuracy at the current bits (activation quantizers use their EMA ranges).
static std::pair<double, double> evaluateAtTrainingBits(Trainer::State& s, int64_t iter) {
  if (s.text) return evaluateText(*s.net, s.text->valid, iter, s.cfg.seed);  // language models: valid split
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

// Evaluation at eval_bits (weights and activations of the quantized layers; 0 = the last training
// iteration's bits, CPT's practice), the training bits restored afterwards.
static std::pair<double, double> evaluate(Trainer::State& s, int64_t iter) {
  if (s.cfg.eval_bits == 0) return evaluateAtTrainingBits(s, iter);
  std::vector<Bits> saved;
  for (GemmLayer* l : s.net->layers()) {
    saved.push_back(l->bits);
    if (l->op.quantized) l->bits.w = l->bits.a = s.cfg.eval_bits;
  }
  const auto result = evaluateAtTrainingBits(s, iter);
  for (size_t l = 0; l < saved.size(); ++l) s.net->layers()[l]->bits = saved[l];
  return result;
}

// One training iteration on samples idx; returns the loss, counts correct predictions.
static double trainStep(Trainer::State& s, int64_t iter, const std::vector<int>& idx, const std::vector<Bits>& bits,
                        int& right) {
  Tensor x, dlogits;
  std::vector<int> labels;
  StepContext ctx{true, iter, s.cfg.seed};
  if (s.text) {  // batch iter of the epoch from the token streams; state restarts with the epoch
    s.text->train.batch(iter % s.ipe, x, labels);
    ctx.stream_start = iter % s.ipe == 0;
  } else {
    makeBatch(s.train, idx, s.cfg.augment, true, streamKey(s.cfg.seed, 0xa06, iter), x, labels);
  }
  for (size_t l = 0; l < bits.size(); ++l) s.net->layers()[l]->bits = bits[l];
  const double loss = softmaxCrossEntropy(s.net->forward(x, ctx), labels, &dlogits, &right);
  if (!std::isfinite(loss))
    throw InputError("training diverged at iteration " + std::to_string(iter) + " (epoch " +
                     std::to_string(iter / s.ipe + 1) + "): loss is " + std::to_string(loss) + "; lower lr (now " +
                     std::to_string(s.lr.at(iter)) + ")");
  s.net->backward(dlogits);
  if (s.cfg.grad_clip > 0) clipGradNorm(s.net->params(), s.cfg.grad_clip);
  if (s.ldp) {  // LDP learns its betas from this step's gradients before the weights move
    std::vector<double> signal;
    for (GemmLayer* l : s.net->layers()) signal.push_back(l->precision_grad);
    s.ldp->update(signal);
  }
  s.sgd->step(s.lr.at(iter), iter);
  s.schedule->observeLoss(iter, loss);
  return loss;
}

// The gradient statistic the two-phase switch watches: the mean underflow over the layers whose
// errors were quantized this iteration (0 when none were).
static double gradientUnderflow(Network& net) {
  double sum = 0;
  int n = 0;
  for (const GemmLayer* l : net.layers())
    if (l->grad_underflow >= 0) sum += l->grad_underflow, ++n;
  return n ? sum / n : 0.0;
}

// Trace runs and the running sums of the current epoch.
// n: samples (images or token sequences) of the batch; predictions: what `right` counts out of
// (n images, n x steps tokens).
// BitOPs follow the trace's accounting (traces/bitops_accounting.h, the defaults of `trace info` and
// of co-simulation): the nominal batch in every iteration, the stem's bwd_data counted, FP32 layers apart.
static void record(TrainProgress& p, const std::vector<LayerOp>& ops, const BitopsAccountant& bitops, int64_t iter,
                   const std::vector<Bits>& bits, double loss, int right, int64_t predictions) {
  if (!p.runs.empty() && p.runs.back().bits == bits && p.runs.back().end == iter)
    ++p.runs.back().end;
  else
    p.runs.push_back(TraceRun{iter, iter + 1, bits});
  p.losses.push_back(loss);
  p.sum_loss += loss * static_cast<double>(predictions), p.correct += right, p.seen += predictions;
  p.bitops += bitops.iterationTotal(bits);
  for (size_t l = 0; l < ops.size(); ++l)
    if (ops[l].quantized) p.sum_bits += 0.5 * (bits[l].w + bits[l].a), p.sum_gbits += bits[l].g, ++p.bit_samples;
  p.next_iter = iter + 1;
}

// The iteration's widths for the progress line: "w/a/g 8/8/8", or their means over the quantized
// layers when the layers differ ("w/a/g ~5.2/5.2/8.0").
static std::string bitsLabel(const std::vector<LayerOp>& ops, const std::vector<Bits>& bits) {
  double sum[3] = {0, 0, 0};
  int n = 0;
  bool uniform = true;
  const Bits* first = nullptr;
  for (size_t l = 0; l < ops.size(); ++l) {
    if (!ops[l].quantized) continue;
    const Bits& b = bits[l];
    if (first && !(b.w == first->w && b.a == first->a && b.g == first->g)) uniform = false;
    if (!first) first = &b;
    sum[0] += b.w, sum[1] += b.a, sum[2] += b.g, ++n;
  }
  if (!first) return "w/a/g 32/32/32";
  if (uniform) return fmt::format("w/a/g {}/{}/{}", first->w, first->a, first->g);
  return fmt::format("w/a/g ~{:.1f}/{:.1f}/{:.1f}", sum[0] / n, sum[1] / n, sum[2] / n);
}

// The per-iteration record OUT/iterations.csv: iteration (0-based, as the trace's iters), epoch
// (1-based), loss, w/a/g bits (means over the quantized layers, 32 when none is), lr. Rewritten
// from the checkpoint's record on resume, then one flushed row per iteration.
class IterationLog {
 public:
  IterationLog(const std::string& out_dir, const Trainer::State& s, const std::vector<LayerOp>& ops,
               const TrainProgress& p)
      : s_(s), ops_(ops) {
    if (out_dir.empty()) return;
    out_.open(out_dir + "/iterations.csv", std::ios::trunc);
    out_ << "iteration,epoch,loss,w_bits,a_bits,g_bits,lr\n";
    for (const TraceRun& r : p.runs)
      for (int64_t i = r.start; i < r.end && i < p.next_iter; ++i) row(i, p.losses[size_t(i)], r.bits);
    out_.flush();
  }
  void add(int64_t iter, double loss, const std::vector<Bits>& bits) {
    if (!out_.is_open()) return;
    row(iter, loss, bits);
    out_.flush();
  }

 private:
  void row(int64_t iter, double loss, const std::vector<Bits>& bits) {
    double sum[3] = {0, 0, 0};
    int n = 0;
    for (size_t l = 0; l < ops_.size(); ++l)
      if (ops_[l].quantized) sum[0] += bits[l].w, sum[1] += bits[l].a, sum[2] += bits[l].g, ++n;
    if (n == 0) sum[0] = sum[1] = sum[2] = 32, n = 1;
    out_ << fmt::format("{},{},{:.6g},{:.4g},{:.4g},{:.4g},{:.6g}\n", iter, iter / s_.ipe + 1, loss, sum[0] / n,
                        sum[1] / n, sum[2] / n, s_.lr.at(iter));
  }
  const Trainer::State& s_;
  const std::vector<LayerOp>& ops_;
  std::ofstream out_;
};

// LDP's costs as fractions of the static hi-bit iteration, and which one its target bounds.
static void logLdpCost(const LdpSchedule& ldp) {
  const double ref = ldp.staticCost() > 0 ? ldp.staticCost() : 1.0;
  spdlog::info(
      "LDP: cost of the last iteration {:.3f}, mean of the run so far {:.3f} of static {}-bit; "
      "target {:.3f} {}",
      ldp.lastCost() / ref, ldp.runMeanCost() / ref, ldp.hi(), ldp.target() / ref,
      ldp.runLevel() ? "on the run's mean (run_target)" : "per iteration");
}

static EpochMetrics closeEpoch(Trainer::State& s, TrainProgress& p, int64_t iter) {
  EpochMetrics m;
  m.epoch = iter / s.ipe + 1, m.iterations = iter + 1, m.lr = s.lr.at(iter);
  m.train_loss = p.sum_loss / static_cast<double>(p.seen);
  m.train_acc = static_cast<double>(p.correct) / static_cast<double>(p.seen);
  std::tie(m.test_loss, m.test_acc) = evaluate(s, iter);
  m.avg_bits = p.bit_samples ? p.sum_bits / static_cast<double>(p.bit_samples) : 32.0;
  m.avg_grad_bits = p.bit_samples ? p.sum_gbits / static_cast<double>(p.bit_samples) : 32.0;
  m.gbitops = p.bitops / 1e9;
  p.epochs.push_back(m);
  p.sum_loss = p.bitops = p.sum_bits = p.sum_gbits = 0, p.correct = p.seen = p.bit_samples = 0;
  return m;
}

static void restore(Trainer::State& s, const std::string& ckpt, TrainProgress& p) {
  loadCheckpoint(ckpt, s.settings, s.header, *s.net, *s.sgd, p);
  // Loss- and gradient-driven schedules (PFQ, two-phase) rebuild their state from the recorded feedback.
  for (int64_t i = 0; i < p.next_iter; ++i) {
    s.schedule->bitsAt(i), s.schedule->observeLoss(i, p.losses[i]);
    if (s.schedule->wantsGradientStats()) s.schedule->observeGradients(i, p.underflow.at(size_t(i)));
  }
  if (s.ldp) {
    s.ldp->betas() = p.ldp_betas;
    for (const TraceRun& r : p.runs) s.ldp->replayIterations(r.bits, std::min(r.end, p.next_iter) - r.start);
  }
  spdlog::info("resuming {} at iteration {}/{}", ckpt, p.next_iter, s.total);
}

TrainResult Trainer::run(const std::string& out_dir, bool resume) {
  State& s = *s_;
  TrainProgress p;
  const std::string ckpt = out_dir.empty() ? "" : out_dir + "/checkpoint.bin";
  if (!out_dir.empty()) std::filesystem::create_directories(out_dir);
  if (resume && !ckpt.empty() && std::filesystem::exists(ckpt)) restore(s, ckpt, p);
  if (s.observer) {  // an observer sees every iteration from 0, also after a resume
    for (const TraceRun& r : p.runs)
      for (int64_t i = r.start; i < r.end; ++i) s.observer->onIteration(i, r.bits);
    if (!p.epochs.empty()) s.observer->onEpoch(p.epochs.back());
  }
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t start = p.next_iter;
  ProgressBar bar(s.cfg.progress, s.total, s.ipe, s.cfg.batch, s.text ? "sequences" : "images");
  const std::vector<LayerOp> ops = s.net->layerOps();
  const BitopsAccountant bitops(s.header);
  IterationLog log(out_dir, s, ops, p);
  double eval_seconds = 0;  // test evaluation and checkpoint writes: not training throughput
  const auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  std::vector<int> perm, idx;
  for (int64_t iter = start; iter < s.total; ++iter) {
    const int64_t pos = iter % s.ipe;
    if (!s.text) {  // images: a fresh permutation per epoch
      if (pos == 0 || iter == start) perm = permutation(s.train.size(), streamKey(s.cfg.seed, 0x9e8, iter / s.ipe));
      idx.assign(perm.begin() + pos * s.cfg.batch,
                 perm.begin() + std::min<int64_t>(s.train.size(), (pos + 1) * s.cfg.batch));
    }
    const std::vector<Bits> bits = s.schedule->bitsAt(iter);
    const int codes = s.observer ? s.observer->codesLayer(iter) : -1;
    if (codes >= 0) s.net->layers()[size_t(codes)]->keep_codes = true;
    int right = 0;
    const double loss = trainStep(s, iter, idx, bits, right);
    if (s.schedule->wantsGradientStats()) {
      p.underflow.push_back(gradientUnderflow(*s.net));
      s.schedule->observeGradients(iter, p.underflow.back());
    }
    const int64_t n = s.text ? s.cfg.batch : static_cast<int64_t>(idx.size());
    record(p, ops, bitops, iter, bits, loss, right, s.text ? n * s.text->train.steps : n);
    log.add(iter, loss, bits);
    if (s.observer) s.observer->onIteration(iter, bits);
    if (codes >= 0) {
      s.observer->onCodes(iter, *s.net->layers()[size_t(codes)]);
      s.net->layers()[size_t(codes)]->keep_codes = false;
    }
    bar.update(iter + 1, loss, static_cast<double>(p.correct) / static_cast<double>(std::max<int64_t>(1, p.seen)),
               bitsLabel(ops, bits));
    const bool epoch_end = pos == s.ipe - 1 || iter + 1 == s.total;
    const auto t_eval = std::chrono::steady_clock::now();
    if (epoch_end) {
      const EpochMetrics m = closeEpoch(s, p, iter);
      bar.epochDone(m.epoch, m.train_loss, m.train_acc, m.test_acc, m.avg_bits);
      if (s.text)
        spdlog::info("epoch {}: train perplexity {:.2f}, valid perplexity {:.2f} (loss {:.4f} / {:.4f})", m.epoch,
                     perplexity(m.train_loss), perplexity(m.test_loss), m.train_loss, m.test_loss);
      if (s.ldp) logLdpCost(*s.ldp);
      if (!out_dir.empty()) writeMetricsCsv(out_dir + "/metrics.csv", p.epochs, s.text != nullptr);
      if (s.observer) s.observer->onEpoch(m);
    }
    const bool stop = s.cfg.stop_after > 0 && iter + 1 == s.cfg.stop_after && iter + 1 < s.total;
    if (!ckpt.empty() && (epoch_end || stop)) {
      if (s.ldp) p.ldp_betas = s.ldp->betas();
      saveCheckpoint(ckpt, s.settings, s.header, *s.net, *s.sgd, p);
    }
    eval_seconds += since(t_eval);
    if (stop) break;
  }
  bar.finish();
  const auto t_test = std::chrono::steady_clock::now();
  if (s.text && p.next_iter == s.total) {
    const double test_loss = evaluateText(*s.net, s.text->test, p.next_iter - 1, s.cfg.seed).first;
    spdlog::info("test perplexity {:.2f} (loss {:.4f})", perplexity(test_loss), test_loss);
  }
  eval_seconds += since(t_test);
  if (s.observer) s.observer->onFinish();
  TrainResult result;
  result.epochs = p.epochs;
  result.iterations = p.next_iter;
  result.finished = p.next_iter == s.total;
  result.seconds = since(t0);
  result.eval_seconds = std::min(eval_seconds, result.seconds);
  const double images = static_cast<double>((p.next_iter - start) * s.cfg.batch);
  const double train_seconds = result.seconds - result.eval_seconds;
  result.images_per_second = train_seconds > 0 ? images / train_seconds : 0;
  if (result.finished && !out_dir.empty()) {
    TraceWriter w(out_dir + "/trace.jsonl", s.header);
    for (const auto& r : p.runs) w.appendRun(r.start, r.end, r.bits);
    for (const auto& m : p.epochs) w.metric(TraceMetric{m.epoch, metricsJson(m, s.text != nullptr)});
    w.close();
  }
  return result;
}

}  // namespace vpsim
