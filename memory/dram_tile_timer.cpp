// DramTileTimer: memo + periodic extrapolation over runDramStream on a fresh model.
#include "memory/dram_tile_timer.h"

#include <algorithm>

#include "memory/dram_address_mapper.h"
#include "memory/dram_stream.h"

namespace vpsim {

DramTileTimer::DramTileTimer(const DramTimingConfig& config, int extrapolate_periods)
    : config_(config), extrapolate_periods_(extrapolate_periods) {
  config_.refresh = false;
  period_ = DramAddressMapper(config.preset, config.channels, config.mapping).rowPeriodBytes();
}

const DramTileCost& DramTileTimer::cost(uint64_t addr, uint64_t bytes, bool is_write) {
  const uint64_t key_addr = period_ ? addr % period_ : addr;
  const Key key{key_addr, bytes, 1, 0, is_write};
  auto it = memo_.find(key);
  if (it != memo_.end()) {
    ++hits_;
    return it->second;
  }
  const bool long_stream = period_ && extrapolate_periods_ > 0 && bytes > period_ * uint64_t(extrapolate_periods_);
  DramTileCost c = long_stream ? extrapolate(key_addr, bytes, is_write) : simulate(key_addr, bytes, is_write);
  if (memo_.size() >= kMaxMemo) memo_.clear();  // bound memory on pathological address streams
  return memo_.emplace(key, c).first->second;
}

const DramTileCost& DramTileTimer::costStrided(uint64_t addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes,
                                               bool is_write) {
  if (rows <= 1 || stride_bytes == row_bytes) return cost(addr, row_bytes * std::max<uint64_t>(rows, 1), is_write);
  const uint64_t key_addr = period_ ? addr % period_ : addr;
  const Key key{key_addr, row_bytes, rows, stride_bytes, is_write};
  auto it = memo_.find(key);
  if (it != memo_.end()) {
    ++hits_;
    return it->second;
  }
  DramTileCost c = simulateStrided(key_addr, row_bytes, rows, stride_bytes, is_write);
  if (memo_.size() >= kMaxMemo) memo_.clear();
  return memo_.emplace(key, c).first->second;
}

DramTileCost DramTileTimer::simulate(uint64_t addr, uint64_t bytes, bool is_write) const {
  return simulateStrided(addr, bytes, 1, 0, is_write);
}

DramTileCost DramTileTimer::simulateStrided(uint64_t addr, uint64_t row_bytes, uint64_t rows, uint64_t stride,
                                            bool is_write) const {
  DramTimingModel model(config_);
  DramStreamResult r = runDramStrided(model, addr, row_bytes, rows, stride, is_write);
  DramTileCost c;
  c.cycles = r.cycles();
  model.advanceTo(r.end_cycle);  // background energy up to the last data
  c.stats = model.stats();
  c.energy = computeDramEnergy(config_.preset, c.stats);
  addRefresh(c);
  return c;
}

// cost(N) = cost(head) + k * (cost(head + P) - cost(head)) with head = N - k*P covering at least two
// periods: after the pipeline fills, every further row period adds the same cycles and commands.
DramTileCost DramTileTimer::extrapolate(uint64_t addr, uint64_t bytes, bool is_write) const {
  const uint64_t k = bytes / period_ - 2;
  const uint64_t head = bytes - k * period_;
  DramTileCost a = simulate(addr, head, is_write);
  DramTileCost b = simulate(addr, head + period_, is_write);
  auto lin = [k](uint64_t x, uint64_t y) { return x + k * (y - x); };
  DramTileCost c;
  c.cycles = int64_t(lin(uint64_t(a.cycles), uint64_t(b.cycles)));
  DramStats& s = c.stats;
  const DramStats &sa = a.stats, &sb = b.stats;
  s.activates = lin(sa.activates, sb.activates);
  s.precharges = lin(sa.precharges, sb.precharges);
  s.reads = lin(sa.reads, sb.reads);
  s.writes = lin(sa.writes, sb.writes);
  s.row_hits = lin(sa.row_hits, sb.row_hits);
  s.row_misses = lin(sa.row_misses, sb.row_misses);
  s.row_conflicts = lin(sa.row_conflicts, sb.row_conflicts);
  s.active_cycles = lin(sa.active_cycles, sb.active_cycles);
  s.precharged_cycles = lin(sa.precharged_cycles, sb.precharged_cycles);
  s.bytes = lin(sa.bytes, sb.bytes);
  s.requests = lin(sa.requests, sb.requests);
  s.total_latency = lin(sa.total_latency, sb.total_latency);
  s.read_requests = lin(sa.read_requests, sb.read_requests);
  s.read_latency = lin(sa.read_latency, sb.read_latency);
  s.forwarded_reads = lin(sa.forwarded_reads, sb.forwarded_reads);
  s.write_drains = lin(sa.write_drains, sb.write_drains);
  c.energy = computeDramEnergy(config_.preset, s);
  addRefresh(c);
  return c;
}

// One REF of tRFC every tREFI stalls every channel: over `cycles` of work the wall time grows by
// cycles * tRFC / (tREFI - tRFC) and cycles / (tREFI - tRFC) refreshes happen per rank and
// pseudo-channel. (Pseudo-channels refresh together; ranks are staggered, but a stream stays in one
// rank for many rows under the default mapping, so it meets one rank's refresh per tREFI.)
void DramTileTimer::addRefresh(DramTileCost& c) const {
  const DramTiming& t = config_.preset.timing;
  const double busy = double(t.trefi - t.trfc);
  c.refreshes = double(c.cycles) / busy * config_.channels * config_.preset.subChannels();
  c.refresh_cycles = double(c.cycles) * t.trfc / busy;
  c.energy.refresh_pj = c.refreshes * dramRefreshEnergyPj(config_.preset);
}

}  // namespace vpsim
