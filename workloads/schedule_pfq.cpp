// PFQ (FracTrain's progressive fractional quantization) and replay of a recorded trace.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "traces/input_error.h"
#include "traces/trace_reader.h"
#include "workloads/schedules.h"

namespace vpsim {

PfqSchedule::PfqSchedule(ScheduleSpec spec, ScheduleContext ctx) : PrecisionSchedule(std::move(spec), std::move(ctx)) {
  if (spec_.grad.size() != 1 && spec_.grad.size() != spec_.fwd.size())
    throw InputError("schedule '" + spec_.text + "': give one gradient width or one per stage");
  eps_ = spec_.param("eps", 0.05);
  alpha_ = spec_.param("alpha", 0.3);
  window_ = spec_.intParam("window", 400, 1, kMaxScheduleInteger);
  if (window_ < 1 || eps_ <= 0 || alpha_ <= 0)
    throw InputError("schedule '" + spec_.text + "': eps, alpha, window must be > 0");
  if (spec_.has("turns")) {
    std::stringstream ss(spec_.params.at("turns"));
    std::string tok;
    while (std::getline(ss, tok, '/')) {
      size_t used = 0;
      int64_t turn = -1;
      try {
        turn = std::stoll(tok, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != tok.size() || turn < 0)  // "12abc" is no iteration 12
        throw InputError("schedule '" + spec_.text +
                         "': turns must be iterations (integers >= 0) separated by '/', got '" + tok + "'");
      turns_.push_back(turn);
    }
    if (turns_.size() + 1 != spec_.fwd.size() || !std::is_sorted(turns_.begin(), turns_.end()))
      throw InputError("schedule '" + spec_.text + "': turns needs " + std::to_string(spec_.fwd.size() - 1) +
                       " increasing iterations (one per stage change)");
  } else if (!ctx_.loss_feedback) {
    throw InputError("schedule '" + spec_.text +
                     "': without a trainer PFQ needs its turning points, e.g. turns=8000/16000/24000");
  }
  detect_ = turns_.empty();
}

Bits PfqSchedule::rawBits(int64_t iter, size_t) {
  int k = stage_;
  if (!detect_) k = static_cast<int>(std::upper_bound(turns_.begin(), turns_.end(), iter) - turns_.begin());
  const int g = spec_.grad.size() == 1 ? spec_.grad[0] : spec_.grad[k];
  return Bits{spec_.w_override ? spec_.w_override : spec_.fwd[k], spec_.fwd[k], g};
}

void PfqSchedule::observeLoss(int64_t iter, double loss) {
  if (!detect_) return;
  window_sum_ += loss;
  if (++window_fill_ == window_) endWindow(iter);
}

// FracTrain's indicator: window loss = sum / iterations-per-epoch; scale S = mean of the first ten
// window losses; a turning point when the last five differ from the newest by at most eps * S.
void PfqSchedule::endWindow(int64_t iter) {
  const double loss = window_sum_ / static_cast<double>(ctx_.iterations_per_epoch);
  window_sum_ = 0, window_fill_ = 0, ++windows_;
  if (windows_ <= 10) scale_sum_ += loss;
  if (windows_ == 10) scale_ = scale_sum_ / 10.0;
  last_.push_back(loss);
  if (last_.size() > 5) last_.erase(last_.begin());
  if (scale_ <= 0 || last_.size() < 5 || stage_ + 1 >= static_cast<int>(spec_.fwd.size())) return;
  for (size_t i = 0; i < 4; ++i)
    if (std::fabs(last_[i] - last_[4]) / scale_ > eps_) return;
  ++stage_;
  turns_.push_back(iter + 1);
  if (++turn_count_ <= 2) eps_ *= alpha_;
  last_.clear();
}

FileSchedule::FileSchedule(ScheduleSpec spec, ScheduleContext ctx)
    : PrecisionSchedule(std::move(spec), std::move(ctx)) {
  TraceReader r(spec_.path);
  if (r.header().layers.size() != ctx_.layers.size())
    throw InputError(spec_.path + ": schedule file has " + std::to_string(r.header().layers.size()) +
                     " layers, the model has " + std::to_string(ctx_.layers.size()));
  TraceRun run;
  while (r.next(run)) runs_.emplace_back(run.end, run.bits);
  if (r.header().iterations < ctx_.iterations)
    throw InputError(spec_.path + ": schedule file covers " + std::to_string(r.header().iterations) +
                     " iterations, the run needs " + std::to_string(ctx_.iterations));
}

Bits FileSchedule::rawBits(int64_t iter, size_t layer) {
  if (cursor_ < runs_.size() && iter < (cursor_ ? runs_[cursor_ - 1].first : 0)) cursor_ = 0;  // rewound
  while (runs_[cursor_].first <= iter) ++cursor_;
  return runs_[cursor_].second[layer];
}

}  // namespace vpsim
