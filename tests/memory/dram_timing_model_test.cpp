// DramTimingModel as a whole: bandwidth of sequential streams (>= 90% of peak with refresh on),
// random reads bounded by tRC per bank, refresh cadence, completion callbacks, row-hit accounting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "memory/dram_stream.h"
#include "memory/dram_timing_model.h"
#include "tests/memory/dram_test_util.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

DramTimingConfig configFor(const char* name, bool refresh = true) {
  DramTimingConfig c;
  c.preset = test::preset(name);
  c.refresh = refresh;
  return c;
}

class DramModelPerPreset : public ::testing::TestWithParam<const char*> {};

TEST_P(DramModelPerPreset, SequentialReadStreamReachesNinetyPercentOfPeak) {
  DramTimingModel m(configFor(GetParam()));
  const uint64_t bytes = 4u << 20;  // long enough for dozens of refreshes
  DramStreamResult r = runDramStream(m, 0, bytes, false);
  const double achieved = double(bytes) / double(r.cycles()) / m.peakBytesPerCycle();
  EXPECT_GE(achieved, 0.90) << GetParam();
  EXPECT_LE(achieved, 1.0);
  DramStats s = m.stats();
  EXPECT_GT(s.refreshes, 10u);
  EXPECT_EQ(s.reads, bytes / uint64_t(m.config().preset.burstBytes()));
  EXPECT_GT(s.row_hits, 20 * (s.row_misses + s.row_conflicts)) << "a stream mostly hits open rows";
}

TEST_P(DramModelPerPreset, SequentialWriteStreamReachesNinetyPercentOfPeak) {
  DramTimingModel m(configFor(GetParam()));
  const uint64_t bytes = 2u << 20;
  DramStreamResult r = runDramStream(m, 0, bytes, true);
  EXPECT_GE(double(bytes) / double(r.cycles()) / m.peakBytesPerCycle(), 0.90) << GetParam();
  EXPECT_EQ(m.stats().writes, bytes / uint64_t(m.config().preset.burstBytes()));
}

TEST_P(DramModelPerPreset, RandomReadsAreBoundedByTrcPerBank) {
  DramTimingConfig cfg = configFor(GetParam(), false);
  DramTimingModel m(cfg);
  std::mt19937_64 rng(7);
  const uint64_t span = m.mapper().capacityBytes();
  const int n = 20000;
  for (int i = 0; i < n;) {
    if (m.AddTransaction(rng() % span, false))
      ++i;
    else
      m.tickToNextEvent();
  }
  const int64_t cycles = m.drain();
  DramStats s = m.stats();
  const DramPreset& p = cfg.preset;
  // Every bank activates at most once per tRC: requests needing an ACT take >= ACTs/banks * tRC.
  EXPECT_GE(double(cycles), (double(s.activates) / p.banks() - 1) * p.timing.trc);
  EXPECT_GT(s.activates, uint64_t(n * 0.95)) << "random rows almost never hit";
  const double bound = double(p.banks()) * p.burstBytes() / p.timing.trc / m.peakBytesPerCycle();
  const double achieved = double(n) * p.burstBytes() / double(cycles) / m.peakBytesPerCycle();
  EXPECT_LE(achieved, bound);
  if (p.subChannels() == 1) {
    EXPECT_LT(achieved, 0.75) << "one rank: tFAW-bound";
  }
  EXPECT_GT(achieved, 0.10) << "banks must still overlap their row cycles";
}

// Each rank refreshes every tREFI, rank r first at (r + 1) * tREFI / ranks (staggered); HBM2's
// pseudo-channels together.
TEST_P(DramModelPerPreset, RefreshEveryTrefiWhenIdle) {
  DramTimingModel m(configFor(GetParam()));
  const int64_t trefi = m.config().preset.timing.trefi;
  const int subs = m.config().preset.subChannels(), ranks = m.config().preset.org.ranks;
  auto due = [&](int64_t cycle) {  // refreshes due at or before `cycle`
    uint64_t n = 0;
    for (int r = 0; r < subs; ++r)  // pseudo-channels together, ranks staggered
      for (int64_t c = trefi * (r % ranks + 1) / ranks; c <= cycle; c += trefi) ++n;
    return n;
  };
  for (int64_t cycle : {trefi / 2 - 1, trefi / 2, 3 * trefi + 1, 4 * trefi - 1, 7 * trefi / 2 + 1}) {
    m.advanceTo(cycle + 1);  // ticks through `cycle`
    EXPECT_EQ(m.stats().refreshes, due(cycle)) << "by cycle " << cycle;
  }
  EXPECT_EQ(due(3 * trefi + 1), uint64_t(3 * subs));
}

