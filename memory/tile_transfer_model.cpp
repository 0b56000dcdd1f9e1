// TileTransferModel: dispatch on the model kind; unit conversion between DRAM and accelerator clocks.
#include "memory/tile_transfer_model.h"

#include <cmath>

namespace vpsim {

TileTransferModel::TileTransferModel(const DramConfig& config, double accel_clock_ns, double ideal_pj_per_bit)
    : config_(config), accel_clock_ns_(accel_clock_ns), ideal_pj_per_bit_(ideal_pj_per_bit) {
  if (config.model == DramModelKind::Ideal)
    ideal_ = std::make_unique<IdealDram>(config.bits_per_cycle, config.latency_cycles);
  else
    timer_ = std::make_unique<DramTileTimer>(config.timing);
}

TileTransferCost TileTransferModel::cost(uint64_t addr, uint64_t bytes, bool is_write) {
  return costStrided(addr, bytes, 1, bytes, is_write);
}

TileTransferCost TileTransferModel::costStrided(uint64_t addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes,
                                                bool is_write) {
  if (timer_) return fromTimer(timer_->costStrided(addr, row_bytes, rows, stride_bytes, is_write));
  TileTransferCost c;
  const uint64_t bytes = row_bytes * rows;
  c.accel_cycles = int64_t(ideal_->transferCycles(bytes)) + config_.latency_cycles;
  c.ns = double(c.accel_cycles) * accel_clock_ns_;
  c.bits = bytes * 8;
  c.energy_pj = double(c.bits) * ideal_pj_per_bit_;
  return c;
}

TileTransferCost TileTransferModel::fromTimer(const DramTileCost& t) const {
  TileTransferCost c;
  c.ns = t.totalCycles() * timer_->clockNs();
  c.accel_cycles = int64_t(std::ceil(c.ns / accel_clock_ns_ - 1e-9));
  c.bits = t.stats.bytes * 8;
  c.energy_pj = config_.lump_energy ? t.energy.lump_pj : t.energy.totalPj();
  c.stats = t.stats;
  return c;
}

}  // namespace vpsim
