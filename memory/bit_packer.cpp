// BitPacker: a 64-bit accumulator shifts codes in and whole bytes out.
#include "memory/bit_packer.h"

#include <stdexcept>
#include <string>

namespace vpsim {
namespace {
void checkBits(int bits) {
  if (bits < 1 || bits > 32) throw std::invalid_argument("BitPacker: bits must be 1..32, got " + std::to_string(bits));
}
}  // namespace

std::vector<uint8_t> BitPacker::pack(const std::vector<int32_t>& codes, int bits) {
  checkBits(bits);
  std::vector<uint8_t> out;
  out.reserve(packedBytes(codes.size(), bits));
  const uint64_t mask = (uint64_t(1) << bits) - 1;
  uint64_t acc = 0;
  int filled = 0;
  for (int32_t c : codes) {
    acc |= (uint64_t(uint32_t(c)) & mask) << filled;
    filled += bits;
    while (filled >= 8) {
      out.push_back(uint8_t(acc & 0xff));
      acc >>= 8;
      filled -= 8;
    }
  }
  if (filled > 0) out.push_back(uint8_t(acc & 0xff));
  return out;
}

std::vector<int32_t> BitPacker::unpack(const uint8_t* data, size_t count, int bits, bool is_signed) {
  checkBits(bits);
  std::vector<int32_t> out;
  out.reserve(count);
  const uint64_t mask = (uint64_t(1) << bits) - 1;
  uint64_t acc = 0;
  int filled = 0;
  size_t pos = 0;
  for (size_t i = 0; i < count; ++i) {
    while (filled < bits) {
      acc |= uint64_t(data[pos++]) << filled;
      filled += 8;
    }
    uint64_t v = acc & mask;
    acc >>= bits;
    filled -= bits;
    if (is_signed && bits < 64 && (v >> (bits - 1)) & 1) v |= ~mask;  // sign-extend
    out.push_back(int32_t(uint32_t(v)));
  }
  return out;
}

}  // namespace vpsim
