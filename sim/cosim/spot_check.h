// Bit-exact spot checks of co-simulation: every N iterations one quantized conv layer keeps its
// real integer codes (weights per output channel, input and errors per tensor) and one of its three
// training GEMMs, in turn fwd, bwd_data, bwd_weight, is sampled: up to 8 x 8 outputs over the full
// reduction of that pass (fwd: output positions x channels over the patch; bwd_data: positions x
// patch elements over the output channels; bwd_weight: channels x centre taps over every position
// of sample 0). The sampled operands run as a pass through the SystemC accelerator in the run's
// fidelity (PassSimulator::simulateValues: BitBrick / bit-plane arithmetic on the codes), and every
// output integer is compared with the trainer's own GEMM kernel on the same codes in the layer's
// operand layout (trainerCodeGemm). A mismatch stops the run with the iteration, layer, pass, bits
// and first differing element.
#pragma once

#include <array>
#include <memory>
#include <stdexcept>
#include <string>

#include "sim/arch/pass_values.h"
#include "sim/run/run_driver.h"
#include "workloads/train/gemm_layer.h"

namespace vpsim {

class SpotCheckError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SpotTile {
  GemmPass gemm;                 // the sampled pass: groups 1, m x n outputs, reduction k
  int b0 = 0, b1 = 0;            // operand widths (passOperandBits)
  GemmValues values;             // op0 (k x n) and op1 (m x k) codes; signed for symmetric grids
  std::vector<int64_t> trainer;  // m x n: the trainer's GEMM kernel on the same codes
  bool empty() const { return gemm.m == 0; }
};

// The sampled tile of one pass of a conv layer from its kept codes; empty if it has none.
SpotTile sampleTile(const GemmLayer& layer, Pass pass);

class SpotChecker {
 public:
  SpotChecker(std::shared_ptr<PassCoster> coster, int every);
  int layerFor(int64_t iter, const std::vector<LayerOp>& layers) const;  // -1: no check now
  Pass passFor(int64_t iter, const GemmLayer& layer) const;              // fwd, bwd_data, bwd_weight in turn
  // Throws SpotCheckError on the first mismatch; returns the number of integers compared.
  int64_t check(int64_t iter, const GemmLayer& layer);
  int64_t check(int64_t iter, const GemmLayer& layer, Pass pass);
  int64_t checks() const { return checks_; }
  int64_t checks(Pass p) const { return per_pass_[size_t(p)]; }

 private:
  std::shared_ptr<PassCoster> coster_;
  int every_;
  int64_t checks_ = 0;
  std::array<int64_t, 3> per_pass_{};
};

}  // namespace vpsim
