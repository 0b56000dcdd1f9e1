// BitFusionPe: brick decomposition and shift-add fusion. The temporal passes of 16-bit operands
// reuse the same bricks over several cycles; arithmetically they are more digit pairs.
#include "pe/bit_fusion_pe.h"

#include "pe/digits.h"

namespace vpsim {

BitFusionPe::BitFusionPe(PeConfig pe) : PeCore(std::move(pe)) { onConfigure(); }

void BitFusionPe::onConfigure() {
  digits0_ = bitFusionRound(mac_.bits0, pe_.brick_bits) / pe_.brick_bits;
  digits1_ = bitFusionRound(mac_.bits1, pe_.brick_bits) / pe_.brick_bits;
}

int64_t BitFusionPe::fuse(const int32_t* x, const int32_t* y) const {
  const int b = pe_.brick_bits;
  int64_t sum = 0;
  for (int i = 0; i < digits0_; ++i) {
    int64_t row = 0;  // one row of the shift-add tree: digit x[i] against every digit of y
    for (int j = 0; j < digits1_; ++j) row += shiftLeft(bitBrick(x[i], y[j]), b * j);
    sum += shiftLeft(row, b * i);
  }
  return sum;
}

int64_t BitFusionPe::stepSum(const int32_t* op0, const int32_t* op1, int count) {
  int32_t x[16], y[16];
  int64_t total = 0;  // the fused PEs of one unit feed one adder tree: one sum per step
  for (int p = 0; p < count; ++p) {
    splitDigits(in0(op0[p]), pe_.brick_bits, digits0_, mac_.signed0, x);
    splitDigits(in1(op1[p]), pe_.brick_bits, digits1_, mac_.signed1, y);
    total += fuse(x, y);
  }
  return total;
}

}  // namespace vpsim
