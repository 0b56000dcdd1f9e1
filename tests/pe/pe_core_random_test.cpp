// Seeded random bit-accuracy up to 16x16 and long dot products, accumulator edges (wrap and
// saturate, counted) and rejection of configurations a PE cannot run.
#include <gtest/gtest.h>

#include "pe/pe_core.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

static int64_t dot(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
  int64_t s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += int64_t(a[i]) * b[i];
  return s;
}

TEST(PeRandom, LongDotProductsUpTo16x16) {
  std::mt19937_64 rng(2024);
  for (const auto& cfg : variantsUnderTest()) {
    auto pe = makePeCore(cfg);
    for (int trial = 0; trial < 60; ++trial) {
      const int b0 = 1 + int(rng() % cfg.maxOperandBits(0) % 16), b1 = 1 + int(rng() % cfg.maxOperandBits(1) % 16);
      const bool s0 = rng() & 1, s1 = rng() & 1;
      MacConfig m = macConfigFor(cfg, b0, b1, s0, s1);
      try {
        pe->configure(m);
      } catch (const InputError&) {
        continue;  // e.g. stripes-narrower with the wider operand beyond parallel_bits
      }
      const size_t n = 1 + rng() % 3000;
      auto a = randomOperands(rng, n, b0, s0), b = randomOperands(rng, n, b1, s1);
      pe->mac(a.data(), b.data(), n);
      ASSERT_EQ(pe->result(), dot(a, b)) << cfg.name << " " << b0 << "x" << b1 << " n=" << n;
      EXPECT_EQ(pe->actions().overflows, 0u);
    }
  }
}

// A 32-bit wrapping accumulator equals the exact sum modulo 2^32 for every kind.
TEST(PeRandom, WrapIsModularForEveryKind) {
  std::mt19937_64 rng(5);
  for (auto cfg : variantsUnderTest()) {
    cfg.accumulator_bits = 20;
    auto pe = makePeCore(cfg);
    pe->configure(macConfigFor(cfg, 8, 8, false, false));
    std::vector<int32_t> a(5000, 255), b(5000, 255);
    pe->mac(a.data(), b.data(), a.size());
    EXPECT_EQ(pe->result(), wrapToBits(dot(a, b), 20)) << cfg.name;
    EXPECT_GT(pe->actions().overflows, 0u) << cfg.name;
  }
}

TEST(PeAccumulator, EdgesWrapAndSaturate) {
  Accumulator wrap(8, Overflow::Wrap), sat(8, Overflow::Saturate);
  uint64_t ov = 0;
  EXPECT_EQ(wrap.add(126, 1, ov), 127);
  EXPECT_EQ(ov, 0u);
  EXPECT_EQ(wrap.add(127, 1, ov), -128);
  EXPECT_EQ(wrap.add(-128, -1, ov), 127);
  EXPECT_EQ(ov, 2u);
  EXPECT_EQ(sat.add(127, 1, ov), 127);
  EXPECT_EQ(sat.add(-128, -1, ov), -128);
  EXPECT_EQ(sat.add(-128, 255, ov), 127);  // fits exactly
  EXPECT_EQ(sat.add(-128, 256, ov), 127);
  EXPECT_EQ(ov, 5u);
  Accumulator w64(64, Overflow::Wrap);
  EXPECT_EQ(w64.add(INT64_MAX, 1, ov), INT64_MIN);
  EXPECT_EQ(ov, 6u);
}

// Saturation happens once per step: with same-sign products every kind saturates at the edge.
TEST(PeAccumulator, SaturateAtEdgeForEveryKind) {
  for (auto cfg : variantsUnderTest()) {
    cfg.overflow = Overflow::Saturate, cfg.accumulator_bits = 16;
    auto pe = makePeCore(cfg);
    pe->configure(macConfigFor(cfg, 8, 8));
    std::vector<int32_t> a(600, -128), b(600, 127);  // each product -16256; sum far below -32768
    pe->mac(a.data(), b.data(), 2);
    EXPECT_EQ(pe->result(), -32512) << cfg.name;  // still fits
    pe->mac(a.data(), b.data(), a.size());
    EXPECT_EQ(pe->result(), -32768) << cfg.name;
    EXPECT_GT(pe->actions().overflows, 0u) << cfg.name;
    std::vector<int32_t> c(600, 127);
    pe->mac(c.data(), b.data(), 3);  // climbs back from the rail
    EXPECT_EQ(pe->result(), -32768 + 3 * 16129) << cfg.name;
  }
}

