// Seeded random tiles on random small arrays of every PE kind and both dataflows: cycle fidelity
// (stepped grid) and tile fidelity agree on values, cycles and actions, and values equal a plain
// GEMM modulo the accumulator width. Also: hand-checked grid cycle counts and timing-only tiles.
#include <gtest/gtest.h>

#include "pe/array_timing.h"
#include "pe/systolic_grid.h"
#include "pe/tile_engine.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

namespace {

TileResult stepGrid(const ArrayConfig& a, const PeConfig& pe, const TileData& t) {
  auto grid = makeSystolicGrid(a, pe);
  grid->start(t);
  uint64_t ticks = 0;
  while (grid->busy()) grid->tick(), ++ticks;
  EXPECT_EQ(ticks, grid->clock());
  return grid->result();
}

TileData randomTile(std::mt19937_64& rng, TileShape sh, TileFormat f) {
  TileData t;
  t.shape = sh, t.format = f;
  t.x = randomOperands(rng, size_t(sh.m * sh.k), f.bits1, f.signed1);
  t.s = randomOperands(rng, size_t(sh.k * sh.n), f.bits0, f.signed0);
  return t;
}

}  // namespace

TEST(ArrayRandom, FidelitiesAgreeOnRandomTiles) {
  std::mt19937_64 rng(4242);
  const char* kinds[] = {"bitfusion", "stripes", "loom", "int8", "int16", "reference"};
  for (int trial = 0; trial < 60; ++trial) {
    ArrayConfig a{1 + int(rng() % 4), 1 + int(rng() % 4), kinds[rng() % 6],
                  rng() & 1 ? Dataflow::WeightStationary : Dataflow::OutputStationary};
    PeConfig pe = peConfigByName(a.pe);
    pe.accumulator_bits = 24;  // small enough that long dot products wrap
    if (pe.kind == PeKind::Loom) pe.lanes = 1 + int(rng() % 70);
    TileFormat f{1 + int(rng() % 16), 1 + int(rng() % 16), bool(rng() & 1), bool(rng() & 1)};
    const TileShape sh{1 + int64_t(rng() % 9), 1 + int64_t(rng() % 9), 1 + int64_t(rng() % 90)};
    const TileData t = randomTile(rng, sh, f);
    const TileResult grid = stepGrid(a, pe, t), tile = TileEngine(a, pe).run(t);
    SCOPED_TRACE(pe.describe() + " " + dataflowName(a.dataflow) + " trial " + std::to_string(trial));
    ASSERT_EQ(grid.c.size(), size_t(sh.m * sh.n));
    for (int64_t i = 0; i < sh.m; ++i)
      for (int64_t j = 0; j < sh.n; ++j) {
        int64_t exact = 0;
        for (int64_t k = 0; k < sh.k; ++k) exact += int64_t(t.x[size_t(i * sh.k + k)]) * t.s[size_t(k * sh.n + j)];
        ASSERT_EQ(grid.c[size_t(i * sh.n + j)], wrapToBits(exact, 24));
      }
    EXPECT_EQ(tile.c, grid.c);
    EXPECT_EQ(grid.cycles, tile.cycles);
    EXPECT_EQ(grid.cycles, tileTiming(a, pe, sh, f.bits0, f.bits1).cycles);
    EXPECT_EQ(grid.actions, tile.actions);
  }
}

// Known shapes stepped by the grid: fill + steady state + drain, counted by hand.
TEST(ArrayRandom, GridCyclesForKnownShapes) {
  const PeConfig i8 = peConfigByName("int8");
  TileData t;
  t.shape = {10, 4, 4};  // WS 4x4: 4 load + (10 + 4 + 4 - 2) steps
  EXPECT_EQ(stepGrid({4, 4, "int8", Dataflow::WeightStationary}, i8, t).cycles, 20u);
  t.shape = {1, 1, 1};  // one MAC still crosses the whole array
  EXPECT_EQ(stepGrid({4, 4, "int8", Dataflow::WeightStationary}, i8, t).cycles, 4u + 7u);
  t.shape = {4, 4, 10};  // OS 4x4: (10 + 6) steps + 4 drain
  EXPECT_EQ(stepGrid({4, 4, "int8", Dataflow::OutputStationary}, i8, t).cycles, 20u);
  t.shape = {3, 2, 16}, t.format = {16, 5, true, true};  // stripes: one step = 5 clocks, weights banked
  EXPECT_EQ(stepGrid({2, 2, "stripes", Dataflow::WeightStationary}, peConfigByName("stripes"), t).cycles, (3 + 2) * 5u);
  t.shape = {3, 2, 16}, t.format = {2, 2, true, true};  // bitfusion 2x2: 16 k per PE step, no load
  EXPECT_EQ(stepGrid({2, 2, "bitfusion", Dataflow::WeightStationary}, peConfigByName("bitfusion"), t).cycles, 3u + 2u);
  t.shape = {3, 2, 80}, t.format = {2, 2, true, true};  // 3 k folds, pipelined, spaced max(m, rows) = 3
  EXPECT_EQ(stepGrid({2, 2, "bitfusion", Dataflow::WeightStationary}, peConfigByName("bitfusion"), t).cycles,
            2u * 3u + 3u + 2u);
}

// A tile without values (timing-only run) costs the same cycles and actions as one with values.
TEST(ArrayRandom, TimingOnlyTilesMatch) {
  std::mt19937_64 rng(8);
  const ArrayConfig a{3, 5, "bitfusion", Dataflow::WeightStationary};
  const PeConfig pe = peConfigByName("bitfusion");
  const TileData full = randomTile(rng, {7, 11, 29}, {4, 2, true, true});
  TileData timing = full;
  timing.x.clear(), timing.s.clear();
  const TileResult with = TileEngine(a, pe).run(full), without = TileEngine(a, pe).run(timing);
  EXPECT_TRUE(without.c.empty());
  EXPECT_EQ(without.cycles, with.cycles);
  EXPECT_EQ(without.actions, with.actions);
  EXPECT_EQ(stepGrid(a, pe, timing).cycles, with.cycles);
  EXPECT_EQ(stepGrid(a, pe, timing).actions, with.actions);
}

}  // namespace vpsim
