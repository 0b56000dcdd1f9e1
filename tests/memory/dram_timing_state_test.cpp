// Timing-constraint edges in the Ramulator 2.1 style: each command is refused one cycle before its
// constraint expires and accepted exactly when it does, for every shipped preset.
#include <gtest/gtest.h>

#include "memory/dram_timing_state.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

using C = DramCommand;

class DramTimingEdges : public ::testing::TestWithParam<const char*> {
 protected:
  DramPreset p = test::preset(GetParam());
  DramTiming t = p.timing;
  DramTimingState s{p};
  int bpg = p.org.banks_per_group;
  int otherGroupBank() const { return p.org.bankgroups > 1 ? bpg : -1; }  // bank 0 of group 1
};

TEST_P(DramTimingEdges, ReadRefusedAtTrcdMinusOneAcceptedAtTrcd) {
  s.issue(C::Act, 0, 7, 100);
  EXPECT_FALSE(s.canIssue(C::Rd, 0, 7, 100 + t.trcd - 1));
  EXPECT_TRUE(s.canIssue(C::Rd, 0, 7, 100 + t.trcd));
  EXPECT_FALSE(s.canIssue(C::Wr, 0, 7, 100 + t.trcd - 1));
  EXPECT_TRUE(s.canIssue(C::Wr, 0, 7, 100 + t.trcd));
  EXPECT_FALSE(s.canIssue(C::Rd, 0, 8, 100 + t.trcd)) << "another row is not open";
  EXPECT_FALSE(s.canIssue(C::Rd, 1, 7, 100 + t.trcd)) << "bank 1 is closed";
}

TEST_P(DramTimingEdges, PrechargeWaitsTrasThenActivateWaitsTrpAndTrc) {
  s.issue(C::Act, 0, 1, 0);
  EXPECT_FALSE(s.canIssue(C::Pre, 0, 0, t.tras - 1));
  ASSERT_TRUE(s.canIssue(C::Pre, 0, 0, t.tras));
  s.issue(C::Pre, 0, 0, t.tras);
  const int64_t act_ok = std::max<int64_t>(t.tras + t.trp, t.trc);
  EXPECT_FALSE(s.canIssue(C::Act, 0, 2, act_ok - 1));
  EXPECT_TRUE(s.canIssue(C::Act, 0, 2, act_ok));
}

TEST_P(DramTimingEdges, ActivateToActivateTrrdShortAndLong) {
  s.issue(C::Act, 0, 1, 0);
  EXPECT_FALSE(s.canIssue(C::Act, 1, 1, t.trrd_l - 1)) << "same bank group";
  EXPECT_TRUE(s.canIssue(C::Act, 1, 1, t.trrd_l));
  if (otherGroupBank() < 0) GTEST_SKIP() << "no bank groups";
  EXPECT_FALSE(s.canIssue(C::Act, otherGroupBank(), 1, t.trrd_s - 1));
  EXPECT_TRUE(s.canIssue(C::Act, otherGroupBank(), 1, t.trrd_s));
}

TEST_P(DramTimingEdges, FifthActivateWaitsForTfaw) {
  int64_t cycle = 0;
  for (int b = 0; b < 4; ++b) {  // four ACTs as early as tRRD allows
    cycle = std::max<int64_t>(cycle, s.earliest(C::Act, b));
    s.issue(C::Act, b, 1, cycle);
  }
  const int b5 = 4 % s.bankCount() == 0 ? -1 : 4;
  ASSERT_GT(b5, 0);
  const int64_t faw_edge = t.tfaw;  // first ACT at cycle 0
  if (s.earliest(C::Act, b5) > faw_edge) GTEST_SKIP() << "tRRD dominates tFAW for this preset";
  EXPECT_FALSE(s.canIssue(C::Act, b5, 1, faw_edge - 1));
  EXPECT_TRUE(s.canIssue(C::Act, b5, 1, faw_edge));
}

