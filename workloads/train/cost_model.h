// IterationCostModel: the cost of one training iteration at given per-layer bits, as LDP's cost
// loss sees it (methods.md section 6). The trainer ships the BitOPs model of the paper; the
// simulator (sim/) implements this interface with cycles or energy of the same bits on a chosen
// accelerator and hands it to the trainer (co-simulation). workloads/ never includes sim/.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "traces/layer_op.h"

namespace vpsim {

class IterationCostModel {
 public:
  virtual ~IterationCostModel() = default;
  // One layer's share of an iteration's cost at `bits` (layer index in zoo order). Any unit: LDP
  // compares iteration costs with a target expressed as a fraction of cost(static 8-bit) and a
  // layer's costs at different widths with each other. Called often: memoize if expensive.
  virtual double layerCost(size_t layer, const Bits& bits) = 0;
  virtual std::string name() const = 0;
  // The trainer's layer list (zoo order), handed over before any cost is asked: the model a cost
  // model was built for may have other widths (a language model's vocabulary, a reduced width).
  virtual void bindLayers(const std::vector<LayerOp>& layers) {}
  // Cost of one iteration with `bits` (one entry per layer): the sum of the layers' shares.
  double cost(const std::vector<Bits>& bits) {
    double total = 0.0;
    for (size_t l = 0; l < bits.size(); ++l) total += layerCost(l, bits[l]);
    return total;
  }
};

// The paper's cost: forward BitOPs per sample of the quantized layers, sum_l MAC_l * w_l * a_l
// (equal to sum_l O_l * (b_l/32)^2 with O_l the FP32 forward BitOPs, up to the constant 32^2).
class BitopsCostModel : public IterationCostModel {
 public:
  explicit BitopsCostModel(std::vector<LayerOp> layers) : layers_(std::move(layers)) {}
  double layerCost(size_t layer, const Bits& bits) override;
  std::string name() const override { return "bitops"; }

 private:
  std::vector<LayerOp> layers_;
};

}  // namespace vpsim