INSTANTIATE_TEST_SUITE_P(Presets, DramModelPerPreset,
                         ::testing::Values("ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"));

double randomReadFraction(const char* preset, bool refresh, int n = 40000) {
  DramTimingModel m(configFor(preset, refresh));
  std::mt19937_64 rng(5);
  const uint64_t span = m.mapper().capacityBytes();
  for (int i = 0; i < n;) {
    if (m.AddTransaction(rng() % span, false))
      ++i;
    else
      m.tickToNextEvent();
  }
  const int64_t cycles = m.drain();
  return double(n) * m.config().preset.burstBytes() / double(cycles) / m.peakBytesPerCycle();
}

// One rank: random reads are bound by tFAW (4 ACTs per tFAW = 4 bursts of BL/2 per 26 tCK: 0.615 of
// peak). Two ranks have a window each: twice the activates, and the data bus (with its rank
// switches) becomes the bound.
TEST(DramTimingModel, TwoRanksLiftTheFourActivateBoundOfRandomReads) {
  const DramPreset p = test::preset("ddr4-2400");
  const double faw_bound = 4.0 * p.burstCycles() / p.timing.tfaw;
  const double one = randomReadFraction("ddr4-2400", false), two = randomReadFraction("ddr4-2400-2r", false);
  EXPECT_LE(one, faw_bound);
  EXPECT_GT(one, 0.9 * faw_bound);
  EXPECT_GT(two, faw_bound) << "two tFAW windows";
  EXPECT_LT(two, 1.0);
  EXPECT_GT(two, 0.8);
}

TEST(DramTimingModel, ReadCompletesAfterActTrcdClAndBurst) {
  DramTimingConfig cfg = configFor("ddr4-2400", false);
  const DramTiming& t = cfg.preset.timing;
  int64_t done = -1;
  DramTimingModel m(cfg, [&](uint64_t addr, bool w, int64_t c) {
    EXPECT_EQ(addr, 4096u);
    EXPECT_FALSE(w);
    done = c;
  });
  ASSERT_TRUE(m.AddTransaction(4096, false));
  m.drain();
  // ACT at 0, RD at tRCD, data ends CL + BL/2 later.
  EXPECT_EQ(done, t.trcd + t.cl + cfg.preset.burstCycles());
  DramStats s = m.stats();
  EXPECT_EQ(s.activates, 1u);
  EXPECT_EQ(s.row_misses, 1u);
}

TEST(DramTimingModel, RowHitsConflictsAndQueueLimit) {
  DramTimingConfig cfg = configFor("ddr4-2400", false);
  cfg.queue_depth = 4;
  cfg.write_queue_depth = 0;  // one queue of 4 for reads and writes
  DramTimingModel m(cfg);
  DramAddress a;
  a.row = 5;
  const uint64_t r5 = m.mapper().encode(a);
  a.row = 6;
  const uint64_t r6 = m.mapper().encode(a);
  a.row = 5;
  a.column = 1;
  const uint64_t r5b = m.mapper().encode(a);
  EXPECT_TRUE(m.AddTransaction(r5, false));
  EXPECT_TRUE(m.AddTransaction(r6, false));
  EXPECT_TRUE(m.AddTransaction(r5b, false));
  EXPECT_TRUE(m.AddTransaction(r5b, true));
  EXPECT_FALSE(m.WillAcceptTransaction(r5, false));
  EXPECT_FALSE(m.AddTransaction(r5, false));
  m.drain();
  DramStats s = m.stats();
  // FR-FCFS serves both row-5 hits before closing row 5 for row 6.
  EXPECT_EQ(s.row_misses, 1u);
  EXPECT_EQ(s.row_hits, 2u);
  EXPECT_EQ(s.row_conflicts, 1u);
  EXPECT_EQ(s.activates, 2u);
  EXPECT_EQ(s.requests, 4u);
}

