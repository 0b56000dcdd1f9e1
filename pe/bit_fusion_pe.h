// BitFusionPe: one Bit Fusion Fusion Unit (Sharma et al., ISCA 2018). Operands are split into
// brick_bits-wide digits; every digit pair goes through a BitBrick (a (brick_bits+1)-bit signed
// multiplier: the extra bit is the sign extension), and the shift-add tree combines the brick
// outputs. Widths round up to brick_bits * 2^j; above max_bits the unit fuses temporally.
#pragma once

#include "pe/pe_core.h"

namespace vpsim {

class BitFusionPe : public PeCore {
 public:
  explicit BitFusionPe(PeConfig pe);

  // The BitBrick: product of two sign-extended brick digits.
  static int32_t bitBrick(int32_t x, int32_t y) { return x * y; }

 protected:
  int64_t stepSum(const int32_t* op0, const int32_t* op1, int count) override;
  void stepSums(const int32_t* op0, const int32_t* op1, size_t n, int64_t* sums) override;
  int64_t cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) override;  // temporal pass
  void onConfigure() override;

 private:
  // Sum of `count` products, or with `sums` set, every product's value into sums[p / P] slots.
  using Kernel = int64_t (BitFusionPe::*)(const int32_t*, const int32_t*, int) const;
  using BatchKernel = void (BitFusionPe::*)(const int32_t*, const int32_t*, size_t, int64_t*) const;
  template <int D0, int D1>
  void fixedSums(const int32_t* op0, const int32_t* op1, size_t n, int64_t* sums) const;
  // The same brick arithmetic with digit counts fixed at compile time (unrolled; 2-bit bricks).
  template <int D0, int D1>
  int64_t fixedSum(const int32_t* op0, const int32_t* op1, int count) const;
  int64_t genericSum(const int32_t* op0, const int32_t* op1, int count) const;
  static Kernel pickKernel(int brick_bits, int d0, int d1);
  static BatchKernel pickBatch(int brick_bits, int d0, int d1);

  int digits0_ = 4, digits1_ = 4;  // brick digits per operand at the rounded widths
  Kernel kernel_ = &BitFusionPe::genericSum;
  BatchKernel batch_ = nullptr;  // set for the unrolled shapes
};

}  // namespace vpsim
