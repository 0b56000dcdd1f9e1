// BitFusionPe: brick decomposition and shift-add fusion. The temporal passes of 16-bit operands
// reuse the same bricks over several cycles; arithmetically they are more digit pairs. The digit
// counts are fixed per configuration, so the common 2-bit-brick shapes use unrolled kernels
// (same arithmetic, compile-time loop bounds) for the co-simulation throughput target.
#include "pe/bit_fusion_pe.h"

#include <type_traits>

#include "pe/digits.h"

namespace vpsim {

BitFusionPe::BitFusionPe(PeConfig pe) : PeCore(std::move(pe)) { onConfigure(); }

void BitFusionPe::onConfigure() {
  digits0_ = bitFusionRound(mac_.bits0, pe_.brick_bits) / pe_.brick_bits;
  digits1_ = bitFusionRound(mac_.bits1, pe_.brick_bits) / pe_.brick_bits;
  kernel_ = pickKernel(pe_.brick_bits, digits0_, digits1_);
  batch_ = pickBatch(pe_.brick_bits, digits0_, digits1_);
}

int64_t BitFusionPe::stepSum(const int32_t* op0, const int32_t* op1, int count) {
  return (this->*kernel_)(op0, op1, count);
}

// Digits x (of operand 0) and y (of operand 1) through the BitBricks and the shift-add tree.
template <int D0, int D1>
static inline int64_t fuseDigits(const int32_t* x, const int32_t* y, int b) {
  // A row of the shift-add tree spans at most D1 * b + 2b bits; 32-bit rows suffice up to 8 digits.
  int64_t sum = 0;
  for (int i = 0; i < D0; ++i) {
    int32_t row = 0;  // one row of the shift-add tree: digit x[i] against every digit of y
    for (int j = 0; j < D1; ++j)
      row += static_cast<int32_t>(static_cast<uint32_t>(BitFusionPe::bitBrick(x[i], y[j])) << (b * j));
    sum += shiftLeft(row, b * i);
  }
  return sum;
}

template <int D0, int D1>
int64_t BitFusionPe::fixedSum(const int32_t* op0, const int32_t* op1, int count) const {
  int32_t x[D0], y[D1];
  int64_t total = 0;  // the fused PEs of one unit feed one adder tree: one sum per step
  for (int p = 0; p < count; ++p) {
    splitDigits(in0(op0[p]), 2, D0, mac_.signed0, x);
    splitDigits(in1(op1[p]), 2, D1, mac_.signed1, y);
    total += fuseDigits<D0, D1>(x, y, 2);
  }
  return total;
}

template <int D0, int D1>
void BitFusionPe::fixedSums(const int32_t* op0, const int32_t* op1, size_t n, int64_t* sums) const {
  const size_t P = static_cast<size_t>(tp_.products_per_step);
  int32_t x[D0], y[D1];
  for (size_t s = 0, p = 0; p < n; ++s) {
    int64_t total = 0;
    for (const size_t end = std::min(n, p + P); p < end; ++p) {
      splitDigits(in0(op0[p]), 2, D0, mac_.signed0, x);
      splitDigits(in1(op1[p]), 2, D1, mac_.signed1, y);
      total += fuseDigits<D0, D1>(x, y, 2);
    }
    sums[s] = total;
  }
}

void BitFusionPe::stepSums(const int32_t* op0, const int32_t* op1, size_t n, int64_t* sums) {
  if (batch_ == nullptr) return PeCore::stepSums(op0, op1, n, sums);
  (this->*batch_)(op0, op1, n, sums);
}

// Temporal pass `cycle`: the unit's bricks take the digit group cycle / t1 of operand 0 against
// the digit group cycle % t1 of operand 1 (a group = max_bits / brick_bits digits).
int64_t BitFusionPe::cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) {
  if (tp_.cycles_per_step == 1) return stepSum(op0, op1, count);  // one pass: the unrolled kernel
  const int b = pe_.brick_bits, g0 = std::min(digits0_, pe_.max_bits / b), g1 = std::min(digits1_, pe_.max_bits / b);
  const int t1 = digits1_ / g1, i0 = (cycle / t1) * g0, j0 = (cycle % t1) * g1;
  int32_t x[16], y[16];
  int64_t total = 0;
  for (int p = 0; p < count; ++p) {
    splitDigits(in0(op0[p]), b, digits0_, mac_.signed0, x);
    splitDigits(in1(op1[p]), b, digits1_, mac_.signed1, y);
    for (int i = i0; i < i0 + g0; ++i)
      for (int j = j0; j < j0 + g1; ++j) total += shiftLeft(bitBrick(x[i], y[j]), b * (i + j));
  }
  return total;
}

int64_t BitFusionPe::genericSum(const int32_t* op0, const int32_t* op1, int count) const {
  const int b = pe_.brick_bits;
  int32_t x[16], y[16];
  int64_t total = 0;
  for (int p = 0; p < count; ++p) {
    splitDigits(in0(op0[p]), b, digits0_, mac_.signed0, x);
    splitDigits(in1(op1[p]), b, digits1_, mac_.signed1, y);
    int64_t sum = 0;
    for (int i = 0; i < digits0_; ++i) {
      int64_t row = 0;
      for (int j = 0; j < digits1_; ++j) row += shiftLeft(bitBrick(x[i], y[j]), b * j);
      sum += shiftLeft(row, b * i);
    }
    total += sum;
  }
  return total;
}

namespace {

// f(std::integral_constant<int, D0>{}, std::integral_constant<int, D1>{}) for the digit counts the
// unrolled kernels are instantiated for (1, 2, 4 or 8 each); `other` for any other pair.
template <typename R, typename F>
R byDigitCounts(int d0, int d1, R other, F f) {
  const auto second = [&](auto d0c) -> R {
    switch (d1) {
      case 1:
        return f(d0c, std::integral_constant<int, 1>{});
      case 2:
        return f(d0c, std::integral_constant<int, 2>{});
      case 4:
        return f(d0c, std::integral_constant<int, 4>{});
      case 8:
        return f(d0c, std::integral_constant<int, 8>{});
      default:
        return other;
    }
  };
  switch (d0) {
    case 1:
      return second(std::integral_constant<int, 1>{});
    case 2:
      return second(std::integral_constant<int, 2>{});
    case 4:
      return second(std::integral_constant<int, 4>{});
    case 8:
      return second(std::integral_constant<int, 8>{});
    default:
      return other;
  }
}

}  // namespace

BitFusionPe::Kernel BitFusionPe::pickKernel(int brick_bits, int d0, int d1) {
  if (brick_bits != 2) return &BitFusionPe::genericSum;
  return byDigitCounts<Kernel>(d0, d1, &BitFusionPe::genericSum, [](auto a, auto b) -> Kernel {
    return &BitFusionPe::fixedSum<decltype(a)::value, decltype(b)::value>;
  });
}

BitFusionPe::BatchKernel BitFusionPe::pickBatch(int brick_bits, int d0, int d1) {
  if (brick_bits != 2) return nullptr;
  return byDigitCounts<BatchKernel>(d0, d1, nullptr, [](auto a, auto b) -> BatchKernel {
    return &BitFusionPe::fixedSums<decltype(a)::value, decltype(b)::value>;
  });
}

}  // namespace vpsim
