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
  const char* names[kFields] = {"ch", "bg", "ba", "ro", "co"};
  const uint64_t sizes[kFields] = {uint64_t(channels), uint64_t(p.org.bankgroups),
                                   uint64_t(p.org.banks_per_group), uint64_t(p.org.rows),
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
  if (order.size() != kFields)
    throw InputError("DRAM address mapping '" + mapping + "' must name ch, bg, ba, ro, co once each");
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
  const uint64_t values[kFields] = {uint64_t(a.channel), uint64_t(a.bankgroup),
                                    uint64_t(a.bank % banks_per_group_), uint64_t(a.row),
                                    uint64_t(a.column)};
  uint64_t addr = 0;
  for (int f = 0; f < kFields; ++f) addr |= values[f] << slices_[f].shift;
  return addr;
}

uint64_t DramAddressMapper::capacityBytes() const {
  int top = 0;
  for (const Slice& s : slices_) top = s.shift + s.bits > top ? s.shift + s.bits : top;
  return uint64_t(1) << top;
}

}  // namespace vpsim
