// ReferencePe: the plain integer MAC the tests compare every other PE against. No datapath
// structure, no operand truncation: sum += a * b, one product per step and per cycle.
#pragma once

#include "pe/pe_core.h"

namespace vpsim {

class ReferencePe : public PeCore {
 public:
  explicit ReferencePe(PeConfig pe) : PeCore(std::move(pe)) {}

 protected:
  int64_t stepSum(const int32_t* op0, const int32_t* op1, int count) override {
    int64_t sum = 0;
    for (int p = 0; p < count; ++p) sum += int64_t(op0[p]) * op1[p];
    return sum;
  }
};

}  // namespace vpsim
