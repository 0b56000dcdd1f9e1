// LDP's per-layer learnable precision (see ldp_schedule.h).
#include "workloads/train/ldp_schedule.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

#include "traces/input_error.h"

namespace vpsim {

double BitopsCostModel::cost(const std::vector<Bits>& bits) {
  double c = 0.0;
  for (size_t l = 0; l < layers_.size() && l < bits.size(); ++l)
    if (layers_[l].quantized) c += static_cast<double>(layers_[l].macsPerSample()) * bits[l].w * bits[l].a;
  return c;
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
  const double target = s.param("target", 0.6);
  if (n_ <= 0 || lr_ < 0 || target <= 0) throw InputError("schedule '" + s.text + "': N, lr and target must be > 0");
  if (!cost_model_) cost_model_ = std::make_shared<BitopsCostModel>(ctx_.layers);
  beta_.assign(ctx_.layers.size(), hi_ / n_);
  std::vector<Bits> ref(ctx_.layers.size(), Bits{hi_, hi_, grad_bits_});
  target_cost_ = target * cost_model_->cost(ref);  // T = target * T_static
}

int LdpSchedule::bitsOf(size_t l) const {
  return std::clamp(static_cast<int>(std::lround(beta_[l] * n_)), lo_, hi_);
}

Bits LdpSchedule::rawBits(int64_t, size_t layer) {
  const int b = bitsOf(layer);
  return Bits{b, b, grad_bits_};
}

void LdpSchedule::update(const std::vector<double>& task_signal) {
  std::vector<Bits> bits = bitsAt(0);  // layer rules applied; LDP's bits do not depend on iter
  const size_t L = ctx_.layers.size();
  last_cost_ = cost_model_->cost(bits);
  std::vector<double> gt(L, 0.0), gc(L, 0.0);
  double mean_t = 0.0, mean_c = 0.0;
  int count = 0;
  for (size_t l = 0; l < L; ++l) {
    if (!ctx_.layers[l].quantized) continue;
    const double b = bits[l].w, p = std::pow(2.0, b);
    // d x_hat / d b = -(x_hat - x) * ln2 * 2^b / (2^b - 1) (straight-through rounding), times N for beta.
    gt[l] = task_signal[l] * -std::log(2.0) * p / (p - 1.0) * n_;
    if (last_cost_ >= target_cost_) {  // L_cost = C when C >= T, else 0
      // Cost gradient from the model itself: a difference between neighbouring widths.
      const int up = std::min(bits[l].w + 1, hi_ + 1), down = std::max(bits[l].w - 1, 1);
      std::vector<Bits> bu = bits, bd = bits;
      bu[l].w = bu[l].a = up, bd[l].w = bd[l].a = down;
      gc[l] = (cost_model_->cost(bu) - cost_model_->cost(bd)) / (up - down) * n_;
    }
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
