// LDP's per-layer learnable precision (see ldp_schedule.h).
#include "workloads/train/ldp_schedule.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "traces/input_error.h"

namespace vpsim {

double BitopsCostModel::layerCost(size_t l, const Bits& bits) {
  if (l >= layers_.size() || !layers_[l].quantized) return 0.0;
  return static_cast<double>(layers_[l].macsPerSample()) * bits.w * bits.a;
}

LdpSchedule::LdpSchedule(ScheduleSpec spec, ScheduleContext ctx, std::shared_ptr<IterationCostModel> cost_model)
    : PrecisionSchedule(std::move(spec), std::move(ctx)), cost_model_(std::move(cost_model)) {
  const ScheduleSpec& s = spec_;
  if (s.kind != "ldp" || s.fwd.size() != 2 || !s.fwd_is_range || s.grad.size() != 1)
    throw InputError("schedule '" + s.text + "': LDP needs a forward range and one gradient width, e.g. ldp:3-8/8");
  lo_ = s.fwd[0], hi_ = s.fwd[1], grad_bits_ = s.grad[0];
  if (lo_ < 1 || hi_ > 16 || lo_ > hi_) throw InputError("schedule '" + s.text + "': LDP range must be within 1..16");
  n_ = s.param("N", hi_);
  alpha_ = s.param("alpha", 1.0);
  lr_ = s.param("lr", 0.1);
  if (s.has("target") && s.has("run_target"))
    throw InputError("schedule '" + s.text + "': give target (per iteration) or run_target (the run's mean), not both");
  run_level_ = s.has("run_target");
  const std::string key = run_level_ ? "run_target" : "target";
  const double target = s.param(key, 0.6);
  if (n_ <= 0 || lr_ < 0 || target <= 0)
    throw InputError("schedule '" + s.text + "': N, lr and " + key + " must be > 0");
  if (target > 1)
    throw InputError("schedule '" + s.text + "': " + key + " is a fraction of the static " + std::to_string(hi_) +
                     "-bit cost, in (0, 1]");
  if (!cost_model_) cost_model_ = std::make_shared<BitopsCostModel>(ctx_.layers);
  cost_model_->bindLayers(ctx_.layers);
  const double flat = s.param("flat", cost_model_->name() == "bitops" ? 0.0 : 0.05);
  if (flat < 0 || flat >= 1) throw InputError("schedule '" + s.text + "': flat must be in [0, 1)");
  beta_.assign(ctx_.layers.size(), hi_ / n_);
  std::vector<Bits> ref(ctx_.layers.size(), Bits{hi_, hi_, grad_bits_});
  static_cost_ = cost_model_->cost(ref);
  target_cost_ = target * static_cost_;  // T = target * T_static
  buildRunnableWidths(flat);
}

// Costs every quantized layer at every width once (memoized by the model) and decides which
// width each b runs as: the widest b' >= b within flat * span of cost(b), and what that one runs as.
void LdpSchedule::buildRunnableWidths(double flat) {
  const size_t L = ctx_.layers.size();
  width_cost_.assign(L, std::vector<double>(size_t(hi_) + 2, 0.0));
  runs_as_.assign(L, std::vector<int>(size_t(hi_) + 1, 0));
  std::string merged;
  for (size_t l = 0; l < L; ++l) {
    if (!ctx_.layers[l].quantized) continue;
    std::vector<double>& c = width_cost_[l];
    for (int b = std::max(lo_ - 1, 1); b <= hi_ + 1; ++b)
      c[size_t(b)] = cost_model_->layerCost(l, Bits{b, b, grad_bits_});
    const double span = std::max(c[size_t(hi_)] - c[size_t(lo_)], 0.0);
    for (int b = hi_; b >= lo_; --b) {  // from the top, so a width runs as a width that runs as itself
      int runs_as = b;
      for (int w = b + 1; w <= hi_; ++w)
        if (c[size_t(w)] - c[size_t(b)] <= flat * span) runs_as = runs_as_[l][size_t(w)];
      runs_as_[l][size_t(b)] = runs_as;
      if (runs_as != b) merged += fmt::format(" {}:{}->{}", ctx_.layers[l].name, b, runs_as);
    }
  }
  if (!merged.empty())
    spdlog::info("LDP: widths that save under {:g} of a layer's cost range run wider:{}", flat, merged);
}

double LdpSchedule::widthCost(size_t l, int b) const { return width_cost_[l][size_t(b)]; }

int LdpSchedule::bitsOf(size_t l) const {
  const int b = std::clamp(static_cast<int>(std::lround(beta_[l] * n_)), lo_, hi_);
  return ctx_.layers[l].quantized ? runs_as_[l][size_t(b)] : b;
}

// d cost / d bits at the width b a layer runs as: the secant between the runnable widths on either
// side. Without merged widths this is the central difference (cost(b+1) - cost(b-1)) / 2; above hi
// and below lo the raw widths hi+1 and lo-1 stand in, so the ends still feel the cost's slope.
double LdpSchedule::costGradient(size_t l, int b) const {
  int low = b;  // the narrowest width that runs as b
  while (low > lo_ && runs_as_[l][size_t(low - 1)] == b) --low;
  const int up = b + 1, down = low > lo_ ? low - 1 : std::max(lo_ - 1, 1);
  const double c_up = up <= hi_ ? widthCost(l, runs_as_[l][size_t(up)]) : widthCost(l, up);
  const double c_down = down >= lo_ ? widthCost(l, runs_as_[l][size_t(down)]) : widthCost(l, down);
  return (c_up - c_down) / (up - down);
}

// One iteration at a time, as update() adds them, so that a resumed run's sum is the same double.
void LdpSchedule::replayIterations(const std::vector<Bits>& bits, int64_t iterations) {
  const double c = cost_model_->cost(bits);
  for (int64_t i = 0; i < iterations; ++i) run_cost_sum_ += c, ++run_iters_;
}

Bits LdpSchedule::rawBits(int64_t, size_t layer) {
  const int b = bitsOf(layer);
  return Bits{b, b, grad_bits_};
}

void LdpSchedule::update(const std::vector<double>& task_signal) {
  std::vector<Bits> bits = bitsAt(0);  // layer rules applied; LDP's bits do not depend on iter
  const size_t L = ctx_.layers.size();
  last_cost_ = cost_model_->cost(bits);
  run_cost_sum_ += last_cost_, ++run_iters_;
  const bool cost_on = (run_level_ ? runMeanCost() : last_cost_) >= target_cost_;  // L_cost = C when C >= T
  std::vector<double> gt(L, 0.0), gc(L, 0.0);
  double mean_t = 0.0, mean_c = 0.0;
  int count = 0;
  for (size_t l = 0; l < L; ++l) {
    if (!ctx_.layers[l].quantized) continue;
    const double b = bits[l].w, p = std::pow(2.0, b);
    // d x_hat / d b = -(x_hat - x) * ln2 * 2^b / (2^b - 1) (straight-through rounding), times N for beta.
    gt[l] = task_signal[l] * -std::log(2.0) * p / (p - 1.0) * n_;
    if (cost_on) gc[l] = costGradient(l, bits[l].w) * n_;
    mean_t += std::fabs(gt[l]), mean_c += std::fabs(gc[l]), ++count;
  }
  if (count == 0) return;
  mean_t /= count, mean_c /= count;
  const double balance = alpha_ * mean_t / (mean_c + 1e-12);
  spdlog::debug("LDP: mean|G_T| {:.3g} mean|G_C| {:.3g} cost {:.3g} target {:.3g} beta0 {:.4f}", mean_t, mean_c,
                last_cost_, target_cost_, beta_[0]);  // G = G_T + alpha * G_C * mean|G_T|/mean|G_C|
  for (size_t l = 0; l < L; ++l) {
    if (!ctx_.layers[l].quantized) continue;
    beta_[l] -= lr_ * (gt[l] + balance * gc[l]);
    // Keep beta where rounding can still reach the range's ends: no drift past them.
    beta_[l] = std::clamp(beta_[l], (lo_ - 0.49) / n_, (hi_ + 0.49) / n_);
  }
}

}  // namespace vpsim
