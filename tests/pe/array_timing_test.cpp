// Array timing and cycle fidelity without SystemC: the stepped grid (every PE, every clock) and
// the tile engine give identical values, cycles and action counts, equal to the timing rules,
// and the values equal a plain integer GEMM. Known fill/drain numbers are checked by hand.
#include <gtest/gtest.h>

#include "pe/array_timing.h"
#include "pe/systolic_grid.h"
#include "pe/tile_engine.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

static TileData randomTile(std::mt19937_64& rng, TileShape sh, TileFormat f) {
  TileData t;
  t.shape = sh, t.format = f;
  t.x = randomOperands(rng, size_t(sh.m * sh.k), f.bits1, f.signed1);
  t.s = randomOperands(rng, size_t(sh.k * sh.n), f.bits0, f.signed0);
  return t;
}

static std::vector<int64_t> plainGemm(const TileData& t) {
  const auto& s = t.shape;
  std::vector<int64_t> c(size_t(s.m * s.n), 0);
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j)
      for (int64_t k = 0; k < s.k; ++k)
        c[size_t(i * s.n + j)] += int64_t(t.x[size_t(i * s.k + k)]) * t.s[size_t(k * s.n + j)];
  return c;
}

static TileResult runGrid(const ArrayConfig& a, const PeConfig& pe, const TileData& t) {
  auto grid = makeSystolicGrid(a, pe);
  grid->start(t);
  while (grid->busy()) grid->tick();
  return grid->result();
}

TEST(ArrayTiming, KnownFillAndDrain) {
  ArrayConfig a{4, 4, "int8", Dataflow::WeightStationary};
  const PeConfig i8 = peConfigByName("int8");
  // Shifted weights (bit-parallel systolic): exposed load 4, then (F-1)*max(m,4) + m + 4 + 4 - 2 steps.
  EXPECT_EQ(tileTiming(a, i8, {10, 4, 4}, 8, 8).cycles, 4u + 16u);                  // one fold
  EXPECT_EQ(tileTiming(a, i8, {1, 1, 1}, 8, 8).cycles, 4u + 7u);                    // one row, one fold
  EXPECT_EQ(tileTiming(a, i8, {10, 5, 9}, 8, 8).cycles, 4u + 5u * 10u + 10u + 6u);  // 3 k x 2 n folds
  // Fewer rows than the array is tall: the next fold's shift-in (and the partial sums) need 4 steps.
  EXPECT_EQ(tileTiming(a, i8, {2, 4, 9}, 8, 8).cycles, 4u + 2u * 4u + 2u + 6u);
  EXPECT_EQ(tileTiming(a, i8, {10, 5, 9}, 8, 8).folds, 6);
  // Bit Fusion reads weights from per-unit banks: nothing exposed. 2x2: 16 products per step, so
  // a row covers 16 k values; two k folds are spaced max(m, rows) apart.
  ArrayConfig b{2, 3, "bitfusion", Dataflow::WeightStationary};
  const PeConfig bfpe = peConfigByName("bitfusion");
  EXPECT_EQ(tileTiming(b, bfpe, {7, 5, 40}, 2, 2).cycles, 3u * 7u + 7u + 3u);           // 2 k x 2 n folds
  EXPECT_EQ(tileTiming(b, bfpe, {1, 5, 40}, 2, 2).cycles, 3u * 2u + 1u + 3u);           // ragged: m < rows
  EXPECT_EQ(tileTiming(b, bfpe, {7, 7, 20}, 2, 2).cycles, 2u * 7u + 7u + 3u);           // 1 k fold: s = m
  EXPECT_EQ(tileTiming(b, bfpe, {7, 5, 40}, 16, 8).cycles, 2u * (39u * 7u + 7u + 3u));  // temporal: 2 cycles/step
  // Stripes: 16 lanes, serial operand 1 at 5 bits -> 5 cycles per step, banked.
  EXPECT_EQ(tileTiming(b, peConfigByName("stripes"), {7, 3, 32}, 16, 5).cycles, 10u * 5u);
  // OS: folds over m and n, ceil(k/P) + rows + cols - 2 steps each, then the last drain.
  a.dataflow = Dataflow::OutputStationary;
  EXPECT_EQ(tileTiming(a, i8, {4, 4, 10}, 8, 8).cycles, 16u + 4u);
  EXPECT_EQ(tileTiming(a, i8, {5, 9, 10}, 8, 8).cycles, 2u * 3u * 16u + 4u);
  // Compute bound: the public Bit Fusion rule m * ceil(k/(N*pf)) * ceil(n/M) plus one fill/drain.
  ArrayConfig bf{16, 32, "bitfusion", Dataflow::WeightStationary};
  const auto tt = tileTiming(bf, bfpe, {100000, 64, 512}, 4, 4);
  EXPECT_EQ(tt.folds, 8 * 2);
  EXPECT_EQ(tt.cycles, 16u * 100000u + 46u);
}

struct GridCase {
  const char* pe;
  int rows, cols;
  Dataflow df;
  TileShape shape;
  TileFormat fmt;
};

