// BitParallelPe: a fixed-width bit-parallel MAC (the INT8 / INT16 systolic-array cell). Operands
// that fit the multiplier take one cycle; wider ones (when wide_operands = multi_cycle) are split
// into width-bit chunks whose partial products are shifted and added over several cycles.
#pragma once

#include "pe/pe_core.h"

namespace vpsim {

class BitParallelPe : public PeCore {
 public:
  explicit BitParallelPe(PeConfig pe);

 protected:
  int64_t stepSum(const int32_t* op0, const int32_t* op1, int count) override;
  int64_t cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) override;  // chunk pair
  void onConfigure() override;

 private:
  int64_t chunked(int32_t a, int32_t b) const;
  int chunks0_ = 1, chunks1_ = 1;
};

}  // namespace vpsim
