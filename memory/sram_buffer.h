// SramBuffer: functional core of one on-chip scratchpad (ibuf, wbuf, obuf, bias). Capacity check
// of a tile against half the buffer when double buffered (ping-pong halves, swap() flips them),
// precision-aware accounting (b-bit values are packed, accesses move whole words), word-interleaved
// banks with conflict counting, counters in bits, and optional data storage (off for timing runs).
#pragma once

#include <cstdint>
#include <vector>

#include "memory/memory_config.h"

namespace vpsim {

class EnergyTable;

struct SramStats {
  uint64_t read_bits = 0;       // [bit] bits read (whole words)
  uint64_t write_bits = 0;      // [bit] bits written (whole words)
  uint64_t read_words = 0;      // [count] word reads
  uint64_t write_words = 0;     // [count] word writes
  uint64_t cycles = 0;          // [cycle] busy cycles (words / banks, plus conflict stalls)
  uint64_t bank_conflicts = 0;  // [cycle] extra cycles when parallel accesses hit the same bank
  uint64_t swaps = 0;           // [count] ping-pong half swaps
};

class SramBuffer {
 public:
  explicit SramBuffer(const BufferConfig& config, bool store_data = false);

  const BufferConfig& config() const { return config_; }
  // Packing: `count` values of `bits` bits stored back to back, moved in whole words.
  uint64_t wordsFor(uint64_t count, int bits) const;
  uint64_t bitsMoved(uint64_t count, int bits) const { return wordsFor(count, bits) * uint64_t(config_.word_bits); }
  bool fitsTile(uint64_t count, int bits) const;  // packed size <= one half (or all, if single)
  uint64_t maxTileValues(int bits) const;

  // Streaming access of a packed tile; updates counters, returns busy cycles (all banks in parallel).
  uint64_t read(uint64_t count, int bits) { return access(wordsFor(count, bits), false); }
  uint64_t write(uint64_t count, int bits) { return access(wordsFor(count, bits), true); }
  uint64_t readBytes(uint64_t bytes) { return access(wordsForBytes(bytes), false); }
  uint64_t writeBytes(uint64_t bytes) { return access(wordsForBytes(bytes), true); }
  // One cycle's worth of word accesses at the given word addresses: takes as many cycles as the most
  // loaded bank (word w lives in bank w mod banks); extra cycles count as bank conflicts.
  uint64_t accessParallel(const std::vector<uint64_t>& word_addrs, bool is_write);

  // Ping-pong: the DMA fills the inactive half while the array reads the active one.
  int activeHalf() const { return active_half_; }
  uint64_t halfBaseBytes(int half) const { return config_.double_buffered ? uint64_t(half) * halfBytes() : 0; }
  uint64_t halfBytes() const { return uint64_t(config_.tileCapacityBytes()); }
  void swap();

  // Data storage (only when constructed with store_data); addresses are byte offsets in the buffer.
  bool storesData() const { return !data_.empty(); }
  void storeData(uint64_t offset, const uint8_t* src, uint64_t n);
  void loadData(uint64_t offset, uint8_t* dst, uint64_t n) const;

  const SramStats& stats() const { return stats_; }
  void resetStats() { stats_ = SramStats{}; }
  double energyPj(double read_pj_per_bit, double write_pj_per_bit) const;
  // Looks up sram_<name>_read_pj_per_bit and sram_<name>_write_pj_per_bit.
  double energyPj(const EnergyTable& table) const;

 private:
  uint64_t wordsForBytes(uint64_t bytes) const;
  uint64_t access(uint64_t words, bool is_write);
  void checkRange(uint64_t offset, uint64_t n) const;

  BufferConfig config_;
  std::vector<uint8_t> data_;
  std::vector<uint64_t> bank_load_;  // accessParallel scratch: words per bank in one cycle
  int active_half_ = 0;
  SramStats stats_;
};

}  // namespace vpsim
