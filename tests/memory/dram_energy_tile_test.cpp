// DRAM energy from currents against a hand computation, and the tile timer against the
// cycle-by-cycle model (memo, periodic extrapolation, amortized refresh).
#include <gtest/gtest.h>

#include "memory/dram_energy.h"
#include "memory/dram_stream.h"
#include "memory/dram_tile_timer.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

DramTimingConfig configFor(const char* name, bool refresh) {
  DramTimingConfig c;
  c.preset = test::preset(name);
  c.refresh = refresh;
  return c;
}

TEST(DramEnergy, OneReadFromClosedBankMatchesHandComputation) {
  DramTimingModel m(configFor("ddr4-2400", false));
  ASSERT_TRUE(m.AddTransaction(0, false));
  m.drain();  // ACT at 0, RD at 16, data done at 16 + 16 + 4 = 36; drained after tick 36
  DramStats s = m.stats();
  ASSERT_EQ(m.clock(), 37);
  ASSERT_EQ(s.active_cycles, 37u);
  DramEnergy e = computeDramEnergy(m.config().preset, s);
  // DDR4-2400 x8 (8 devices), VDD 1.2 V, tCK 0.833 ns, tRC 55, tRAS 39, tRP 16, BL8 = 4 tCK.
  const double act = 1.2 * (48 * 55 - (43 * 39 + 34 * 16)) * 0.833 * 8;  // = 3350.66 pJ
  const double rd = 1.2 * (135 - 43) * 4 * 0.833 * 8;                    // = 2942.82 pJ
  const double bg = 1.2 * 43 * 37 * 0.833 * 8;                           // active standby
  EXPECT_NEAR(e.activate_pj, act, 1e-6);
  EXPECT_NEAR(e.read_pj, rd, 1e-6);
  EXPECT_NEAR(e.background_pj, bg, 1e-6);
  EXPECT_NEAR(e.io_pj, 512 * 2.3, 1e-9);
  EXPECT_NEAR(e.lump_pj, 512 * 15.0, 1e-9);
  EXPECT_NEAR(e.totalPj(), act + rd + bg + 512 * 2.3, 1e-6);
  EXPECT_NEAR(rd / 512, 5.75, 0.05) << "hardware page: about 5.7 pJ/bit read";
}

TEST(DramEnergy, PerBitCoreEnergyOfPresetsMatchesHardwarePage) {
  DramPreset hbm = test::preset("hbm2");
  const double bits = hbm.burstBytes() * 8.0;
  EXPECT_NEAR(dramReadEnergyPj(hbm) / bits, 1.6, 0.1);
  EXPECT_NEAR((dramReadEnergyPj(hbm) + dramActivateEnergyPj(hbm)) / bits, 3.2, 0.15);
  DramPreset lp = test::preset("lpddr4-3200");
  EXPECT_NEAR(dramReadEnergyPj(lp) / (lp.burstBytes() * 8.0), 5.3, 0.1);
}

class TileTimerPerPreset : public ::testing::TestWithParam<const char*> {};

TEST_P(TileTimerPerPreset, ShortTileEqualsCycleByCycleModel) {
  DramTimingConfig cfg = configFor(GetParam(), false);
  DramTileTimer timer(cfg);
  for (uint64_t addr : {0ull, 4096ull, 123456ull * 64}) {
    for (uint64_t bytes : {64ull, 1000ull, 32768ull}) {
      DramTimingModel m(cfg);
      DramStreamResult r = runDramStream(m, addr, bytes, false);
      const DramTileCost& c = timer.cost(addr, bytes, false);
      EXPECT_EQ(c.cycles, r.cycles()) << addr << " " << bytes;
      EXPECT_EQ(c.stats.reads, m.stats().reads);
      EXPECT_EQ(c.stats.activates, m.stats().activates);
    }
  }
}

TEST_P(TileTimerPerPreset, ExtrapolatedLongStreamEqualsFullSimulation) {
  DramTimingConfig cfg = configFor(GetParam(), false);
  DramTileTimer fast(cfg, 4), full(cfg, 0);
  const uint64_t period = DramAddressMapper(cfg.preset, 1).rowPeriodBytes();
  for (uint64_t bytes : {7 * period + 4096, 11 * period, 16 * period + 64}) {
    for (bool write : {false, true}) {
      const DramTileCost& a = fast.cost(1024, bytes, write);
      const DramTileCost& b = full.cost(1024, bytes, write);
      EXPECT_EQ(a.cycles, b.cycles) << bytes << (write ? " write" : " read");
      EXPECT_EQ(a.stats.activates, b.stats.activates);
      EXPECT_EQ(a.stats.row_hits, b.stats.row_hits);
      EXPECT_NEAR(a.energy.totalPj(), b.energy.totalPj(), 1e-6 * b.energy.totalPj());
    }
  }
}

TEST_P(TileTimerPerPreset, AmortizedRefreshTracksModelWithRefresh) {
  DramTimingConfig cfg = configFor(GetParam(), true);
  DramTileTimer timer(cfg);
  const uint64_t bytes = 2u << 20;
  DramTimingModel m(cfg);
  DramStreamResult r = runDramStream(m, 0, bytes, false);
  const DramTileCost& c = timer.cost(0, bytes, false);
  EXPECT_NEAR(c.totalCycles(), double(r.cycles()), 0.02 * double(r.cycles()));
  EXPECT_NEAR(c.refreshes, double(m.stats().refreshes), 2.0);
  EXPECT_GT(c.energy.refresh_pj, 0.0);
}

INSTANTIATE_TEST_SUITE_P(Presets, TileTimerPerPreset, ::testing::Values("ddr4-2400", "lpddr4-3200", "hbm2"));

TEST_P(TileTimerPerPreset, StridedTileEqualsCycleByCycleModelAndCostsMoreThanContiguous) {
  DramTimingConfig cfg = configFor(GetParam(), false);
  DramTileTimer timer(cfg);
  const uint64_t row_bytes = 512, rows = 32;
  const uint64_t stride = DramAddressMapper(cfg.preset, 1).rowPeriodBytes() + 512;  // every run in a new DRAM row
  DramTimingModel m(cfg);
  DramStreamResult r = runDramStrided(m, 256, row_bytes, rows, stride, false);
  const DramTileCost& c = timer.costStrided(256, row_bytes, rows, stride, false);
  EXPECT_EQ(c.cycles, r.cycles());
  EXPECT_EQ(c.stats.reads, m.stats().reads);
  EXPECT_GE(c.stats.activates, rows) << "each run opens a new row";
  const DramTileCost& flat = timer.cost(256, row_bytes * rows, false);
  EXPECT_GT(c.cycles, flat.cycles);
  EXPECT_GT(c.energy.totalPj(), flat.energy.totalPj());
  EXPECT_EQ(timer.costStrided(256, row_bytes, rows, row_bytes, false).cycles, flat.cycles)
      << "stride = row is contiguous";
}

TEST(DramTileTimer, MemoizesStreamsOneRowPeriodApart) {
  DramTimingConfig cfg = configFor("ddr4-2400", false);
  DramTileTimer timer(cfg);
  const uint64_t period = DramAddressMapper(cfg.preset, 1).rowPeriodBytes();
  int64_t c0 = timer.cost(512, 8192, true).cycles;
  EXPECT_EQ(timer.cost(512 + 3 * period, 8192, true).cycles, c0);
  EXPECT_EQ(timer.memoHits(), 1u);
  EXPECT_EQ(timer.memoSize(), 1u);
  timer.cost(512, 8192, false);
  EXPECT_EQ(timer.memoSize(), 2u);
}

}  // namespace
}  // namespace vpsim
