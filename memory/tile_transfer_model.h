// TileTransferModel: the accelerator's single entry point for tile-level DRAM cost, whatever the
// configured model: "moving `bytes` from `addr` sequentially (idle DRAM at the start) takes how long,
// in accelerator cycles, and how much DRAM energy?" Ideal: bits / bits_per_cycle (+ latency),
// energy table pJ/bit. Timing: DramTileTimer (cycle-level model, memoized, refresh amortized),
// energy from currents + I/O or the preset's lump figure.
#pragma once

#include <cstdint>
#include <memory>

#include "memory/dram_stats.h"
#include "memory/dram_tile_timer.h"
#include "memory/ideal_dram.h"
#include "memory/memory_config.h"

namespace vpsim {

struct TileTransferCost {
  double ns = 0;             // [ns] first request -> last data (timing: refresh amortized)
  int64_t accel_cycles = 0;  // [cycle] ceil(ns / accelerator clock)
  uint64_t bits = 0;         // [bit] bits moved (whole DRAM bursts for the timing model)
  double energy_pj = 0;      // [pJ] DRAM energy of the transfer
  DramStats stats;           // timing model only: ACT/RD/WR counts, row hits/misses, bytes
};

class TileTransferModel {
 public:
  // `accel_clock_ns`: accelerator clock period; `ideal_pj_per_bit`: the energy table's
  // dram_pj_per_bit (used by the ideal model only).
  TileTransferModel(const DramConfig& config, double accel_clock_ns, double ideal_pj_per_bit);

  TileTransferCost cost(uint64_t addr, uint64_t bytes, bool is_write);
  // 2-D tile: `rows` runs of `row_bytes`, `stride_bytes` apart (ideal: only the byte count matters).
  TileTransferCost costStrided(uint64_t addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes, bool is_write);
  DramModelKind kind() const { return config_.model; }

 private:
  TileTransferCost fromTimer(const DramTileCost& t) const;

  DramConfig config_;
  double accel_clock_ns_;
  double ideal_pj_per_bit_;
  std::unique_ptr<IdealDram> ideal_;  // stateless use: transferCycles only
  std::unique_ptr<DramTileTimer> timer_;
};

}  // namespace vpsim
