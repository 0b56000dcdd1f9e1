// The tile kernels (PeCore::tileValues, the fast bit-accurate path) against the per-step datapath
// path (PeCore::step: stepSum + accumulator + fault per step) and the plain product: every operand
// pair of every width pair up to 8x8, signed and unsigned, for every PE variant, in one tile call
// per width pair; random tiles up to 16 bits with steps of many products, raw operands wider than
// their width, starting partial sums, wrap and saturate at narrow and wide accumulators (fast and
// exact accumulator paths), and a stuck accumulator bit.
#include <gtest/gtest.h>

#include "pe/pe_core.h"
#include "pe/tile_kernels.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

namespace {

// Outputs of c_in + X * S the slow way: each output's steps through PeCore::step, k ascending.
std::vector<int64_t> perStep(PeCore& pe, const std::vector<int32_t>& x, const std::vector<int32_t>& s, int64_t m,
                             int64_t n, int64_t k, const std::vector<int64_t>& c_in) {
  const int64_t P = pe.throughput().products_per_step;
  std::vector<int64_t> c = c_in;
  std::vector<int32_t> sj(static_cast<size_t>(k));
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t kk = 0; kk < k; ++kk) sj[size_t(kk)] = s[size_t(kk * n + j)];
    for (int64_t i = 0; i < m; ++i)
      for (int64_t k0 = 0; k0 < k; k0 += P)
        c[size_t(i * n + j)] =
            pe.step(sj.data() + k0, x.data() + i * k + k0, int(std::min(P, k - k0)), c[size_t(i * n + j)]);
  }
  return c;
}

std::vector<int32_t> allValues(int bits, bool s) {
  std::vector<int32_t> v;
  for (int32_t a = lo(bits, s); a <= hi(bits, s); ++a) v.push_back(a);
  return v;
}

class TileKernelTest : public ::testing::TestWithParam<PeConfig> {};

}  // namespace

TEST_P(TileKernelTest, EveryPairUpTo8x8InOneTileEqualsTheProduct) {
  auto pe = makePeCore(GetParam());
  uint64_t checked = 0;
  for (int sign = 0; sign < 4; ++sign)
    for (int b0 = 1; b0 <= 8; ++b0)
      for (int b1 = 1; b1 <= 8; ++b1) {
        const bool s0 = sign & 1, s1 = sign & 2;
        pe->configure(macConfigFor(GetParam(), b0, b1, s0, s1));
        const auto sv = allValues(b0, s0), xv = allValues(b1, s1);  // S: 1 x n, X: m x 1
        const int64_t m = int64_t(xv.size()), n = int64_t(sv.size());
        std::vector<int64_t> c(size_t(m * n), 0);
        pe->tileValues(xv.data(), sv.data(), m, n, 1, c.data());
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < n; ++j, ++checked)
            if (c[size_t(i * n + j)] != int64_t(sv[size_t(j)]) * xv[size_t(i)])
              FAIL() << GetParam().name << " " << b0 << "x" << b1 << " s" << s0 << s1 << ": " << sv[size_t(j)] << " * "
                     << xv[size_t(i)] << " gave " << c[size_t(i * n + j)];
      }
  EXPECT_EQ(checked, 4u * 510 * 510);
}

TEST_P(TileKernelTest, RandomTilesEqualThePerStepDatapath) {
  std::mt19937_64 rng(7);
  int ran = 0, faulty = 0;
  for (int trial = 0; trial < 60; ++trial) {
    PeConfig cfg = GetParam();
    const int accs[] = {64, 40, 32, 20, 12};
    cfg.accumulator_bits = accs[trial % 5];
    cfg.overflow = trial % 2 ? Overflow::Saturate : Overflow::Wrap;
    cfg.fault_stuck_bit = trial % 7 == 3 ? int(rng() % 10) : -1;
    auto pe = makePeCore(cfg);
    std::uniform_int_distribution<int> wb(1, 16);
    int b0 = wb(rng), b1 = wb(rng);
    b0 = std::min(b0, cfg.maxOperandBits(0)), b1 = std::min(b1, cfg.maxOperandBits(1));
    try {
      pe->configure(macConfigFor(cfg, b0, b1, rng() % 2, rng() % 2));
    } catch (const InputError&) {
      continue;  // widths this PE cannot run (stripes: serial operand too wide)
    }
    const int64_t m = 1 + int64_t(rng() % 6), n = 1 + int64_t(rng() % 37), k = 1 + int64_t(rng() % 700);
    std::uniform_int_distribution<int32_t> raw(-(1 << 17), 1 << 17);  // wider than the widths: registers truncate
    std::vector<int32_t> x(size_t(m * k)), s(size_t(k * n));
    for (auto& v : x) v = raw(rng);
    for (auto& v : s) v = raw(rng);
    const int64_t half = cfg.accumulator_bits >= 64 ? int64_t(1) << 40 : int64_t(1) << (cfg.accumulator_bits - 2);
    std::vector<int64_t> c_in(size_t(m * n));
    for (auto& v : c_in) v = int64_t(rng() % uint64_t(2 * half)) - half;
    std::vector<int64_t> c = c_in;
    SCOPED_TRACE(cfg.describe() + " " + std::to_string(b0) + "x" + std::to_string(b1) + " tile " + std::to_string(m) +
                 "x" + std::to_string(n) + "x" + std::to_string(k));
    pe->reset();
    pe->tileValues(x.data(), s.data(), m, n, k, c.data());
    const uint64_t fast_ovf = pe->actions().overflows;
    pe->reset();
    EXPECT_EQ(c, perStep(*pe, x, s, m, n, k, c_in));
    EXPECT_EQ(fast_ovf, pe->actions().overflows);
    ++ran, faulty += cfg.fault_stuck_bit >= 0;
  }
  EXPECT_GE(ran, 40);
  EXPECT_GE(faulty, 4);
}

INSTANTIATE_TEST_SUITE_P(AllKinds, TileKernelTest, ::testing::ValuesIn(variantsUnderTest()), [](const auto& info) {
  std::string n = info.param.name;
  for (auto& ch : n)
    if (ch == '-') ch = '_';
  return n;
});

TEST(TileKernelIsa, PicksACopyThisCpuRuns) {
  const std::string isa = tileKernelIsa();
  EXPECT_TRUE(isa == "avx512" || isa == "avx2" || isa == "generic") << isa;
}

}  // namespace vpsim
