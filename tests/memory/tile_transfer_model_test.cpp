// TileTransferModel: the accelerator's tile-level DRAM cost for both models, and precision-aware
// packing carried through to DRAM: a 4-bit tile moves half the bits (and energy) of an 8-bit one.
#include <gtest/gtest.h>

#include <cmath>

#include "memory/bit_packer.h"
#include "memory/tile_transfer_model.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

DramConfig parse(const std::string& yaml) {
  return parseDramConfig(ConfigNode::loadString(yaml, "hw.yaml").child("dram"), test::configsDir());
}

TEST(TileTransferModel, IdealLinkMatchesBitFusionIfWidth) {
  TileTransferModel m(parse("dram: {model: ideal, bits_per_cycle: 192}\n"), 2.0, 15.0);
  TileTransferCost c = m.cost(0, 32 * 1024, false);
  EXPECT_EQ(c.accel_cycles, 1366);  // ceil(262144 / 192)
  EXPECT_DOUBLE_EQ(c.ns, 1366 * 2.0);
  EXPECT_EQ(c.bits, 262144u);
  EXPECT_DOUBLE_EQ(c.energy_pj, 262144 * 15.0);
}

TEST(TileTransferModel, TimingModelUsesTileTimerAndConvertsClocks) {
  DramConfig cfg = parse("dram: {model: timing, preset: ddr4-2400}\n");
  TileTransferModel m(cfg, 2.0, 0.0);
  TileTransferCost c = m.cost(4096, 32 * 1024, true);
  DramTileTimer timer(cfg.timing);
  const DramTileCost& t = timer.cost(4096, 32 * 1024, true);
  EXPECT_DOUBLE_EQ(c.ns, t.totalCycles() * 0.833);
  EXPECT_EQ(c.accel_cycles, int64_t(std::ceil(c.ns / 2.0)));
  EXPECT_EQ(c.stats.writes, 512u);
  EXPECT_DOUBLE_EQ(c.energy_pj, t.energy.totalPj());
  EXPECT_GT(c.ns, 32 * 1024 / 19.2) << "cannot beat the peak bandwidth";
  TileTransferModel lump(parse("dram: {model: timing, preset: ddr4-2400, energy: lump}\n"), 2.0, 0.0);
  EXPECT_DOUBLE_EQ(lump.cost(4096, 32 * 1024, true).energy_pj, 32 * 1024 * 8 * 15.0);
}

TEST(TileTransferModel, PackedLowPrecisionTilesMoveFewerBits) {
  const uint64_t values = 64 * 1024;
  for (const char* yaml : {"dram: {model: ideal, bits_per_cycle: 192}\n", "dram: {model: timing, preset: hbm2}\n"}) {
    TileTransferModel m(parse(yaml), 2.0, 15.0);
    TileTransferCost c8 = m.cost(0, BitPacker::packedBytes(values, 8), false);
    TileTransferCost c4 = m.cost(0, BitPacker::packedBytes(values, 4), false);
    TileTransferCost c2 = m.cost(0, BitPacker::packedBytes(values, 2), false);
    EXPECT_EQ(c4.bits * 2, c8.bits) << yaml;
    EXPECT_EQ(c2.bits * 4, c8.bits) << yaml;
    EXPECT_NEAR(c4.energy_pj / c8.energy_pj, 0.5, 0.02) << yaml;
    EXPECT_LT(c4.ns, 0.55 * c8.ns) << yaml;
  }
}

}  // namespace
}  // namespace vpsim
