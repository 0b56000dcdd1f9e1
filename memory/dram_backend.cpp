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
  return std::make_unique<TimingDramBackend>(config.timing, config.lump_energy);
}

IdealDramBackend::IdealDramBackend(int bits_per_cycle, int latency_cycles, double clock_ns, double pj_per_bit)
    : dram_(bits_per_cycle, latency_cycles), clock_ns_(clock_ns), pj_per_bit_(pj_per_bit) {}

namespace {
// ns since `origin` -> first whole cycle at or after it. The tolerance is relative: at 1e7 cycles a
// double quotient of an exact multiple can land a few 1e-9 above the integer.
int64_t cycleAtOrAfter(double ns, double origin_ns, double cycle_ns) {
  const double c = (ns - origin_ns) / cycle_ns;
  return int64_t(std::ceil(c - 1e-9 * std::max(1.0, std::fabs(c))));
}
}  // namespace

void IdealDramBackend::restart(double now_ns) {
  energy_before_ += dram_.energyPj(pj_per_bit_);
  dram_ = IdealDram(dram_.bitsPerCycle(), dram_.latencyCycles());
  origin_ns_ = now_ns;
}

double IdealDramBackend::access(uint64_t, uint64_t bytes, bool is_write, double start_ns) {
  const int64_t start = cycleAtOrAfter(start_ns, origin_ns_, clock_ns_);
  const int64_t end = dram_.transfer(bytes, is_write, start);
  (is_write ? stats_.write_bytes : stats_.read_bytes) += bytes;
  ++stats_.accesses;
  return origin_ns_ + double(end) * clock_ns_;
}

TimingDramBackend::TimingDramBackend(const DramTimingConfig& config, bool lump_energy)
    : config_(config), lump_energy_(lump_energy), model_(std::make_unique<DramTimingModel>(config)), tck_ns_(config.preset.timing.tck_ns) {}

void TimingDramBackend::restart(double now_ns) {
  energy_before_ = energyPj();
  model_ = std::make_unique<DramTimingModel>(config_);
  origin_ns_ = now_ns;
}

double TimingDramBackend::access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) {
  model_->advanceTo(cycleAtOrAfter(start_ns, origin_ns_, tck_ns_));
  DramStreamResult r = runDramStream(*model_, addr, bytes, is_write);
  (is_write ? stats_.write_bytes : stats_.read_bytes) += bytes;
  ++stats_.accesses;
  return origin_ns_ + double(r.end_cycle) * tck_ns_;
}

double TimingDramBackend::energyPj() {
  const DramEnergy e = computeDramEnergy(model_->config().preset, model_->stats());
  return energy_before_ + (lump_energy_ ? e.lump_pj : e.totalPj());
}

}  // namespace vpsim
