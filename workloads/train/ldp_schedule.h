// LDP, learnable dynamic precision (methods.md section 6): a learnable beta per quantized layer,
// bits = clamp(round(beta * N), lo, hi) for weights and activations, gradient bits fixed. After
// each backward pass the trainer hands over every layer's task-loss precision signal; LdpSchedule
// adds the cost-loss gradient (cost model of cost_model.h, target T = target * cost(static hi
// bits)), balances the two (alpha) and takes an SGD step on beta. Spec: "ldp:3-8/8,target=0.6,
// alpha=1,lr=0.1" (optional N=, default hi; beta starts at hi/N).
//
// Which cost the target bounds: `target=` is the paper's, a bound on the current iteration's forward
// cost (the cost loss is on while this iteration costs >= T). Since beta starts at hi, the run as a
// whole spends more than T while beta comes down (an epoch at target 0.6 used 0.73 of static 8/8).
// `run_target=` bounds the run's mean cost instead: the cost loss stays on while the mean over the
// iterations so far is >= T, so the layers go below T until the run has paid back what it spent.
//
// Hardware-aware widths (flat=): a layer never runs at a width that saves (almost) nothing over a
// wider one. Width b runs as the widest b' in b..hi whose cost exceeds cost(b) by at most
// flat * (cost(hi) - cost(lo)) of that layer; on Bit Fusion's cycles, 5..7 run as 8 and 3 as 4.
// The cost gradient is then the secant across the neighbouring runnable widths, so a layer pushed
// down from 8 feels the step to 4, not the flat 8 -> 7. Default flat: 0 for BitOPs (the paper's LDP,
// every width differs), 0.05 for a cost from the hardware.
#pragma once

#include <memory>

#include "workloads/precision_schedule.h"
#include "workloads/train/cost_model.h"

namespace vpsim {

class LdpSchedule : public PrecisionSchedule {
 public:
  // cost_model may be null: the BitOPs model of the paper is used.
  LdpSchedule(ScheduleSpec spec, ScheduleContext ctx, std::shared_ptr<IterationCostModel> cost_model);

  // task_signal[l] = GemmLayer::precision_grad of layer l (ignored for unquantized layers).
  void update(const std::vector<double>& task_signal);

  std::vector<double>& betas() { return beta_; }  // checkpointed
  // d cost / d bits of `layer` running at width b, as the update sees it (b: a width layers run as).
  double costGradient(size_t layer, int b) const;
  double lastCost() const { return last_cost_; }
  double target() const { return target_cost_; }
  bool runLevel() const { return run_level_; }
  double staticCost() const { return static_cost_; }  // T_static: every quantized layer at hi bits
  // The mean cost of the iterations updated (or replayed) so far; 0 before the first.
  double runMeanCost() const { return run_iters_ ? run_cost_sum_ / double(run_iters_) : 0.0; }
  // On resume: the iterations already trained at `bits` (a trace run) count towards the run's mean.
  void replayIterations(const std::vector<Bits>& bits, int64_t iterations);
  int lo() const { return lo_; }
  int hi() const { return hi_; }

 protected:
  Bits rawBits(int64_t iter, size_t layer) override;

 private:
  int bitsOf(size_t layer) const;
  void buildRunnableWidths(double flat);
  double widthCost(size_t layer, int b) const;  // layer cost at w = a = b (b in max(lo-1,1)..hi+1)
  std::shared_ptr<IterationCostModel> cost_model_;
  std::vector<std::vector<double>> width_cost_;  // [layer][b]
  std::vector<std::vector<int>> runs_as_;        // [layer][b]: the width b runs as (b in lo..hi)
  std::vector<double> beta_;
  int lo_ = 3, hi_ = 8, grad_bits_ = 8;
  double n_ = 8, alpha_ = 1, lr_ = 0.1, target_cost_ = 0, last_cost_ = 0, static_cost_ = 0;
  bool run_level_ = false;  // run_target: the cost loss follows the run's mean cost
  double run_cost_sum_ = 0;
  int64_t run_iters_ = 0;
};

}  // namespace vpsim