TEST_P(DramTimingEdges, ReadToReadTccdShortAndLong) {
  s.issue(C::Act, 0, 1, 0);
  s.issue(C::Act, 1, 1, 100);
  if (otherGroupBank() > 0) s.issue(C::Act, otherGroupBank(), 1, 200);
  s.issue(C::Rd, 0, 1, 300);
  EXPECT_FALSE(s.canIssue(C::Rd, 1, 1, 300 + t.tccd_l - 1)) << "same bank group: tCCD_L";
  EXPECT_TRUE(s.canIssue(C::Rd, 1, 1, 300 + t.tccd_l));
  if (otherGroupBank() < 0) GTEST_SKIP() << "no bank groups";
  EXPECT_FALSE(s.canIssue(C::Rd, otherGroupBank(), 1, 300 + t.tccd_s - 1));
  EXPECT_TRUE(s.canIssue(C::Rd, otherGroupBank(), 1, 300 + t.tccd_s));
}

TEST_P(DramTimingEdges, WriteToReadAndWriteToPrecharge) {
  s.issue(C::Act, 0, 1, 0);
  s.issue(C::Wr, 0, 1, 100);
  const int64_t data_end = 100 + t.cwl + p.burstCycles();
  EXPECT_FALSE(s.canIssue(C::Rd, 0, 1, data_end + t.twtr_l - 1));
  EXPECT_TRUE(s.canIssue(C::Rd, 0, 1, data_end + t.twtr_l));
  EXPECT_FALSE(s.canIssue(C::Pre, 0, 0, data_end + t.twr - 1));
  EXPECT_TRUE(s.canIssue(C::Pre, 0, 0, data_end + t.twr));
}

TEST_P(DramTimingEdges, RefreshNeedsClosedBanksAndBlocksActivateForTrfc) {
  s.issue(C::Act, 0, 1, 0);
  EXPECT_FALSE(s.canIssue(C::Ref, 0, 0, 10000)) << "a bank is open";
  s.issue(C::Pre, 0, 0, 1000);
  EXPECT_FALSE(s.canIssue(C::Ref, 0, 0, 1000 + t.trp - 1));
  ASSERT_TRUE(s.canIssue(C::Ref, 0, 0, 1000 + t.trp));
  s.issue(C::Ref, 0, 0, 2000);
  EXPECT_FALSE(s.canIssue(C::Act, 3, 1, 2000 + t.trfc - 1));
  EXPECT_TRUE(s.canIssue(C::Act, 3, 1, 2000 + t.trfc));
}

INSTANTIATE_TEST_SUITE_P(Presets, DramTimingEdges,
                         ::testing::Values("ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"));

}  // namespace
}  // namespace vpsim

