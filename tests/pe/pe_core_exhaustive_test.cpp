// Exhaustive bit-accuracy: every operand pair of every width pair up to 8x8, signed and unsigned,
// for every PE variant, equals the plain integer product; and the PE's cycle count for one
// product equals its throughput rule.
#include <gtest/gtest.h>

#include "pe/pe_core.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

class PeExhaustive : public ::testing::TestWithParam<PeConfig> {};

TEST_P(PeExhaustive, EveryPairUpTo8x8EqualsReference) {
  auto pe = makePeCore(GetParam());
  uint64_t checked = 0;
  for (int sign = 0; sign < 4; ++sign) {
    const bool s0 = sign & 1, s1 = sign & 2;
    for (int b0 = 1; b0 <= 8; ++b0) {
      for (int b1 = 1; b1 <= 8; ++b1) {
        MacConfig m = macConfigFor(GetParam(), b0, b1, s0, s1);
        pe->configure(m);
        const auto tp = pe->throughput();
        for (int32_t a = lo(b0, s0); a <= hi(b0, s0); ++a) {
          for (int32_t b = lo(b1, s1); b <= hi(b1, s1); ++b) {
            pe->reset();
            pe->mac(&a, &b, 1);
            if (pe->result() != int64_t(a) * b) {
              FAIL() << GetParam().name << " " << b0 << "x" << b1 << " s" << s0 << s1 << ": " << a << " * " << b
                     << " gave " << pe->result();
            }
            ++checked;
          }
        }
        EXPECT_EQ(pe->cycles(), uint64_t(tp.cycles_per_step)) << b0 << "x" << b1;
        EXPECT_EQ(pe->actions().macs, 1u);
      }
    }
  }
  EXPECT_EQ(checked, 4u * 510 * 510);
}

INSTANTIATE_TEST_SUITE_P(AllKinds, PeExhaustive, ::testing::ValuesIn(variantsUnderTest()), [](const auto& info) {
  std::string n = info.param.name;
  for (auto& c : n)
    if (c == '-') c = '_';
  return n;
});

}  // namespace vpsim
