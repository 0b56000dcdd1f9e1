// The throughput rule: Bit Fusion products per cycle for each width pair (and agreement with the
// public simulator's pf for powers of two), bit-serial cycles per width, bit-parallel chunking,
// and the cycles the cores actually report for a long dot product.
#include <gtest/gtest.h>

#include "pe/pe_core.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

TEST(Throughput, BitFusionTable) {
  const PeConfig bf = peConfigByName("bitfusion");
  struct Row {
    int b0, b1;
    int64_t p, c;
  };
  const Row rows[] = {{8, 8, 1, 1},  {8, 4, 2, 1},   {4, 8, 2, 1},  {4, 4, 4, 1},  {4, 2, 8, 1},  {2, 4, 8, 1},
                      {2, 2, 16, 1}, {1, 1, 16, 1},  {3, 3, 4, 1},  {5, 7, 1, 1},  {3, 2, 8, 1},  {16, 8, 1, 2},
                      {8, 16, 1, 2}, {16, 16, 1, 4}, {9, 15, 1, 4}, {16, 4, 2, 2}, {16, 2, 4, 2}, {1, 8, 4, 1}};
  for (const auto& r : rows) {
    EXPECT_EQ(peThroughput(bf, r.b0, r.b1), (Throughput{r.p, r.c})) << r.b0 << "x" << r.b1;
  }
}

TEST(Throughput, BitFusionAgreesWithPublicSimulatorPf) {
  const PeConfig bf = peConfigByName("bitfusion");
  for (int ip : {1, 2, 4, 8})
    for (int wp : {1, 2, 4, 8}) {
      const int64_t pf = (8 / std::max(ip, 2)) * (8 / std::max(wp, 2));
      const auto t = peThroughput(bf, wp, ip);
      EXPECT_EQ(t.cycles_per_step, 1);
      EXPECT_EQ(t.products_per_step, pf) << ip << "x" << wp;
    }
}

TEST(Throughput, RoundingOfOddWidths) {
  EXPECT_EQ(bitFusionRound(1, 2), 2);
  EXPECT_EQ(bitFusionRound(3, 2), 4);
  for (int b = 5; b <= 7; ++b) EXPECT_EQ(bitFusionRound(b, 2), 8);
  for (int b = 9; b <= 16; ++b) EXPECT_EQ(bitFusionRound(b, 2), 16);
}

TEST(Throughput, BitSerialCyclesPerWidth) {
  PeConfig st = peConfigByName("stripes"), lm = peConfigByName("loom");
  for (int b0 = 1; b0 <= 16; ++b0)
    for (int b1 = 1; b1 <= 16; ++b1) {
      EXPECT_EQ(peThroughput(st, b0, b1), (Throughput{16, b1}));
      EXPECT_EQ(peThroughput(lm, b0, b1), (Throughput{256, int64_t(b0) * b1}));
    }
  st.serial_operand = SerialOperand::Op0;
  EXPECT_EQ(peThroughput(st, 5, 9).cycles_per_step, 5);
  st.serial_operand = SerialOperand::Narrower;
  EXPECT_EQ(peThroughput(st, 9, 5).cycles_per_step, 5);
  EXPECT_EQ(peThroughput(st, 4, 12).cycles_per_step, 4);
  // Equal-area defaults: at 16x16 every kind delivers one product per cycle.
  for (const char* n : {"stripes", "loom", "int16"})
    EXPECT_DOUBLE_EQ(peThroughput(peConfigByName(n), 16, 16).productsPerCycle(), 1.0) << n;
}

TEST(Throughput, BitParallelChunks) {
  const PeConfig i8 = peConfigByName("int8");
  EXPECT_EQ(peThroughput(i8, 8, 8), (Throughput{1, 1}));
  EXPECT_EQ(peThroughput(i8, 3, 2), (Throughput{1, 1}));
  EXPECT_EQ(peThroughput(i8, 9, 8), (Throughput{1, 2}));
  EXPECT_EQ(peThroughput(i8, 16, 16), (Throughput{1, 4}));
  EXPECT_EQ(peThroughput(peConfigByName("fp32"), 32, 32), (Throughput{1, 1}));
}

// The cycles a core reports for a dot product = ceil(n / products_per_step) * cycles_per_step.
TEST(Throughput, CoreCyclesFollowTheRule) {
  std::mt19937_64 rng(7);
  for (const auto& cfg : variantsUnderTest()) {
    auto pe = makePeCore(cfg);
    for (auto [b0, b1] : {std::pair{2, 2}, {3, 5}, {8, 8}, {8, 4}, {12, 16}}) {
      if (b0 > cfg.maxOperandBits(0) || b1 > cfg.maxOperandBits(1)) continue;
      pe->configure(macConfigFor(cfg, b0, b1));
      const size_t n = 1000;
      auto a = randomOperands(rng, n, b0, true), b = randomOperands(rng, n, b1, true);
      pe->mac(a.data(), b.data(), n);
      const auto t = peThroughput(cfg, b0, b1);
      EXPECT_EQ(pe->cycles(), uint64_t(ceilDiv(n, t.products_per_step) * t.cycles_per_step)) << cfg.name;
      EXPECT_EQ(pe->actions().acc_adds, uint64_t(ceilDiv(n, t.products_per_step))) << cfg.name;
      EXPECT_EQ(pe->actions().macs, n);
    }
  }
}

TEST(Throughput, ActionCostsPerProduct) {
  EXPECT_EQ(productCost(peConfigByName("bitfusion"), 8, 8).brick_ops, 16u);
  EXPECT_EQ(productCost(peConfigByName("bitfusion"), 3, 2).brick_ops, 2u);
  EXPECT_EQ(productCost(peConfigByName("bitfusion"), 16, 8).brick_ops, 32u);
  EXPECT_EQ(productCost(peConfigByName("stripes"), 16, 6).and_ops, 96u);
  EXPECT_EQ(productCost(peConfigByName("stripes"), 16, 6).shift_adds, 6u);
  EXPECT_EQ(productCost(peConfigByName("loom"), 5, 6).and_ops, 30u);
  EXPECT_EQ(productCost(peConfigByName("int8"), 16, 8).mult_ops, 2u);
}

}  // namespace vpsim