// FR-FCFS serves a hot row's hits ahead of an older request to another row of the bank for as long as
// hits keep coming; the row-hit cap bounds that: after `cap` CAS since the ACT the older request goes.
TEST(DramTimingModel, RowHitCapBoundsHowLongAHotRowStarvesAnOlderRequest) {
  auto hitsBeforeOtherRow = [](int cap) {
    DramTimingConfig c;
    c.preset = test::preset("ddr4-2400");
    c.refresh = false;
    c.row_hit_cap = cap;
    DramTimingModel m(c);
    std::vector<int64_t> rd_rows;  // row of each RD, in order
    m.setCommandObserver([&](int, DramCommand cmd, int, int64_t row, int64_t) {
      if (cmd == DramCommand::Rd) rd_rows.push_back(row);
    });
    auto at = [&](int64_t row, int64_t column) {
      DramAddress a;
      a.row = row, a.column = column;
      return m.mapper().encode(a);
    };
    EXPECT_TRUE(m.AddTransaction(at(0, 0), false));
    m.drain();                                       // row 0 open, one hit served
    EXPECT_TRUE(m.AddTransaction(at(1, 0), false));  // the older request, to another row
    for (int col = 1; col <= 20; ++col) EXPECT_TRUE(m.AddTransaction(at(0, col), false));
    m.drain();
    return int(std::find(rd_rows.begin(), rd_rows.end(), 1) - rd_rows.begin());
  };
  EXPECT_EQ(hitsBeforeOtherRow(0), 21);  // no cap: every hit first
  EXPECT_EQ(hitsBeforeOtherRow(4), 4);   // the first RD and 3 more, then PRE, ACT row 1
  DramTimingConfig bad;
  bad.preset = test::preset("ddr4-2400");
  bad.row_hit_cap = -1;
  EXPECT_THROW(DramTimingModel{bad}, InputError);
}

TEST(DramTimingModel, SkippingIdleCyclesEqualsTickingEveryCycle) {
  DramTimingConfig cfg = configFor("hbm2");
  cfg.channels = 2;
  std::vector<std::pair<uint64_t, int64_t>> slow_done, fast_done;
  DramTimingModel slow(cfg, [&](uint64_t a, bool, int64_t c) { slow_done.emplace_back(a, c); });
  DramTimingModel fast(cfg, [&](uint64_t a, bool, int64_t c) { fast_done.emplace_back(a, c); });
  std::mt19937_64 rng(3);
  for (int i = 0; i < 30000; ++i) {  // bursts of sequential and random traffic, reads and writes
    const uint64_t addr = (i % 200 < 100) ? uint64_t(i) * 32 : rng() % slow.mapper().capacityBytes();
    const bool write = (i / 50) % 3 == 0;
    while (!slow.AddTransaction(addr, write)) slow.ClockTick();
    while (!fast.AddTransaction(addr, write)) fast.tickToNextEvent();
    if (i % 5000 == 0) {  // idle gaps long enough for refreshes
      while (!slow.idle()) slow.ClockTick();
      fast.drain();
      ASSERT_EQ(slow.clock(), fast.clock());
      const int64_t later = std::max(slow.clock(), fast.clock()) + 5000;
      while (slow.clock() < later) slow.ClockTick();
      fast.advanceTo(later);
    }
  }
  while (!slow.idle()) slow.ClockTick();
  fast.drain();
  ASSERT_EQ(slow_done.size(), 30000u);
  EXPECT_EQ(slow_done, fast_done);
  EXPECT_EQ(slow.stats().activates, fast.stats().activates);
  EXPECT_EQ(slow.stats().refreshes, fast.stats().refreshes);
  EXPECT_GT(slow.stats().refreshes, 0u);
}

