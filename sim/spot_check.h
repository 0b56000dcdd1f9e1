// Bit-exact spot checks of co-simulation: every N iterations one quantized conv layer keeps its
// real integer codes (weights per output channel, input per tensor); a sampled forward tile (up
// to 8 output positions x 8 output channels of group 0, the full patch depth) is computed twice,
// by the trainer's integer GEMM and by the SystemC PE array in functional mode (real BitBrick /
// bit-plane arithmetic on the codes), and every output integer is compared. A mismatch stops the
// run with the layer, pass, bits and first differing element.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "sim/run_driver.h"
#include "workloads/train/gemm_layer.h"

namespace vpsim {

class SpotCheckError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SpotTile {
  int64_t m = 0, n = 0, k = 0;
  std::vector<int32_t> x;  // m x k input codes (im2col rows of interior output positions)
  std::vector<int32_t> s;  // k x n weight codes
  bool is_signed = false;  // symmetric grids: signed codes q - Z (the PEs' signed datapath); affine: unsigned
};

// The sampled forward tile of a conv layer from its kept codes; empty (m = 0) if it has none.
SpotTile sampleForwardTile(const GemmLayer& layer);

class SpotChecker {
 public:
  SpotChecker(std::shared_ptr<PassCoster> coster, int every);
  int layerFor(int64_t iter, const std::vector<LayerOp>& layers) const;  // -1: no check now
  // Throws SpotCheckError on the first mismatch; returns the number of integers compared.
  int64_t check(int64_t iter, const GemmLayer& layer);
  int64_t checks() const { return checks_; }

 private:
  std::shared_ptr<PassCoster> coster_;
  int every_;
  int64_t checks_ = 0;
};

}  // namespace vpsim
