// DramAddressMapper: byte address -> (channel, pseudo-channel, rank, bank group, bank, row, column
// burst) by bit slicing, in a configurable field order. The default "ro-ra-ba-co-bg-pc-ch" (most to
// least significant) puts consecutive bursts on different channels, pseudo-channels and bank groups,
// so a sequential stream runs at tCCD_S on every data bus, and keeps a row period's stream within
// one rank (rank switches cost tRTRS on the shared data bus).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/dram_preset.h"

namespace vpsim {

struct DramAddress {
  int channel = 0;
  int pseudo_channel = 0;
  int rank = 0;
  int bankgroup = 0;
  // Flat bank index within the channel: ((sub-channel * bankgroups) + bankgroup) * banks_per_group +
  // bank-in-group, where sub-channel = pseudo_channel * ranks + rank. encode() reads only the
  // bank-in-group part of it (bank % banks_per_group).
  int bank = 0;
  int64_t row = 0;
  int64_t column = 0;  // burst index within the row
};

class DramAddressMapper {
 public:
  static constexpr const char* kDefaultMapping = "ro-ra-ba-co-bg-pc-ch";

  // `mapping`: the fields ch, pc, ra, bg, ba, ro, co separated by '-', most significant first; pc
  // and ra may be left out when the preset has one pseudo-channel / one rank.
  // Throws InputError on a malformed mapping or a channel count that is not a power of two.
  DramAddressMapper(const DramPreset& preset, int channels, const std::string& mapping = kDefaultMapping);

  // Inline: the model decodes every request it queues and tests fullness on every retry.
  DramAddress decode(uint64_t addr) const {
    DramAddress a;
    a.channel = int(extract(addr, kCh));
    a.pseudo_channel = int(extract(addr, kPc));
    a.rank = int(extract(addr, kRa));
    a.bankgroup = int(extract(addr, kBg));
    const int sub = (a.pseudo_channel << slices_[kRa].bits) | a.rank;
    a.bank = (((sub << slices_[kBg].bits) | a.bankgroup) << slices_[kBa].bits) | int(extract(addr, kBa));
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
  enum Field { kCh = 0, kPc, kRa, kBg, kBa, kRo, kCo, kFields };
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