TEST(DramAddressMapper, DecodeEncodeRoundTripAndBadMappingRejected) {
  DramPreset p = test::preset("hbm2");
  DramAddressMapper m(p, 2, "ro-ba-co-bg-pc-ch");
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    uint64_t addr = (rng() % m.capacityBytes()) / uint64_t(p.burstBytes()) * uint64_t(p.burstBytes());
    EXPECT_EQ(m.encode(m.decode(addr)), addr);
  }
  EXPECT_EQ(m.decode(uint64_t(p.burstBytes())).channel, 1);
  EXPECT_EQ(m.decode(uint64_t(2 * p.burstBytes())).pseudo_channel, 1);
  EXPECT_EQ(m.decode(uint64_t(4 * p.burstBytes())).bankgroup, 1);
  EXPECT_THROW({ DramAddressMapper bad(p, 1, "ro-ba-co-bg-ch"); }, InputError)
      << "two pseudo-channels: pc must be named";
  EXPECT_THROW({ DramAddressMapper bad(p, 1, "ro-ba-co-bg-pc"); }, InputError);
  const DramPreset two = test::preset("ddr4-2400-2r");
  EXPECT_THROW({ DramAddressMapper bad(two, 1, "ro-ba-co-bg-ch"); }, InputError) << "two ranks: ra must be named";
  DramAddressMapper ranked(two, 1, "ro-ba-co-bg-ra-ch");
  DramAddress a = ranked.decode(uint64_t(two.burstBytes()));
  EXPECT_EQ(a.rank, 1);
  EXPECT_EQ(a.bank, two.banksPerRank());  // flat: rank 1's first bank
  // Default: ra just below ro: a stream stays in one rank for half a row period (128 KiB).
  const DramAddressMapper def(two, 1);
  EXPECT_EQ(def.rowPeriodBytes(), uint64_t(256) << 10);
  EXPECT_EQ(def.decode((uint64_t(128) << 10) - 64).rank, 0);
  a = def.decode(uint64_t(128) << 10);
  EXPECT_EQ(a.rank, 1);
  EXPECT_EQ(a.row, 0);
  for (int i = 0; i < 1000; ++i) {
    uint64_t addr = (rng() % ranked.capacityBytes()) / uint64_t(two.burstBytes()) * uint64_t(two.burstBytes());
    EXPECT_EQ(ranked.encode(ranked.decode(addr)), addr);
  }
  EXPECT_EQ(ranked.capacityBytes(), uint64_t(16) << 30);
  EXPECT_THROW({ DramAddressMapper bad(p, 1, "ro-ba-co-bg-pc-xx"); }, InputError);
  EXPECT_THROW({ DramAddressMapper bad(p, 3, "ro-ba-co-bg-pc-ch"); }, InputError);
}

}  // namespace
}  // namespace vpsim

