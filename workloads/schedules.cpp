// Static, CPT, DPC, two-phase and random schedules.
#include "workloads/schedules.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cfenv>
#include <cmath>

#include "traces/input_error.h"

namespace vpsim {

namespace {
Bits fwdGrad(const ScheduleSpec& s, int fwd, int grad) { return Bits{s.w_override ? s.w_override : fwd, fwd, grad}; }

int64_t cptPeriod(const ScheduleSpec& s, const ScheduleContext& ctx) {
  const double cycles = s.param("cycles", 32);
  if (cycles < 1 || cycles != std::floor(cycles))
    throw InputError("schedule '" + s.text + "': cycles must be a positive integer");
  return std::max<int64_t>(1, ctx.iterations / static_cast<int64_t>(cycles));
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

Bits StaticSchedule::rawBits(int64_t, size_t) { return fwdGrad(spec_, spec_.fwd[0], spec_.grad[0]); }

CptSchedule::CptSchedule(ScheduleSpec spec, ScheduleContext ctx)
    : PrecisionSchedule(std::move(spec), std::move(ctx)), period_(cptPeriod(spec_, ctx_)) {}

int CptSchedule::cptBits(int64_t iter, int64_t period, int lo, int hi) {
  // rint under the default rounding mode: half to even (t mod T = T/2 with 3-8 bits gives 6).
  const double pos = static_cast<double>(iter % period) / static_cast<double>(period);
  const double b = lo + 0.5 * (hi - lo) * (1.0 - std::cos(M_PI * pos));
  return static_cast<int>(std::nearbyint(b));
}

Bits CptSchedule::rawBits(int64_t iter, size_t) {
  return fwdGrad(spec_, cptBits(iter, period_, spec_.fwd[0], spec_.fwd[1]), spec_.grad[0]);
}

DpcSchedule::DpcSchedule(ScheduleSpec spec, ScheduleContext ctx) : PrecisionSchedule(std::move(spec), std::move(ctx)) {
  const int lo = spec_.fwd[0], hi = spec_.fwd[1];
  const bool by_macs = spec_.params.count("capacity") && spec_.params.at("capacity") == "macs";
  if (spec_.params.count("capacity") && !by_macs && spec_.params.at("capacity") != "params")
    throw InputError("schedule '" + spec_.text + "': capacity must be params or macs");
  std::vector<double> cap;
  for (const auto& l : ctx_.layers)
    cap.push_back(std::log(static_cast<double>(by_macs ? l.macsPerSample() : l.params())));
  const auto [mn, mx] = std::minmax_element(cap.begin(), cap.end());
  for (double c : cap) {
    const double frac = *mx > *mn ? (c - *mn) / (*mx - *mn) : 0.0;  // 0 = smallest layer
    ceiling_.push_back(static_cast<int>(std::nearbyint(hi - frac * (hi - lo))));
  }
  cpt_min_ = static_cast<int>(spec_.intParam("cpt_min", 0, 0, 32));
  if (cpt_min_ > lo) throw InputError("schedule '" + spec_.text + "': cpt_min must be in 1..low bits");
  if (cpt_min_ > 0) period_ = cptPeriod(spec_, ctx_);
}

Bits DpcSchedule::rawBits(int64_t iter, size_t layer) {
  const int ceil = ceiling_[layer];
  const int fwd = cpt_min_ > 0 ? CptSchedule::cptBits(iter, period_, cpt_min_, ceil) : ceil;
  return fwdGrad(spec_, fwd, spec_.grad[0]);
}

TwoPhaseSchedule::TwoPhaseSchedule(ScheduleSpec spec, ScheduleContext ctx)
    : PrecisionSchedule(std::move(spec), std::move(ctx)) {
  const double frac = spec_.param("switch", 0.5);
  if (frac < 0 || frac > 1) throw InputError("schedule '" + spec_.text + "': switch must be a fraction in [0, 1]");
  switch_iter_ = spec_.intParam("switch_iter", std::llround(frac * double(ctx_.iterations)), 0, kMaxScheduleInteger);
  underflow_limit_ = spec_.param("underflow", 0.0);
  window_ = spec_.intParam("window", 20, 1, kMaxScheduleInteger);
  if (underflow_limit_ < 0 || underflow_limit_ >= 1 || window_ < 1)
    throw InputError("schedule '" + spec_.text + "': underflow must be in [0, 1) and window >= 1");
  if (underflow_limit_ > 0) {
    if (!ctx_.loss_feedback)
      throw InputError("schedule '" + spec_.text + "': underflow= switches on the trainer's gradients (vpsim train)");
    if (!spec_.params.count("switch") && !spec_.params.count("switch_iter")) switch_iter_ = ctx_.iterations;
  }
}

void TwoPhaseSchedule::observeGradients(int64_t iter, double underflow) {
  if (iter >= switch_iter_) return;
  recent_.push_back(underflow);
  if (static_cast<int64_t>(recent_.size()) > window_) recent_.erase(recent_.begin());
  double mean = 0;
  for (double u : recent_) mean += u;
  mean /= static_cast<double>(recent_.size());
  spdlog::debug("two-phase: iteration {} gradient underflow {:.4f}, window mean {:.4f}", iter, underflow, mean);
  if (static_cast<int64_t>(recent_.size()) == window_ && mean > underflow_limit_) {
    switch_iter_ = iter + 1;
    spdlog::info("two-phase: gradient underflow {:.3f} > {:g} over {} iterations: full precision from iteration {}",
                 mean, underflow_limit_, window_, switch_iter_);
  }
}

Bits TwoPhaseSchedule::rawBits(int64_t iter, size_t) {
  return iter < switch_iter_ ? fwdGrad(spec_, spec_.fwd[0], spec_.grad[0]) : Bits{32, 32, 32};
}

RandomSchedule::RandomSchedule(ScheduleSpec spec, ScheduleContext ctx)
    : PrecisionSchedule(std::move(spec), std::move(ctx)) {
  k_ = spec_.intParam("k", 10, 1, kMaxScheduleInteger);
  per_layer_ = spec_.intParam("per_layer", 0, 0, 1) != 0;
  // A negative seed is as good as any: its two's-complement bits.
  seed_ = spec_.has("seed")
              ? static_cast<uint64_t>(spec_.intParam("seed", 0, -kMaxScheduleInteger, kMaxScheduleInteger))
              : ctx_.seed;
}

Bits RandomSchedule::rawBits(int64_t iter, size_t layer) {
  const uint64_t block = static_cast<uint64_t>(iter / k_);
  const uint64_t h = splitmix64(seed_ ^ splitmix64(block * 1315423911ULL + (per_layer_ ? layer + 1 : 0)));
  return fwdGrad(spec_, spec_.fwd[h % spec_.fwd.size()], spec_.grad[0]);
}

}  // namespace vpsim