TEST(ArrayCycleFidelity, GridEqualsTileEngineEqualsRules) {
  const Dataflow WS = Dataflow::WeightStationary, OS = Dataflow::OutputStationary;
  const GridCase cases[] = {
      {"int8", 4, 4, WS, {10, 4, 4}, {8, 8, true, true}},
      {"int8", 3, 2, WS, {5, 7, 11}, {8, 8, true, false}},
      {"bitfusion", 2, 3, WS, {7, 5, 40}, {2, 2, true, true}},
      {"bitfusion", 2, 2, WS, {3, 3, 9}, {16, 8, true, true}},
      {"bitfusion", 3, 2, OS, {7, 5, 40}, {3, 5, false, true}},
      {"stripes", 2, 2, WS, {4, 3, 37}, {16, 5, true, true}},
      {"stripes", 1, 3, OS, {4, 5, 20}, {7, 3, true, false}},
      {"loom", 2, 2, WS, {3, 3, 300}, {3, 2, true, true}},
      {"loom", 2, 3, OS, {5, 4, 9}, {4, 4, false, false}},
      {"reference", 1, 1, WS, {3, 2, 5}, {8, 8, true, true}},
      {"int16", 5, 1, OS, {11, 2, 3}, {16, 12, true, true}},
      {"int8", 2, 2, OS, {3, 3, 3}, {16, 16, true, true}},
      // pipelined folds at their edges: fewer rows than the array (k folds spaced by rows), one
      // fold, many ragged folds, banked and shifted weights
      {"bitfusion", 4, 2, WS, {2, 5, 100}, {2, 2, true, true}},
      {"int8", 4, 3, WS, {1, 7, 13}, {8, 8, true, true}},
      {"bitfusion", 3, 3, WS, {9, 3, 10}, {8, 8, false, true}},
      {"int8", 3, 4, WS, {6, 9, 8}, {4, 8, true, true}},
      {"loom", 3, 2, WS, {2, 7, 25}, {2, 3, true, false}},
      {"stripes", 3, 2, WS, {5, 5, 100}, {16, 3, true, true}},
  };
  std::mt19937_64 rng(99);
  for (const auto& gc : cases) {
    ArrayConfig a{gc.rows, gc.cols, gc.pe, gc.df};
    PeConfig pe = peConfigByName(gc.pe);
    pe.accumulator_bits = 64;
    const TileData t = randomTile(rng, gc.shape, gc.fmt);
    const TileResult grid = runGrid(a, pe, t), tile = TileEngine(a, pe).run(t);
    SCOPED_TRACE(std::string(gc.pe) + " " + dataflowName(gc.df));
    EXPECT_EQ(grid.c, plainGemm(t));
    EXPECT_EQ(tile.c, grid.c);
    EXPECT_EQ(grid.cycles, tileTiming(a, pe, gc.shape, gc.fmt.bits0, gc.fmt.bits1).cycles);
    EXPECT_EQ(tile.cycles, grid.cycles);
    EXPECT_EQ(grid.actions, tile.actions) << grid.actions.str() << "\n" << tile.actions.str();
  }
}

// Saturating 12-bit accumulators: both fidelities agree value for value, overflow counts included.
TEST(ArrayCycleFidelity, OverflowAgreesAcrossFidelities) {
  std::mt19937_64 rng(3);
  for (Dataflow df : {Dataflow::WeightStationary, Dataflow::OutputStationary}) {
    ArrayConfig a{3, 2, "bitfusion", df};
    PeConfig pe = peConfigByName("bitfusion");
    pe.accumulator_bits = 12, pe.overflow = Overflow::Saturate;
    const TileData t = randomTile(rng, {4, 3, 50}, {4, 8, true, true});
    const TileResult grid = runGrid(a, pe, t), tile = TileEngine(a, pe).run(t);
    EXPECT_EQ(grid.c, tile.c);
    EXPECT_GT(grid.actions.overflows, 0u);
    EXPECT_EQ(grid.actions, tile.actions);
  }
}

TEST(ArrayBadConfig, RowsZeroAndEmptyTile) {
  ArrayConfig a{0, 4, "int8", Dataflow::WeightStationary};
  EXPECT_EQ(errorOf([&] {
              tileTiming(a, peConfigByName("int8"), {1, 1, 1}, 8, 8);
            }),
            "array: rows 0 outside [1, 4096]");
  a.rows = 4;
  EXPECT_NE(errorOf([&] { tileTiming(a, peConfigByName("int8"), {0, 1, 1}, 8, 8); }), "");
  a.pe = "systolic";
  EXPECT_NE(errorOf([&] { a.validate(); }).find("unknown PE kind 'systolic'"), std::string::npos);
}

}  // namespace vpsim

namespace vpsim {

TEST(ArrayTiming, PeakAndActionDocs) {
  const ArrayConfig a{16, 32, "bitfusion", Dataflow::WeightStationary};
  EXPECT_DOUBLE_EQ(arrayPeakProductsPerCycle(a, peConfigByName("bitfusion"), 2, 2), 16.0 * 32 * 16);
  EXPECT_DOUBLE_EQ(arrayPeakProductsPerCycle(a, peConfigByName("bitfusion"), 16, 16), 16.0 * 32 / 4);
  const auto named = PeActions{}.named();
  ASSERT_EQ(named.size(), kPeActionDocs.size());
  for (size_t i = 0; i < named.size(); ++i) EXPECT_STREQ(named[i].first, kPeActionDocs[i].name);
}

}  // namespace vpsim
