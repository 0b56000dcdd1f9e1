// DramAddressMapper: parses the field order once into shift/mask pairs; decode (inline) is a few shifts.
#include "memory/dram_address_mapper.h"

#include <sstream>

#include "traces/input_error.h"

namespace vpsim {
namespace {

int log2Exact(uint64_t v, const std::string& what) {
  if (v == 0 || (v & (v - 1)) != 0) throw InputError(what + " must be a power of two, got " + std::to_string(v));
  int b = 0;
  while ((uint64_t(1) << b) < v) ++b;
  return b;
}

}  // namespace

DramAddressMapper::DramAddressMapper(const DramPreset& p, int channels, const std::string& mapping)
    : burst_bytes_(p.burstBytes()), banks_per_group_(p.org.banks_per_group) {
  const char* names[kFields] = {"ch", "pc", "ra", "bg", "ba", "ro", "co"};
  const uint64_t sizes[kFields] = {uint64_t(channels),         uint64_t(p.org.pseudo_channels), uint64_t(p.org.ranks),
                                   uint64_t(p.org.bankgroups), uint64_t(p.org.banks_per_group), uint64_t(p.org.rows),
                                   uint64_t(p.burstsPerRow())};
  std::vector<int> order;  // most significant first
  std::stringstream ss(mapping);
  for (std::string tok; std::getline(ss, tok, '-');) {
    int f = -1;
    for (int i = 0; i < kFields; ++i)
      if (tok == names[i]) f = i;
    if (f < 0) throw InputError("DRAM address mapping '" + mapping + "': unknown field '" + tok + "'");
    for (int o : order)
      if (o == f) throw InputError("DRAM address mapping '" + mapping + "': field '" + tok + "' twice");
    order.push_back(f);
  }
  for (int f = 0; f < kFields; ++f) {
    bool named = false;
    for (int o : order) named = named || o == f;
    if (named) continue;
    if ((f == kPc || f == kRa) && sizes[f] == 1) continue;  // a one-value field may be left out
    throw InputError("DRAM address mapping '" + mapping + "' must name ch, bg, ba, ro, co once each" +
                     std::string(f == kPc || f == kRa ? ", and " + std::string(names[f]) + " (the preset has " +
                                                            std::to_string(sizes[f]) + ")"
                                                      : ""));
  }
  int shift = log2Exact(uint64_t(burst_bytes_), "burst bytes");
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    slices_[*it].shift = shift;
    slices_[*it].bits = log2Exact(sizes[*it], std::string("DRAM ") + names[*it] + " count");
    slices_[*it].mask = (uint64_t(1) << slices_[*it].bits) - 1;
    shift += slices_[*it].bits;
  }
  if (order.front() == kRo) row_period_ = uint64_t(1) << slices_[kRo].shift;
}

uint64_t DramAddressMapper::encode(const DramAddress& a) const {
  const uint64_t values[kFields] = {uint64_t(a.channel),   uint64_t(a.pseudo_channel),          uint64_t(a.rank),
                                    uint64_t(a.bankgroup), uint64_t(a.bank % banks_per_group_), uint64_t(a.row),
                                    uint64_t(a.column)};
  uint64_t addr = 0;
  for (int f = 0; f < kFields; ++f) addr |= (values[f] & slices_[f].mask) << slices_[f].shift;
  return addr;
}

uint64_t DramAddressMapper::capacityBytes() const {
  int top = 0;
  for (const Slice& s : slices_) top = s.shift + s.bits > top ? s.shift + s.bits : top;
  return uint64_t(1) << top;
}

}  // namespace vpsim
