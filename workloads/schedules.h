// The data-independent schedules and PFQ (methods.md sections 3-5, 7, 8). Built by makeSchedule.
#pragma once

#include <random>

#include "workloads/precision_schedule.h"

namespace vpsim {

// Constant bits (SBM baseline, usually 8/8).
class StaticSchedule : public PrecisionSchedule {
 public:
  using PrecisionSchedule::PrecisionSchedule;

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;
};

// CPT: cosine ramp from lo to hi in every period T = floor(iterations / cycles), then back to lo.
class CptSchedule : public PrecisionSchedule {
 public:
  CptSchedule(ScheduleSpec spec, ScheduleContext ctx);
  static int cptBits(int64_t iter, int64_t period, int lo, int hi);

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  int64_t period_;
};

// DPC: per-layer bits from capacity (parameter count), log-scaled: the largest layer gets lo, the
// smallest hi. With cpt_min=B each layer also cycles CPT-style between B and its DPC bits.
class DpcSchedule : public PrecisionSchedule {
 public:
  DpcSchedule(ScheduleSpec spec, ScheduleContext ctx);
  const std::vector<int>& layerBits() const { return ceiling_; }

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  std::vector<int> ceiling_;
  int cpt_min_ = 0;
  int64_t period_ = 1;
};

// Two-phase: the given bits until the switch iteration, full precision (32) after it. The switch is
// a fraction of the run (switch=0.5) or an iteration (switch_iter=N), or, with underflow=F (needs
// the trainer), the gradient-statistics rule of Moini et al.'s future work: switch once the mean
// fraction of errors too small for the fixed-point grid, over the last `window` iterations (20),
// passes F: low precision has stopped carrying the gradients.
class TwoPhaseSchedule : public PrecisionSchedule {
 public:
  TwoPhaseSchedule(ScheduleSpec spec, ScheduleContext ctx);
  bool wantsGradientStats() const override { return underflow_limit_ > 0; }
  void observeGradients(int64_t iter, double underflow) override;

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  int64_t switch_iter_;
  double underflow_limit_ = 0;  // > 0: switch when the windowed underflow passes it
  int64_t window_ = 20;
  std::vector<double> recent_;  // the last window_ underflow fractions
};

// Random: forward bits drawn uniformly from a set, redrawn every k iterations (per layer with
// per_layer=1), seeded; the draw of block j depends only on (seed, j, layer), not on call order.
class RandomSchedule : public PrecisionSchedule {
 public:
  RandomSchedule(ScheduleSpec spec, ScheduleContext ctx);

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  int64_t k_;
  bool per_layer_;
  uint64_t seed_;
};

// PFQ: stage k uses (fwd[k], grad[k]). Turning points given (turns=I1/I2/...) or detected from
// losses (windows of `window` iterations; eps, alpha as in FracTrain).
class PfqSchedule : public PrecisionSchedule {
 public:
  PfqSchedule(ScheduleSpec spec, ScheduleContext ctx);
  void observeLoss(int64_t iter, double loss) override;
  int stage() const { return stage_; }
  const std::vector<int64_t>& turningPoints() const { return turns_; }

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  void endWindow(int64_t iter);
  std::vector<int64_t> turns_;
  bool detect_;
  int stage_ = 0;
  double eps_, alpha_, window_sum_ = 0, scale_sum_ = 0, scale_ = 0;
  int64_t window_, window_fill_ = 0, windows_ = 0, turn_count_ = 0;
  std::vector<double> last_;
};

// Replays the bits recorded in another trace (same number of layers).
class FileSchedule : public PrecisionSchedule {
 public:
  FileSchedule(ScheduleSpec spec, ScheduleContext ctx);

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  std::vector<std::pair<int64_t, std::vector<Bits>>> runs_;  // (end, bits), ascending
  size_t cursor_ = 0;
};

}  // namespace vpsim
