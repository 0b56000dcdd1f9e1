// Bit-exact spot checks: real codes of all three passes through the SystemC accelerator (tile and
// cycle fidelity) equal the trainer's GEMM on the same codes; a fault injected into the PE model is
// caught and reported with iteration, layer, pass, bits and element.
#include <gtest/gtest.h>

#include <random>

#include "sim/cosim/spot_check.h"
#include "tests/common/run_command.h"
#include "workloads/train/int_gemm.h"

namespace vpsim {

namespace {
const std::string kConfigs = std::string(VPSIM_SOURCE_DIR) + "/configs";

// A 3x3 conv layer (16 -> 16 channels on 8x8, pad 1) with random codes of the given widths.
GemmLayer layerWithCodes(int w_bits, int a_bits, int g_bits = 8) {
  GemmLayer g;
  g.op = LayerOp{"layer1.1.conv1", LayerKind::Conv, 16, 16, 8, 8, 8, 8, 3, 1, 1, 1};
  g.bits = Bits{w_bits, a_bits, g_bits};
  g.index = 1;
  std::mt19937 rng(7);
  g.x_codes.resize(2 * 16 * 8 * 8);
  g.w_codes.resize(16 * 16 * 9);
  g.g_codes.resize(2 * 16 * 8 * 8);
  for (auto& c : g.x_codes) c = uint16_t(rng() % (1u << a_bits));
  for (auto& c : g.w_codes) c = uint16_t(rng() % (1u << w_bits));
  for (auto& c : g.g_codes) c = uint16_t(rng() % (1u << g_bits));
  return g;
}

std::shared_ptr<PassCoster> coster(const HwConfig& hw, Fidelity f = Fidelity::Tile) {
  RunOptions opt;
  opt.progress = false;
  opt.fidelity = f;
  return std::make_shared<PassCoster>(hw, opt);
}
}  // namespace

TEST(SpotCheck, SampledForwardTileUsesInteriorPositionsOnly) {
  const GemmLayer g = layerWithCodes(4, 4);
  const SpotTile t = sampleTile(g, Pass::Fwd);
  EXPECT_EQ(t.gemm.m, 8);
  EXPECT_EQ(t.gemm.n, 8);
  EXPECT_EQ(t.gemm.k, 16 * 9);
  // The first sampled position is (1, 1): its patch starts at input (0, 0) of channel 0.
  EXPECT_EQ(t.values.op1[0], g.x_codes[0]);
  EXPECT_EQ(t.values.op0[1], g.w_codes[size_t(1 * t.gemm.k)]);  // column 1 = output channel 1
}

// bwd_weight: centre taps of 8 input channels x output channels, over all 64 positions of sample 0;
// the codes are activations (X = X_col^T, width a) and errors (S = dY, width g), as passOperandBits says.
TEST(SpotCheck, SampledWeightGradientTileReducesOverEveryPosition) {
  const GemmLayer g = layerWithCodes(4, 5, 6);
  const SpotTile t = sampleTile(g, Pass::BwdWeight);
  EXPECT_EQ(t.gemm.m, 8);
  EXPECT_EQ(t.gemm.n, 8);
  EXPECT_EQ(t.gemm.k, 64);
  EXPECT_EQ(t.b0, 6);
  EXPECT_EQ(t.b1, 5);
  EXPECT_EQ(t.values.op0[size_t(1 * 8 + 0)], g.g_codes[1]);  // position 1, channel 0
  EXPECT_EQ(t.values.op1[size_t(2 * 64 + 9)],
            g.x_codes[size_t((2 * 8 + 1) * 8 + 1)]);  // channel 2 tap, position (1, 1)
  std::vector<int64_t> want(64, 0);
  integerGemm(8, 8, 64, t.values.op1.data(), t.values.op0.data(), want.data());
  EXPECT_EQ(t.trainer, want);  // the trainer's float GEMM on codes is exact
}

TEST(SpotCheck, HealthyBitFusionArrayMatchesEveryPassAtEveryWidthPair) {
  HwConfig hw = loadHwConfig(kConfigs + "/hw/bitfusion.yaml", kConfigs);
  SpotChecker checker(coster(hw), 1);
  for (Pass p : kAllPasses)
    for (int w : {2, 3, 5, 8})
      for (int a : {1, 4, 7, 8}) EXPECT_EQ(checker.check(0, layerWithCodes(w, a, 9 - a), p), 64) << w << "x" << a;
  EXPECT_EQ(checker.checks(), 48);
  EXPECT_EQ(checker.checks(Pass::BwdWeight), 16);
}

TEST(SpotCheck, CycleFidelityStripesArrayMatchesEveryPass) {
  HwConfig hw = loadHwConfig(kConfigs + "/hw/stripes.yaml", kConfigs);
  SpotChecker checker(coster(hw, Fidelity::Cycle), 1);
  for (Pass p : kAllPasses) EXPECT_EQ(checker.check(0, layerWithCodes(6, 3, 5), p), 64) << passName(p);
  EXPECT_EQ(checker.checks(), 3);
}

TEST(SpotCheck, InjectedPeFaultIsCaughtAndReportedInEveryPass) {
  HwConfig hw = loadHwConfig(kConfigs + "/hw/bitfusion.yaml", kConfigs);
  hw.array.pe.fault_stuck_bit = 20;  // accumulator bit 20 stuck at 1: sums of 4-bit codes stay below 2^20
  SpotChecker checker(coster(hw), 1);
  for (Pass p : kAllPasses) {
    try {
      checker.check(42, layerWithCodes(4, 4), p);
      FAIL() << "the fault was not caught in " << passName(p);
    } catch (const SpotCheckError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("iteration 42: layer layer1.1.conv1"), std::string::npos) << msg;
      const auto ob = passOperandBits(layerWithCodes(4, 4).bits, p);
      EXPECT_NE(msg.find(std::string("pass ") + passName(p) + ", bits " + std::to_string(ob[0]) + "x" +
                         std::to_string(ob[1])),
                std::string::npos)
          << msg;
      EXPECT_NE(msg.find("output [0, 0]"), std::string::npos) << msg;
    }
  }
}

