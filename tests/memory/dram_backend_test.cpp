// TimingDramBackend: back-to-back accesses overlap in the DRAM (issue 18: DMA bursts used to restart
// the DRAM latency), an isolated access costs what one stream on an idle DRAM costs, and energy
// counts the requests still in flight.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "memory/dram_stream.h"
#include "memory/timing_dram_backend.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

DramTimingConfig ddr4() {
  DramTimingConfig c;
  c.preset = test::preset("ddr4-2400");
  return c;
}

// `n` bursts of `burst` bytes the way the accelerator's DMA issues them: two in flight, burst i
// goes out when burst i-2 is done (`serial`: when burst i-1 is done). Returns the last done [ns].
double dmaBursts(TimingDramBackend& b, int n, uint64_t burst, bool serial) {
  std::array<double, 2> done{0, 0};
  double last = 0;
  for (int i = 0; i < n; ++i) {
    const double start = serial ? last : (i < 2 ? 0.0 : done[size_t(i % 2)]);
    last = b.access(uint64_t(i) * burst, burst, false, start);
    done[size_t(i % 2)] = last;
  }
  return last;
}

TEST(TimingDramBackend, BackToBackBurstsPayTheLatencyOnce) {
  const DramTimingConfig cfg = ddr4();
  const double tck = cfg.preset.timing.tck_ns;
  const uint64_t burst = 4096;
  const int n = 8;
  TimingDramBackend one(cfg, false);
  const double t1 = one.access(0, burst, false, 0);  // latency + one burst's data
  TimingDramBackend piped(cfg, false), serial(cfg, false);
  const double tn = dmaBursts(piped, n, burst, false);
  const double ts = dmaBursts(serial, n, burst, true);
  // The same bytes as one stream on an idle DRAM: latency once, then the data at the stream's rate.
  DramTimingModel m(cfg);
  const double stream = double(runDramStream(m, 0, uint64_t(n) * burst, false).cycles()) * tck;
  const double data = double(burst) / m.peakBytesPerCycle() * tck;  // one burst at peak bandwidth
  EXPECT_LE(tn, stream + 8 * tck) << "pipelined bursts cost one stream";
  EXPECT_GE(tn, stream - 8 * tck);
  EXPECT_LE(tn, t1 + (n - 1) * data * 1.06) << "~ latency + n x burst time";
  // An initiator that waits for each burst pays the latency n times (its row stays open: CL + BL,
  // not the ACT, from the second burst on): the old behaviour of every DMA burst.
  EXPECT_GE(ts, tn + (n - 1) * 12 * tck);
  EXPECT_GE(ts, n * (t1 - 20 * tck));
  EXPECT_GT(t1 - data, 20 * tck) << "the latency is real (ACT + CL + BL)";
}

TEST(TimingDramBackend, AnIsolatedAccessCostsOneStreamOnAnIdleDram) {
  const DramTimingConfig cfg = ddr4();
  for (const bool write : {false, true}) {
    TimingDramBackend b(cfg, false);
    DramTimingModel m(cfg);
    const DramStreamResult r = runDramStream(m, 0x4000, 10000, write);
    EXPECT_DOUBLE_EQ(b.access(0x4000, 10000, write, 0), double(r.end_cycle) * cfg.preset.timing.tck_ns) << write;
    // much later: the DRAM has long finished; the access starts at its own time (a refresh may
    // fall inside it)
    const double start = 1e5, tck = cfg.preset.timing.tck_ns;
    const double end = b.access(0x4000, 10000, write, start);
    EXPECT_GT(end, start + 0.9 * double(r.cycles()) * tck);
    EXPECT_LT(end - start, double(r.cycles() + cfg.preset.timing.trfc + 2) * tck);
  }
}

TEST(TimingDramBackend, EnergyCountsTheRequestsStillInFlight) {
  const DramTimingConfig cfg = ddr4();
  TimingDramBackend piped(cfg, false), drained(cfg, false);
  dmaBursts(piped, 4, 4096, false);
  dmaBursts(drained, 4, 4096, true);
  // the same commands, the pipelined run in less background time
  EXPECT_GT(piped.energyPj(), 0.9 * drained.energyPj());
  EXPECT_LE(piped.energyPj(), drained.energyPj());
  EXPECT_EQ(piped.stats().read_bytes, 4u * 4096);
}

}  // namespace
}  // namespace vpsim
