// DramTileTimer: the accelerator's per-tile question "how long does moving N bytes from address A,
// sequentially, take, and which commands and energy does it cost?" answered from an idle DRAM by the
// cycle-level model, memoized. Streams that start one row period apart behave identically, so the
// key is (A mod row period, N, direction). Streams longer than `extrapolate_periods` row periods are
// extrapolated from two shorter runs (the steady state is periodic); a test holds this equal to the
// full cycle-by-cycle run. Refresh is left out of the simulation and added back amortized
// (tiles are shorter than tREFI, so an idle-start run would otherwise never refresh).
#pragma once

#include <cstdint>
#include <tuple>
#include <unordered_map>

#include "memory/dram_energy.h"
#include "memory/dram_stats.h"
#include "memory/dram_timing_model.h"

namespace vpsim {

struct DramTileCost {
  int64_t cycles = 0;         // [tCK] first request offered -> last data, refresh excluded
  double refresh_cycles = 0;  // [tCK] amortized refresh stall over those cycles
  double refreshes = 0;       // [count] amortized refreshes (cycles / tREFI)
  DramStats stats;            // commands, row hits/misses, bytes (refresh counters zero)
  DramEnergy energy;          // energy of `stats`, plus refresh_pj of the amortized refreshes
  double totalCycles() const { return double(cycles) + refresh_cycles; }
};

class DramTileTimer {
 public:
  // `extrapolate_periods` = 0 disables extrapolation (always simulate the whole stream).
  explicit DramTileTimer(const DramTimingConfig& config, int extrapolate_periods = 8);

  // Memoized; the reference stays valid until the memo restarts (after kMaxMemo distinct tiles).
  const DramTileCost& cost(uint64_t addr, uint64_t bytes, bool is_write);
  DramTileCost simulate(uint64_t addr, uint64_t bytes, bool is_write) const;  // full run, no memo
  // 2-D tile: `rows` runs of `row_bytes`, `stride_bytes` apart (memoized, never extrapolated).
  const DramTileCost& costStrided(uint64_t addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes,
                                  bool is_write);
  double clockNs() const { return config_.preset.timing.tck_ns; }
  uint64_t memoHits() const { return hits_; }
  size_t memoSize() const { return memo_.size(); }

 private:
  using Key = std::tuple<uint64_t, uint64_t, uint64_t, uint64_t, bool>;  // addr, row bytes, rows, stride, write
  struct KeyHash {
    size_t operator()(const Key& k) const {
      uint64_t h = std::get<0>(k);
      for (uint64_t v : {std::get<1>(k), std::get<2>(k), std::get<3>(k), uint64_t(std::get<4>(k))})
        h = (h ^ v) * 0x9E3779B97F4A7C15ull;
      return size_t(h ^ (h >> 29));
    }
  };
  DramTileCost simulateStrided(uint64_t addr, uint64_t row_bytes, uint64_t rows, uint64_t stride, bool is_write) const;
  DramTileCost extrapolate(uint64_t addr, uint64_t bytes, bool is_write) const;
  void addRefresh(DramTileCost& c) const;

  static constexpr size_t kMaxMemo = size_t(1) << 20;  // entries; the memo restarts beyond this

  DramTimingConfig config_;  // refresh off
  uint64_t period_;          // [B] row period of the mapping (0: not periodic)
  int extrapolate_periods_;
  std::unordered_map<Key, DramTileCost, KeyHash> memo_;
  uint64_t hits_ = 0;
};

}  // namespace vpsim