namespace vpsim {
namespace {

// Ranks (ddr4-2400-2r): tRRD, tFAW and refresh apply per rank; CASes of different ranks share the
// data bus and keep their bursts tRTRS apart. Each edge: refused at tX - 1, accepted at tX.
class DramRankEdges : public ::testing::Test {
 protected:
  DramPreset p = test::preset("ddr4-2400-2r");
  DramTiming t = p.timing;
  DramTimingState s{p};
  int bl2 = p.burstCycles();
  int r1 = p.banksPerRank();  // bank 0 of rank 1
};

TEST_F(DramRankEdges, PresetHasTwoRanksOnOneDataBus) {
  EXPECT_EQ(s.rankCount(), 2);
  EXPECT_EQ(s.bankCount(), 32);
  EXPECT_EQ(s.rankOf(r1 - 1), 0);
  EXPECT_EQ(s.rankOf(r1), 1);
  EXPECT_GT(t.trtrs, 0);
}

TEST_F(DramRankEdges, ActivateToActivateTrrdAppliesWithinARankOnly) {
  s.issue(C::Act, 4, 1, 100);  // rank 0, bank group 1
  EXPECT_FALSE(s.canIssue(C::Act, 0, 1, 100 + t.trrd_s - 1)) << "same rank, other bank group";
  EXPECT_TRUE(s.canIssue(C::Act, 0, 1, 100 + t.trrd_s));
  EXPECT_TRUE(s.canIssue(C::Act, r1 + 4, 1, 101)) << "rank 1, same bank group index: no tRRD across ranks";
}

TEST_F(DramRankEdges, FourActivateWindowIsPerRank) {
  int64_t cycle = 0;
  for (int b = 0; b < 4; ++b) {  // four ACTs to rank 0, each in its own bank group (tRRD_S apart)
    cycle = std::max<int64_t>(cycle, s.earliest(C::Act, b * 4));
    s.issue(C::Act, b * 4, 1, cycle);
  }
  ASSERT_LE(s.earliest(C::Act, 1), t.tfaw) << "tFAW must bind for this edge";
  EXPECT_FALSE(s.canIssue(C::Act, 1, 1, t.tfaw - 1)) << "fifth ACT of rank 0";
  EXPECT_TRUE(s.canIssue(C::Act, 1, 1, t.tfaw));
  EXPECT_TRUE(s.canIssue(C::Act, r1 + 1, 1, cycle + 1)) << "rank 1 has its own window";
}

TEST_F(DramRankEdges, RefreshIsPerRankAndBlocksOnlyItsRank) {
  s.issue(C::Act, r1, 3, 0);  // rank 1 busy; rank 0 precharged
  EXPECT_TRUE(s.canIssue(C::Ref, 0, 0, 10)) << "rank 0 may refresh while rank 1 has a row open";
  EXPECT_FALSE(s.canIssue(C::Ref, r1, 0, 10000)) << "rank 1 has a bank open";
  s.issue(C::Ref, 0, 0, 10);
  EXPECT_FALSE(s.canIssue(C::Act, 5, 1, 10 + t.trfc - 1));
  EXPECT_TRUE(s.canIssue(C::Act, 5, 1, 10 + t.trfc));
  EXPECT_TRUE(s.canIssue(C::Act, r1 + 5, 1, 11 + t.trrd_s)) << "rank 1 is not refreshing";
}

// Both ranks with a row open long before: only the CAS-to-CAS rules are left.
class DramRankSwitch : public DramRankEdges {
 protected:
  void SetUp() override {
    s.issue(C::Act, 0, 1, 0);
    s.issue(C::Act, 4, 1, 5);  // rank 0, bank group 1
    s.issue(C::Act, r1, 1, 10);
  }
  static constexpr int64_t kT = 1000;
};

TEST_F(DramRankSwitch, ReadToReadOfAnotherRankWaitsBurstPlusTrtrs) {
  s.issue(C::Rd, 0, 1, kT);
  EXPECT_TRUE(s.canIssue(C::Rd, 4, 1, kT + t.tccd_s)) << "same rank: tCCD_S";
  EXPECT_FALSE(s.canIssue(C::Rd, r1, 1, kT + bl2 + t.trtrs - 1));
  EXPECT_TRUE(s.canIssue(C::Rd, r1, 1, kT + bl2 + t.trtrs));
}

TEST_F(DramRankSwitch, WriteToWriteOfAnotherRankWaitsBurstPlusTrtrs) {
  s.issue(C::Wr, 0, 1, kT);
  EXPECT_FALSE(s.canIssue(C::Wr, r1, 1, kT + bl2 + t.trtrs - 1));
  EXPECT_TRUE(s.canIssue(C::Wr, r1, 1, kT + bl2 + t.trtrs));
}

TEST_F(DramRankSwitch, ReadToWriteOfAnotherRank) {
  s.issue(C::Rd, 0, 1, kT);
  const int64_t edge = kT + t.cl + bl2 + t.trtrs - t.cwl;  // write data tRTRS after the read data
  EXPECT_FALSE(s.canIssue(C::Wr, r1, 1, edge - 1));
  EXPECT_TRUE(s.canIssue(C::Wr, r1, 1, edge));
}

TEST_F(DramRankSwitch, WriteToReadOfAnotherRankSkipsTwtr) {
  s.issue(C::Wr, 0, 1, kT);
  const int64_t edge = kT + t.cwl + bl2 + t.trtrs - t.cl;  // read data tRTRS after the write data
  ASSERT_GT(edge, kT);
  EXPECT_FALSE(s.canIssue(C::Rd, r1, 1, edge - 1));
  EXPECT_TRUE(s.canIssue(C::Rd, r1, 1, edge));
  EXPECT_LT(edge, kT + t.cwl + bl2 + t.twtr_s) << "tWTR is a rank's own turnaround";
  EXPECT_FALSE(s.canIssue(C::Rd, 4, 1, kT + t.cwl + bl2 + t.twtr_s - 1));
  EXPECT_TRUE(s.canIssue(C::Rd, 4, 1, kT + t.cwl + bl2 + t.twtr_s));
}

}  // namespace
}  // namespace vpsim

