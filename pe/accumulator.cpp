// Accumulator: the overflow rule. Sums are formed in 128 bits so even a 64-bit register's overflow
// is detected exactly.
#include "pe/accumulator.h"

namespace vpsim {

Accumulator::Accumulator(int bits, Overflow mode) : bits_(bits), mode_(mode) {
  max_ = bits >= 64 ? INT64_MAX : static_cast<int64_t>((uint64_t{1} << (bits - 1)) - 1);
  min_ = -max_ - 1;
}

int64_t Accumulator::add(int64_t acc, int64_t v, uint64_t& overflows) const {
  const __int128 sum = static_cast<__int128>(acc) + v;
  if (sum >= min_ && sum <= max_) return static_cast<int64_t>(sum);
  ++overflows;
  if (mode_ == Overflow::Saturate) return sum > max_ ? max_ : min_;
  return wrapToBits(static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(sum))), bits_);
}

}  // namespace vpsim
