// DramAddressMapper: byte address -> (channel, bank group, bank, row, column burst) by bit slicing,
// in a configurable field order. The default "ro-ba-co-bg-ch" (most to least significant) puts
// consecutive bursts on different channels and bank groups, so a sequential stream runs at tCCD_S.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/dram_preset.h"

namespace vpsim {

struct DramAddress {
  int channel = 0;
  int bankgroup = 0;
  int bank = 0;       // flat bank index within the channel: bankgroup * banks_per_group + bank-in-group
  int64_t row = 0;
  int64_t column = 0;  // burst index within the row
};

class DramAddressMapper {
 public:
  static constexpr const char* kDefaultMapping = "ro-ba-co-bg-ch";

  // `mapping`: the five fields ch, bg, ba, ro, co separated by '-', most significant first.
  // Throws InputError on a malformed mapping or a channel count that is not a power of two.
  DramAddressMapper(const DramPreset& preset, int channels, const std::string& mapping = kDefaultMapping);

  // Inline: the model decodes every request it queues and tests fullness on every retry.
  DramAddress decode(uint64_t addr) const {
    DramAddress a;
    a.channel = int(extract(addr, kCh));
    a.bankgroup = int(extract(addr, kBg));
    a.bank = (a.bankgroup << slices_[kBa].bits) | int(extract(addr, kBa));  // banks_per_group is 2^bits
    a.row = int64_t(extract(addr, kRo));
    a.column = int64_t(extract(addr, kCo));
    return a;
  }
  int channelOf(uint64_t addr) const { return int(extract(addr, kCh)); }
  uint64_t encode(const DramAddress& a) const;  // inverse of decode (burst-aligned address)
  int burstBytes() const { return burst_bytes_; }
  // Bytes after which the mapping repeats with only the row changed (0 if the row is not the top
  // field): streams that start this many bytes apart behave identically from an idle state.
  uint64_t rowPeriodBytes() const { return row_period_; }
  uint64_t capacityBytes() const;

 private:
  enum Field { kCh = 0, kBg, kBa, kRo, kCo, kFields };
  struct Slice {
    int shift = 0;
    int bits = 0;
    uint64_t mask = 0;  // (1 << bits) - 1
  };
  uint64_t extract(uint64_t addr, Field f) const { return (addr >> slices_[f].shift) & slices_[f].mask; }

  int burst_bytes_;
  int banks_per_group_;
  Slice slices_[kFields];
  uint64_t row_period_ = 0;
};

}  // namespace vpsim
