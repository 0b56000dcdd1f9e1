// TrainObserver: what a co-simulation (sim/) sees of a training run, without workloads/ knowing
// about sim/: the bits of every iteration, in order (replayed from the checkpoint on resume, so an
// observer always sees iterations 0, 1, 2, ...), and the end of every epoch.
#pragma once

#include <cstdint>
#include <vector>

#include "traces/layer_op.h"

namespace vpsim {

struct EpochMetrics;
class GemmLayer;

class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  virtual void onIteration(int64_t iter, const std::vector<Bits>& bits) = 0;
  virtual void onEpoch(const EpochMetrics& metrics) = 0;
  virtual void onFinish() {}
  // Bit-exact spot checks: the layer (index) whose integer codes the observer wants from this
  // iteration's forward pass, or -1; the trainer then hands the layer over after the iteration.
  virtual int codesLayer(int64_t iter) { return -1; }
  virtual void onCodes(int64_t iter, const GemmLayer& layer) {}
};

}  // namespace vpsim
