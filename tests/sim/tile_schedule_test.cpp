// TileSchedule: every compute waits for the loads before it, ping-pong loads wait for the computes
// that read the half they overwrite, and the schedule covers the pass's MACs exactly once.
#include <gtest/gtest.h>

#include "isa/compiler.h"
#include "isa/tile_schedule.h"

namespace vpsim {

namespace {
TileSchedule scheduleFor(const GemmPass& g, int b0, int b1, bool double_buffered) {
  CompilerTarget t = bitFusionTarget();
  t.ibuf_double = t.wbuf_double = t.obuf_double = double_buffered;
  const CompiledPass cp = compilePass(t, g, b0, b1);
  ScheduleLayout layout;
  layout.double_buffered = {double_buffered, double_buffered, double_buffered};
  layout.half_bytes = {uint64_t(t.ibuf_bits / 16), uint64_t(t.obuf_bits / 16), uint64_t(t.wbuf_bits / 16)};
  layout.element_bits = {b1, 32, b0};
  return buildTileSchedule(cp.program, layout);
}
GemmPass convPass(Pass p) {
  LayerOp l{"c", LayerKind::Conv, 64, 64, 16, 16, 16, 16, 3, 1, 1, 1};
  return lowerPass(l, p, 32);
}
}  // namespace

TEST(TileSchedule, CoversEveryMacOnce) {
  for (Pass p : kAllPasses) {
    const GemmPass g = convPass(p);
    EXPECT_EQ(scheduleFor(g, 4, 8, true).macs, g.macs()) << passName(p);
  }
}

TEST(TileSchedule, ComputesWaitForEarlierLoadsOnly) {
  const TileSchedule s = scheduleFor(convPass(Pass::Fwd), 8, 8, true);
  ASSERT_FALSE(s.compute.empty());
  std::array<int64_t, 3> total{};
  for (const auto& d : s.dma)
    if (d.is_load) ++total[d.buffer];
  std::array<int64_t, 3> prev{};
  for (const auto& c : s.compute) {
    for (int b = 0; b < 3; ++b) {
      EXPECT_GE(c.wait_loads[b], prev[b]);  // non-decreasing
      EXPECT_LE(c.wait_loads[b], total[b]);
      prev[b] = c.wait_loads[b];
    }
  }
  EXPECT_GE(s.compute.front().wait_loads[0], 1);  // inputs loaded before the first tile
  EXPECT_GE(s.compute.front().wait_loads[2], 1);  // weights too
}

// Both halves start free: with ping-pong the second load of a buffer waits for no compute (it
// overlaps the first tile), and a load waits only for the computes that read its half. Without
// double buffering the second load waits for the compute that read the first.
TEST(TileSchedule, PingPongLetsTheNextLoadOverlapCompute) {
  for (bool db : {true, false}) {
    const TileSchedule s = scheduleFor(convPass(Pass::Fwd), 8, 8, db);
    std::array<std::vector<const DmaOp*>, 3> loads;
    for (const auto& d : s.dma)
      if (d.is_load) loads[d.buffer].push_back(&d);
    ASSERT_GE(loads[0].size(), 2u);
    EXPECT_EQ(loads[0][0]->wait_computes, 0);
    if (db) {
      EXPECT_EQ(loads[0][1]->wait_computes, 0);
      EXPECT_NE(loads[0][0]->buffer_byte_addr, loads[0][1]->buffer_byte_addr);
      EXPECT_EQ(loads[0][0]->buffer_byte_addr, loads[0][2 % loads[0].size()]->buffer_byte_addr);
    } else {
      EXPECT_GE(loads[0][1]->wait_computes, 1);
    }
    for (size_t i = 1; i < loads[0].size(); ++i) EXPECT_GE(loads[0][i]->wait_computes, loads[0][i - 1]->wait_computes);
  }
}

}  // namespace vpsim
