// BitPacker: precision-aware packing of b-bit integer codes (1..32 bits) into bytes, LSB first,
// back to back with no padding, as the buffers and DRAM store them: a 4-bit tile occupies half the
// bytes of an 8-bit one. Signed codes are stored in two's complement and sign-extended on unpack.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vpsim {

class BitPacker {
 public:
  static uint64_t packedBytes(uint64_t count, int bits) { return (count * uint64_t(bits) + 7) / 8; }
  // Keeps the low `bits` bits of each code; throws std::invalid_argument for bits outside 1..32.
  static std::vector<uint8_t> pack(const std::vector<int32_t>& codes, int bits);
  static std::vector<int32_t> unpack(const uint8_t* data, size_t count, int bits, bool is_signed);
  static std::vector<int32_t> unpack(const std::vector<uint8_t>& data, size_t count, int bits, bool is_signed) {
    return unpack(data.data(), count, bits, is_signed);
  }
};

}  // namespace vpsim