TEST(PeBadConfig, ClearMessages) {
  auto bf = makePeCore("bitfusion");
  EXPECT_EQ(errorOf([&] { bf->configure(macConfigFor(bf->peConfig(), 0, 8)); }),
            "bitfusion PE: operand 0 has 0 bits; widths start at 1");
  EXPECT_EQ(errorOf([&] { bf->configure(macConfigFor(bf->peConfig(), 8, 17)); }),
            "bitfusion PE: operand 1 has 17 bits, more than the 16 it supports (max_bits 8; enable "
            "temporal_fusion for up to 16)");
  PeConfig strict = peConfigByName("int8");
  strict.wide_operands = WideOperands::Error;
  auto i8 = makePeCore(strict);
  EXPECT_NE(errorOf([&] { i8->configure(macConfigFor(strict, 9, 8)); }).find("more than the 8 it supports"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { makePeCore("loom")->configure(macConfigFor(peConfigByName("loom"), 17, 1)); }), "");
  EXPECT_EQ(errorOf([&] { makePeCore("tpu"); }).rfind("unknown PE kind 'tpu'", 0), 0u);
  PeConfig badacc = peConfigByName("stripes");
  badacc.accumulator_bits = 65;
  EXPECT_EQ(errorOf([&] { makePeCore(badacc); }), "stripes PE: accumulator_bits 65 outside [2, 64]");
}

// Operands are read as the PE's input register holds them: only the low `bits` bits count.
TEST(PeOperands, OutOfRangeCodesAreTruncatedLikeTheRegister) {
  for (const char* n : {"bitfusion", "stripes", "loom", "int8"}) {
    auto pe = makePeCore(n);
    pe->configure(macConfigFor(pe->peConfig(), 4, 4));
    int32_t a = 0x1F, b = 3;  // 5 bits; the 4-bit register holds 0xF = -1
    pe->mac(&a, &b, 1);
    EXPECT_EQ(pe->result(), -3) << n;
  }
}

}  // namespace vpsim

namespace vpsim {

// Cycle fidelity forms a step clock by clock (bit planes, plane pairs, chunk pairs, temporal
// passes); the parts must add up to the step for every width pair up to 16x16.
TEST(PeCycleParts, PartsAddUpToTheStep) {
  std::mt19937_64 rng(77);
  for (const auto& cfg : variantsUnderTest()) {
    auto pe = makePeCore(cfg), ref = makePeCore(cfg);
    for (int b0 = 1; b0 <= std::min(16, cfg.maxOperandBits(0)); ++b0)
      for (int b1 = 1; b1 <= std::min(16, cfg.maxOperandBits(1)); ++b1) {
        const MacConfig m = macConfigFor(cfg, b0, b1, b0 % 2 == 0, b1 % 3 != 0);
        try {
          pe->configure(m);
        } catch (const InputError&) {
          continue;  // stripes-narrower: the wider operand beyond parallel_bits
        }
        ref->configure(m);
        const int n = static_cast<int>(pe->throughput().products_per_step);
        auto a = randomOperands(rng, size_t(n), b0, m.signed0), b = randomOperands(rng, size_t(n), b1, m.signed1);
        int64_t sum = 0;
        for (int c = 0; c < pe->throughput().cycles_per_step; ++c) sum += pe->cycleSum(a.data(), b.data(), n, c);
        EXPECT_EQ(pe->finishStep(n, sum, 0), ref->step(a.data(), b.data(), n, 0)) << cfg.name << " " << b0 << "x" << b1;
        EXPECT_EQ(pe->actions(), ref->actions());
      }
  }
}

}  // namespace vpsim
