// BitParallelPe: one multiplier activation per chunk pair.
#include "pe/bit_parallel_pe.h"

#include "pe/digits.h"

namespace vpsim {

BitParallelPe::BitParallelPe(PeConfig pe) : PeCore(std::move(pe)) { onConfigure(); }

void BitParallelPe::onConfigure() {
  chunks0_ = static_cast<int>(ceilDiv(mac_.bits0, pe_.width));
  chunks1_ = static_cast<int>(ceilDiv(mac_.bits1, pe_.width));
}

int64_t BitParallelPe::chunked(int32_t a, int32_t b) const {
  int32_t x[16], y[16];
  splitDigits(a, pe_.width, chunks0_, mac_.signed0, x);
  splitDigits(b, pe_.width, chunks1_, mac_.signed1, y);
  int64_t sum = 0;
  for (int i = 0; i < chunks0_; ++i)  // one cycle per chunk pair through the width x width multiplier
    for (int j = 0; j < chunks1_; ++j) sum += shiftLeft(int64_t(x[i]) * y[j], pe_.width * (i + j));
  return sum;
}

int64_t BitParallelPe::stepSum(const int32_t* op0, const int32_t* op1, int count) {
  int64_t sum = 0;
  const bool single = chunks0_ == 1 && chunks1_ == 1;
  for (int p = 0; p < count; ++p)
    sum += single ? int64_t(in0(op0[p])) * in1(op1[p]) : chunked(in0(op0[p]), in1(op1[p]));
  return sum;
}

int64_t BitParallelPe::cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) {
  if (chunks0_ == 1 && chunks1_ == 1) return cycle == 0 ? stepSum(op0, op1, count) : 0;
  const int i = cycle / chunks1_, j = cycle % chunks1_;
  int32_t x[16], y[16];
  int64_t sum = 0;
  for (int p = 0; p < count; ++p) {
    splitDigits(in0(op0[p]), pe_.width, chunks0_, mac_.signed0, x);
    splitDigits(in1(op1[p]), pe_.width, chunks1_, mac_.signed1, y);
    sum += shiftLeft(int64_t(x[i]) * y[j], pe_.width * (i + j));
  }
  return sum;
}

}  // namespace vpsim