TEST(SpotCheck, TrainingWithSpotChecksThroughTheBinary) {
  const std::string out = ::testing::TempDir() + "spot_run";
  auto r = testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                               "/configs/train/fmnist-cnn-static8.yaml --set iterations=12 --set subset=512 "
                               "--set test_subset=128 --set batch=32 --set progress=off --set schedule=static:5/8 "
                               "--cosim hw/bitfusion.yaml --no-cache --spot-check 2 --out " +
                               out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("6 bit-exact spot checks passed (fwd 2, bwd_data 2, bwd_weight 2)"), std::string::npos) << r.err;
  // Cycle fidelity: the sampled passes step every PE every clock (batch 4: every costed pass does too).
  auto cyc = testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                                 "/configs/train/fmnist-cnn-static8.yaml --set iterations=6 --set subset=512 "
                                 "--set test_subset=128 --set batch=4 --set progress=off --set schedule=static:5/8 "
                                 "--cosim hw/bitfusion.yaml --fidelity cycle --no-cache --spot-check 2 --out " +
                                 out + "_cyc");
  ASSERT_EQ(cyc.exit_code, 0) << cyc.err;
  EXPECT_NE(cyc.err.find("3 bit-exact spot checks passed (fwd 1, bwd_data 1, bwd_weight 1)"), std::string::npos)
      << cyc.err;
  // The symmetric quantizer's signed codes, through the PEs' signed datapath.
  auto sym =
      testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                          "/configs/train/fmnist-cnn-static8.yaml --set iterations=12 --set subset=512 "
                          "--set test_subset=128 --set batch=32 --set progress=off --set schedule=static:5/8 "
                          "--set quantizer=symmetric --cosim hw/bitfusion.yaml --no-cache --spot-check 2 --out " +
                          out + "_sym");
  ASSERT_EQ(sym.exit_code, 0) << sym.err;
  EXPECT_NE(sym.err.find("6 bit-exact spot checks passed (fwd 2, bwd_data 2, bwd_weight 2)"), std::string::npos)
      << sym.err;
  auto bad = testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                                 "/configs/train/fmnist-cnn-static8.yaml --spot-check 2 --out " + out + "2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--spot-check needs --cosim"), std::string::npos) << bad.err;
}

}  // namespace vpsim
