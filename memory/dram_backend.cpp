// DramBackend implementations and the factory.
#include "memory/dram_backend.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "memory/dram_energy.h"
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

double IdealDramBackend::accessRuns(const DramRun* runs, size_t count, bool is_write, double start_ns) {
  uint64_t bytes = 0;
  for (size_t i = 0; i < count; ++i) bytes += runs[i].bytes;
  return access(count ? runs[0].addr : 0, bytes, is_write, start_ns);
}

TimingDramBackend::TimingDramBackend(const DramTimingConfig& config, bool lump_energy)
    : config_(config),
      lump_energy_(lump_energy),
      model_(std::make_unique<DramTimingModel>(config)),
      ahead_(std::make_unique<DramTimingModel>(config)),
      tck_ns_(config.preset.timing.tck_ns) {
  ahead_->setCallback([this](uint64_t addr, bool is_write, int64_t done) {
    Pending& p = pending_;
    if (is_write != p.is_write || addr < p.first || addr >= p.end || p.left == 0) return;
    --p.left;
    p.done = std::max(p.done, done);
  });
}

void TimingDramBackend::restart(double now_ns) {
  energy_before_ = energyPj();
  model_ = std::make_unique<DramTimingModel>(config_);
  origin_ns_ = now_ns;
}

double TimingDramBackend::access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) {
  const DramRun run{addr, bytes};
  return accessRuns(&run, 1, is_write, start_ns);
}

double TimingDramBackend::accessRuns(const DramRun* runs, size_t count, bool is_write, double start_ns) {
  DramTimingModel& m = *model_;
  const int64_t start = cycleAtOrAfter(start_ns, origin_ns_, tck_ns_);
  if (start > m.clock()) m.advanceTo(start);  // an earlier start waits for the model's clock
  const uint64_t burst = uint64_t(m.mapper().burstBytes());
  pending_ = Pending{std::numeric_limits<uint64_t>::max(), 0, is_write, 0, 0};
  uint64_t last = std::numeric_limits<uint64_t>::max();  // the burst requested last
  for (size_t i = 0; i < count; ++i) {
    const DramRun& r = runs[i];
    (is_write ? stats_.write_bytes : stats_.read_bytes) += r.bytes;
    if (r.bytes == 0) continue;
    pending_.first = std::min(pending_.first, r.addr / burst * burst);
    pending_.end = std::max(pending_.end, r.addr + r.bytes);
    for (uint64_t a = r.addr / burst * burst; a < r.addr + r.bytes;) {
      if (a == last) {
        a += burst;
      } else if (m.AddTransaction(a, is_write)) {
        last = a, a += burst, ++pending_.left;
      } else {
        m.tickToNextEvent();  // a full queue holds the rest back
      }
    }
  }
  ++stats_.accesses;
  if (pending_.left == 0) return origin_ns_ + double(m.clock()) * tck_ns_;
  // When would this access be done if nothing came after it? A copy runs until its last request.
  ahead_->copyStateFrom(m);
  while (pending_.left > 0 && !ahead_->idle()) ahead_->tickToNextEvent();
  if (pending_.left > 0) pending_.done = std::max(pending_.done, ahead_->lastCompletion());
  return origin_ns_ + double(pending_.done) * tck_ns_;
}

double TimingDramBackend::energyPj() {
  model_->drain();  // the requests in flight finish (their commands count)
  const DramEnergy e = computeDramEnergy(model_->config().preset, model_->stats());
  return energy_before_ + (lump_energy_ ? e.lump_pj : e.totalPj());
}

}  // namespace vpsim
