// Splitting an operand into fixed-width digits the way a fused datapath sees it: the low digits
// are unsigned, the top digit carries the sign (two's complement) when the operand is signed.
// Used by Bit Fusion (BitBricks) and the multi-cycle bit-parallel MAC (multiplier-wide chunks).
#pragma once

#include <cstdint>

namespace vpsim {

// v must already be the operand's register value (fits in digit_bits * digits bits).
inline void splitDigits(int32_t v, int digit_bits, int digits, bool is_signed, int32_t* out) {
  const int32_t mask = (int32_t{1} << digit_bits) - 1;
  for (int i = 0; i + 1 < digits; ++i) out[i] = (v >> (digit_bits * i)) & mask;
  const int32_t top = v >> (digit_bits * (digits - 1));  // arithmetic shift keeps the sign
  out[digits - 1] = is_signed ? top : (top & mask);
}

// x * 2^s for a possibly negative x, without the undefined behaviour of shifting negatives.
inline int64_t shiftLeft(int64_t x, int s) { return static_cast<int64_t>(static_cast<uint64_t>(x) << s); }

}  // namespace vpsim