namespace vpsim {
namespace {

// HBM2 pseudo-channels: each has its own banks, data bus and array timing (tRRD, tFAW, tCCD, tWTR
// counted per pseudo-channel, JESD235); they share the row command bus, where an ACT takes two
// cycles, and the column command bus (one command per cycle on each: the scheduler's rule).
class DramPseudoChannelEdges : public ::testing::Test {
 protected:
  DramPreset p = test::preset("hbm2");
  DramTiming t = p.timing;
  DramTimingState s{p};
  int pc1 = p.banksPerRank();  // bank 0 of pseudo-channel 1
};

TEST_F(DramPseudoChannelEdges, PresetHasTwoPseudoChannelsAndTwoCommandBuses) {
  EXPECT_EQ(p.org.pseudo_channels, 2);
  EXPECT_EQ(p.org.command_buses, 2);
  EXPECT_EQ(s.rankCount(), 2);
  EXPECT_FALSE(p.sharedDataBus());
  EXPECT_NEAR(p.peakGBps(), 32.0, 1e-9) << "two 64-bit pseudo-channels at 2 Gbps";
  EXPECT_EQ(t.act_bus_cycles, 2);
}

TEST_F(DramPseudoChannelEdges, ActivateHoldsTheRowBusForTwoCycles) {
  s.issue(C::Act, 5, 1, 0);         // pseudo-channel 0, to be precharged
  s.issue(C::Act, pc1 + 5, 1, 10);  // pseudo-channel 1, to be read
  const int64_t t0 = 1000;
  s.issue(C::Act, 0, 1, t0);
  EXPECT_FALSE(s.canIssue(C::Act, pc1 + 1, 1, t0 + t.act_bus_cycles - 1)) << "other pseudo-channel: row bus busy";
  EXPECT_TRUE(s.canIssue(C::Act, pc1 + 1, 1, t0 + t.act_bus_cycles));
  EXPECT_FALSE(s.canIssue(C::Pre, 5, 0, t0 + t.act_bus_cycles - 1));
  EXPECT_TRUE(s.canIssue(C::Pre, 5, 0, t0 + t.act_bus_cycles));
  EXPECT_TRUE(s.canIssue(C::Rd, pc1 + 5, 1, t0 + 1)) << "the column bus is another bus";
}

TEST_F(DramPseudoChannelEdges, FourActivateWindowAndTrrdArePerPseudoChannel) {
  int64_t cycle = 0;
  for (int b = 0; b < 4; ++b) {  // four ACTs to pseudo-channel 0, one per bank group
    cycle = std::max<int64_t>(cycle, s.earliest(C::Act, b * 4));
    s.issue(C::Act, b * 4, 1, cycle);
  }
  ASSERT_LE(s.earliest(C::Act, 1), t.tfaw);
  EXPECT_FALSE(s.canIssue(C::Act, 1, 1, t.tfaw - 1));
  EXPECT_TRUE(s.canIssue(C::Act, 1, 1, t.tfaw));
  EXPECT_FALSE(s.canIssue(C::Act, pc1, 1, cycle + t.act_bus_cycles - 1));
  EXPECT_TRUE(s.canIssue(C::Act, pc1, 1, cycle + t.act_bus_cycles)) << "no tRRD or tFAW across pseudo-channels";
}

TEST_F(DramPseudoChannelEdges, NoCasToCasRuleAcrossPseudoChannels) {
  s.issue(C::Act, 0, 1, 0);
  s.issue(C::Act, 4, 1, 10);
  s.issue(C::Act, pc1, 1, 20);
  s.issue(C::Wr, 0, 1, 500);
  EXPECT_FALSE(s.canIssue(C::Rd, 4, 1, 500 + t.cwl + p.burstCycles() + t.twtr_s - 1)) << "same pseudo-channel: tWTR_S";
  EXPECT_TRUE(s.canIssue(C::Rd, 4, 1, 500 + t.cwl + p.burstCycles() + t.twtr_s));
  EXPECT_TRUE(s.canIssue(C::Rd, pc1, 1, 501)) << "own data bus: no turnaround, no tCCD";
}

}  // namespace
}  // namespace vpsim
