// IdealDram: the Bit Fusion simulator's off-chip model: a link of `bits_per_cycle` bits per
// accelerator cycle (if_width), no banks, no rows, an optional fixed latency. Transfers share the
// link one after another, packed bit for bit: the link is a bandwidth, not a bus of whole beats, so
// back-to-back transfers of 4096 bits on a 192-bit link take 21 1/3 cycles each, not 22 (the
// public simulator's ceil(total bits / if_width)). A transfer completes at the end of the cycle
// its last bit crosses. Lets vpsim be compared with that simulator on equal terms.
#pragma once

#include <cstdint>

namespace vpsim {

struct IdealDramStats {
  uint64_t read_bits = 0;    // [bit] bits read from DRAM
  uint64_t write_bits = 0;   // [bit] bits written to DRAM
  uint64_t busy_cycles = 0;  // [cycle] cycles the link carried data
  uint64_t transfers = 0;    // [count] transfers
};

class IdealDram {
 public:
  explicit IdealDram(int bits_per_cycle, int latency_cycles = 0);

  // Cycles the link is busy for `bytes` (ceil(bits / bits_per_cycle)); no state change.
  uint64_t transferCycles(uint64_t bytes) const;
  // Starts when both `start_cycle` has come and the link is free (possibly inside a cycle the
  // previous transfer ends in); returns the cycle the last bit has arrived (rounded up) + latency.
  int64_t transfer(uint64_t bytes, bool is_write, int64_t start_cycle);

  int bitsPerCycle() const { return bits_per_cycle_; }
  int latencyCycles() const { return latency_cycles_; }
  const IdealDramStats& stats() const { return stats_; }
  double energyPj(double pj_per_bit) const { return double(stats_.read_bits + stats_.write_bits) * pj_per_bit; }

 private:
  int bits_per_cycle_;
  int latency_cycles_;
  int64_t link_free_bits_ = 0;  // link time in bit slots (cycle * bits_per_cycle) at which it is idle
  IdealDramStats stats_;
};

}  // namespace vpsim