namespace vpsim {
namespace {

// Write drain: with reads waiting, writes wait in their queue until more than high x depth of them
// do (refused at the watermark, entered one write past it); then writes only, until fewer than
// low x depth remain.
TEST(DramWriteDrain, EntersOneWritePastTheHighWatermarkAndLeavesBelowTheLow) {
  DramTimingConfig cfg = configFor("ddr4-2400", false);
  cfg.queue_depth = 32;
  cfg.write_queue_depth = 10;
  cfg.write_high_watermark = 0.6;  // drain above 6 writes
  cfg.write_low_watermark = 0.3;   // until fewer than 3
  DramTimingModel m(cfg);
  std::vector<DramCommand> cas;
  m.setCommandObserver([&](int, DramCommand c, int, int64_t, int64_t) {
    if (c == DramCommand::Rd || c == DramCommand::Wr) cas.push_back(c);
  });
  auto at = [&](int bank, int64_t row, int64_t col) {
    DramAddress a;
    a.bankgroup = bank % 4, a.bank = bank / 4, a.row = row, a.column = col;
    return m.mapper().encode(a);
  };
  for (int i = 0; i < 24; ++i) ASSERT_TRUE(m.AddTransaction(at(i % 16, 1 + i / 16, 0), false));  // reads keep waiting
  for (int w = 0; w < 6; ++w) ASSERT_TRUE(m.AddTransaction(at(w, 9, w + 1), true));
  m.ClockTick();
  EXPECT_EQ(m.stats().write_drains, 0u) << "6 writes: at the high watermark, not past it";
  ASSERT_TRUE(m.AddTransaction(at(6, 9, 7), true));
  m.ClockTick();
  EXPECT_EQ(m.stats().write_drains, 1u) << "7 writes: past it";
  m.drain();
  // From the switch on: writes until 2 remain (< 3), then reads; the last 2 go when the reads run out.
  const auto first_wr = std::find(cas.begin(), cas.end(), DramCommand::Wr);
  ASSERT_NE(first_wr, cas.end());
  const auto next_rd = std::find(first_wr, cas.end(), DramCommand::Rd);
  EXPECT_EQ(next_rd - first_wr, 5);
  EXPECT_EQ(std::count(cas.begin(), cas.end(), DramCommand::Wr), 7);
  EXPECT_EQ(m.stats().write_drains, 2u) << "the last two writes: a second drain once no read waits";
}

// A read stream with bursts of writes: separate queues drain the writes in batches (few bus
// turnarounds) and keep every read's latency bounded; a shared FR-FCFS queue interleaves them.
TEST(DramWriteDrain, WriteBurstsGoInBatchesAndReadLatencyStaysBounded) {
  auto run = [](int write_queue_depth, uint64_t& turnarounds, int64_t& max_read_latency, double& mean_read) {
    DramTimingConfig cfg = configFor("ddr4-2400", true);
    cfg.write_queue_depth = write_queue_depth;
    DramTimingModel m(cfg);
    std::mt19937_64 rng(9);
    std::map<uint64_t, int64_t> arrive;
    max_read_latency = 0;
    m.setCallback([&](uint64_t addr, bool w, int64_t done) {
      if (w) return;
      max_read_latency = std::max(max_read_latency, done - arrive[addr]);
    });
    bool last_write = false;
    turnarounds = 0;
    m.setCommandObserver([&](int, DramCommand c, int, int64_t, int64_t) {
      if (c != DramCommand::Rd && c != DramCommand::Wr) return;
      turnarounds += (c == DramCommand::Wr) != last_write;
      last_write = c == DramCommand::Wr;
    });
    const uint64_t span = m.mapper().capacityBytes();
    for (int i = 0; i < 20000; ++i) {
      const bool write = (i / 64) % 4 == 3;  // every fourth block of 64 requests is a write burst
      const uint64_t addr = rng() % span / 64 * 64;
      while (!m.AddTransaction(addr, write)) m.tickToNextEvent();
      if (!write) arrive[addr] = m.clock();
    }
    m.drain();
    mean_read = double(m.stats().read_latency) / double(m.stats().read_requests);
  };
  uint64_t split_turns = 0, shared_turns = 0;
  int64_t split_max = 0, shared_max = 0;
  double split_mean = 0, shared_mean = 0;
  run(32, split_turns, split_max, split_mean);
  run(0, shared_turns, shared_max, shared_mean);
  EXPECT_LT(split_turns * 2, shared_turns) << "batches: fewer read/write turnarounds";
  EXPECT_LT(split_max, 2000) << "no read starves behind the writes";
  RecordProperty("split_turnarounds", std::to_string(split_turns));
  RecordProperty("shared_turnarounds", std::to_string(shared_turns));
  std::printf("turnarounds split %llu shared %llu; read latency max %lld / %lld, mean %.1f / %.1f tCK\n",
              (unsigned long long)split_turns, (unsigned long long)shared_turns, (long long)split_max,
              (long long)shared_max, split_mean, shared_mean);
}

}  // namespace
}  // namespace vpsim

namespace vpsim {
namespace {

// HBM2 random reads are tFAW-bound per pseudo-channel: 4 ACTs per tFAW, each a BL4 burst of
// BL/2 cycles on that pseudo-channel's data bus.
TEST(DramPseudoChannels, RandomReadsAreFourActivateBoundPerPseudoChannel) {
  const DramPreset p = test::preset("hbm2");
  const double faw_bound = 4.0 * p.burstCycles() / p.timing.tfaw;  // fraction of one pseudo-channel's peak
  const double achieved = randomReadFraction("hbm2", false);       // fraction of both
  EXPECT_LE(achieved, faw_bound);
  EXPECT_GT(achieved, 0.85 * faw_bound);
}

}  // namespace
}  // namespace vpsim
