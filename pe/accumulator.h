// Accumulator: a `bits`-wide two's-complement register that wraps or saturates on overflow and
// counts the events. Shared by every PE core and the array so the overflow rule lives in one place.
#pragma once

#include <cstdint>

#include "pe/pe_config.h"

namespace vpsim {

class Accumulator {
 public:
  Accumulator() = default;
  Accumulator(int bits, Overflow mode);
  // acc + v in the register's arithmetic; `overflows` incremented when the true sum did not fit.
  int64_t add(int64_t acc, int64_t v, uint64_t& overflows) const;
  int64_t minValue() const { return min_; }
  int64_t maxValue() const { return max_; }
  int bits() const { return bits_; }

 private:
  int bits_ = 64;
  Overflow mode_ = Overflow::Wrap;
  int64_t min_ = INT64_MIN, max_ = INT64_MAX;
};

// Two's-complement reinterpretation of the low `bits` bits of v (bits in 1..64).
inline int64_t wrapToBits(int64_t v, int bits) {
  if (bits >= 64) return v;
  const int sh = 64 - bits;
  return static_cast<int64_t>(static_cast<uint64_t>(v) << sh) >> sh;
}

}  // namespace vpsim
