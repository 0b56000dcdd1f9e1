// Buffers and packing: exhaustive pack/unpack round trips, bits moved scale with precision,
// tiles must fit half a double-buffered buffer, bank conflicts, energy per bit, ideal DRAM link.
#include <gtest/gtest.h>

#include <random>

#include "memory/bit_packer.h"
#include "memory/energy_table.h"
#include "memory/ideal_dram.h"
#include "memory/memory_stats.h"
#include "memory/sram_buffer.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

BufferConfig buf(const char* name, int64_t kib, bool dbl = true, int banks = 1, int word_bits = 64) {
  BufferConfig b;
  b.name = name;
  b.capacity_bytes = kib * 1024;
  b.double_buffered = dbl;
  b.banks = banks;
  b.word_bits = word_bits;
  return b;
}

TEST(BitPacker, EveryCodeOfEveryWidthRoundTrips) {
  for (int bits = 1; bits <= 16; ++bits) {
    for (bool is_signed : {false, true}) {
      std::vector<int32_t> codes;
      const int32_t lo = is_signed ? -(1 << (bits - 1)) : 0;
      const int32_t hi = is_signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
      for (int32_t v = lo; v <= hi; ++v) codes.push_back(v);
      std::vector<uint8_t> packed = BitPacker::pack(codes, bits);
      ASSERT_EQ(packed.size(), BitPacker::packedBytes(codes.size(), bits));
      EXPECT_EQ(BitPacker::unpack(packed, codes.size(), bits, is_signed), codes) << bits << " bits";
    }
  }
  EXPECT_EQ(BitPacker::pack({1, 2, 3, 4}, 4), (std::vector<uint8_t>{0x21, 0x43}));
  EXPECT_THROW(BitPacker::pack({1}, 0), std::invalid_argument);
}

TEST(SramBuffer, BitsMovedScaleWithPrecision) {
  SramBuffer b(buf("ibuf", 32));
  const uint64_t n = 4096;
  b.read(n, 8);
  const uint64_t eight = b.stats().read_bits;
  b.resetStats();
  b.read(n, 4);
  EXPECT_EQ(b.stats().read_bits * 2, eight) << "a 4-bit tile moves half the bits of an 8-bit one";
  b.resetStats();
  b.read(n, 2);
  EXPECT_EQ(b.stats().read_bits * 4, eight);
  EXPECT_EQ(b.bitsMoved(3, 5), 64u) << "15 packed bits still move one whole 64-bit word";
  EXPECT_EQ(b.bitsMoved(13, 5), 128u);
}

TEST(SramBuffer, TileMustFitHalfWhenDoubleBuffered) {
  SramBuffer dbl(buf("wbuf", 64, true));
  SramBuffer single(buf("wbuf", 64, false));
  const uint64_t half_values_8bit = 32 * 1024;
  EXPECT_TRUE(dbl.fitsTile(half_values_8bit, 8));
  EXPECT_FALSE(dbl.fitsTile(half_values_8bit + 1, 8));
  EXPECT_TRUE(dbl.fitsTile(2 * half_values_8bit, 4)) << "packing doubles the tile at 4 bits";
  EXPECT_TRUE(single.fitsTile(2 * half_values_8bit, 8));
  EXPECT_EQ(dbl.maxTileValues(2), 4 * half_values_8bit);
  EXPECT_EQ(dbl.halfBaseBytes(1), 32u * 1024);
  EXPECT_EQ(dbl.activeHalf(), 0);
  dbl.swap();
  EXPECT_EQ(dbl.activeHalf(), 1);
}

TEST(SramBuffer, BanksSetCyclesAndConflictsAreCounted) {
  SramBuffer b(buf("obuf", 16, true, 4, 32));
  EXPECT_EQ(b.readBytes(64), 4u) << "16 words over 4 banks";
  EXPECT_EQ(b.accessParallel({0, 1, 2, 3}, false), 1u);
  EXPECT_EQ(b.stats().bank_conflicts, 0u);
  EXPECT_EQ(b.accessParallel({0, 4, 8, 1}, true), 3u) << "three words in bank 0";
  EXPECT_EQ(b.stats().bank_conflicts, 2u);
  EXPECT_EQ(b.stats().write_bits, 4u * 32);
}

TEST(SramBuffer, EnergyFromTableAndDataStorage) {
  EnergyTable t = EnergyTable::load(test::configsDir() + "/energy/bitfusion-45nm.yaml");
  SramBuffer b(buf("ibuf", 32), true);
  b.write(1000, 8);  // 8000 bits = 125 words
  b.read(1000, 4);   // 4000 bits = 63 words (62.5 rounded up)
  EXPECT_NEAR(b.energyPj(t), 125 * 64 * 0.114 + 63 * 64 * 0.059, 1e-9);
  std::vector<uint8_t> in{1, 2, 3, 4, 5}, out(5);
  b.storeData(100, in.data(), in.size());
  b.loadData(100, out.data(), out.size());
  EXPECT_EQ(in, out);
  EXPECT_THROW(b.storeData(32 * 1024 - 2, in.data(), in.size()), std::out_of_range);
  SramBuffer timing_only(buf("ibuf", 32));
  EXPECT_THROW(timing_only.loadData(0, out.data(), 1), std::logic_error);
}

TEST(IdealDram, BitsPerCycleLinkIsSharedInOrder) {
  IdealDram d(192, 10);
  EXPECT_EQ(d.transferCycles(24), 1u);
  EXPECT_EQ(d.transferCycles(25), 2u);
  EXPECT_EQ(d.transfer(2400, false, 0), 10 + 100);
  EXPECT_EQ(d.transfer(240, true, 50), 100 + 10 + 10) << "waits until the link frees at cycle 100";
  EXPECT_EQ(d.stats().read_bits, 2400u * 8);
  EXPECT_EQ(d.stats().write_bits, 240u * 8);
  EXPECT_NEAR(d.energyPj(15.0), (2400 + 240) * 8 * 15.0, 1e-9);
}

}  // namespace
}  // namespace vpsim

namespace vpsim {
namespace {

TEST(MemoryStats, NamedStatsCarryNameUnitAndValue) {
  SramBuffer b(buf("wbuf", 64));
  b.read(100, 4);
  auto stats = namedStats(b.stats(), "wbuf");
  ASSERT_FALSE(stats.empty());
  EXPECT_EQ(stats[0].name, "wbuf.read_bits");
  EXPECT_EQ(stats[0].unit, "bit");
  EXPECT_DOUBLE_EQ(stats[0].value, 448);  // 400 bits -> 7 words of 64
  DramStats d;
  d.requests = 4;
  d.total_latency = 100;
  auto ds = namedStats(d);
  EXPECT_EQ(ds.back().name, "dram.avg_latency");
  EXPECT_DOUBLE_EQ(ds.back().value, 25);
}

}  // namespace
}  // namespace vpsim
