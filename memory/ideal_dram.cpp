// IdealDram: one serialized link measured in bit slots; latency overlaps with the next transfer.
#include "memory/ideal_dram.h"

#include <algorithm>
#include <stdexcept>

namespace vpsim {

IdealDram::IdealDram(int bits_per_cycle, int latency_cycles)
    : bits_per_cycle_(bits_per_cycle), latency_cycles_(latency_cycles) {
  if (bits_per_cycle < 1 || latency_cycles < 0) throw std::invalid_argument("IdealDram: invalid configuration");
}

uint64_t IdealDram::transferCycles(uint64_t bytes) const {
  const uint64_t bpc = uint64_t(bits_per_cycle_);
  return (bytes * 8 + bpc - 1) / bpc;
}

int64_t IdealDram::transfer(uint64_t bytes, bool is_write, int64_t start_cycle) {
  const int64_t bpc = bits_per_cycle_;
  const int64_t start = std::max(start_cycle * bpc, link_free_bits_);
  link_free_bits_ = start + int64_t(bytes) * 8;
  (is_write ? stats_.write_bits : stats_.read_bits) += bytes * 8;
  stats_.busy_cycles += transferCycles(bytes);
  ++stats_.transfers;
  return (link_free_bits_ + bpc - 1) / bpc + latency_cycles_;
}

}  // namespace vpsim
