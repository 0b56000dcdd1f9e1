// DramBackend implementations and the factory.
#include "memory/dram_backend.h"

#include <cmath>

#include "memory/dram_energy.h"
#include "memory/dram_stream.h"
#include "memory/ideal_dram_backend.h"
#include "memory/timing_dram_backend.h"

namespace vpsim {

std::unique_ptr<DramBackend> makeDramBackend(const DramConfig& config, double accel_clock_ns, double ideal_pj_per_bit) {
  if (config.model == DramModelKind::Ideal)
    return std::make_unique<IdealDramBackend>(config.bits_per_cycle, config.latency_cycles, accel_clock_ns,
                                              ideal_pj_per_bit);
  return std::make_unique<TimingDramBackend>(config.timing);
}

IdealDramBackend::IdealDramBackend(int bits_per_cycle, int latency_cycles, double clock_ns, double pj_per_bit)
    : dram_(bits_per_cycle, latency_cycles), clock_ns_(clock_ns), pj_per_bit_(pj_per_bit) {}

double IdealDramBackend::access(uint64_t, uint64_t bytes, bool is_write, double start_ns) {
  const int64_t start = int64_t(std::ceil(start_ns / clock_ns_ - 1e-9));
  const int64_t end = dram_.transfer(bytes, is_write, start);
  (is_write ? stats_.write_bytes : stats_.read_bytes) += bytes;
  ++stats_.accesses;
  return double(end) * clock_ns_;
}

TimingDramBackend::TimingDramBackend(const DramTimingConfig& config)
    : model_(config), tck_ns_(config.preset.timing.tck_ns) {}

double TimingDramBackend::access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) {
  model_.advanceTo(int64_t(std::ceil(start_ns / tck_ns_ - 1e-9)));
  DramStreamResult r = runDramStream(model_, addr, bytes, is_write);
  (is_write ? stats_.write_bytes : stats_.read_bytes) += bytes;
  ++stats_.accesses;
  return double(r.end_cycle) * tck_ns_;
}

double TimingDramBackend::energyPj() { return computeDramEnergy(model_.config().preset, model_.stats()).totalPj(); }

}  // namespace vpsim
