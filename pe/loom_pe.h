// LoomPe: a Loom PE (Sharify et al., 2017), both operands bit-serial. Each cycle every lane ANDs
// one bit of operand 0 with one bit of operand 1; a population count over the lanes (the adder
// tree) is shifted by the two bit positions. A plane pair involving exactly one signed MSB has
// negative weight. bits0 * bits1 cycles per step.
#pragma once

#include "pe/pe_core.h"

namespace vpsim {

class LoomPe : public PeCore {
 public:
  explicit LoomPe(PeConfig pe);

 protected:
  int64_t stepSum(const int32_t* op0, const int32_t* op1, int count) override;
  int64_t cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) override;  // plane pair

 private:
  int64_t chunkSum(const int32_t* op0, const int32_t* op1, int count) const;
};

}  // namespace vpsim
