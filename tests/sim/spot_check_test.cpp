// Bit-exact spot checks: real codes through the SystemC PE array equal the trainer's integer GEMM;
// a fault injected into the PE model is caught and reported with layer, pass, bits and element.
#include <gtest/gtest.h>

#include <random>

#include "sim/spot_check.h"
#include "tests/common/run_command.h"

namespace vpsim {

namespace {
const std::string kConfigs = std::string(VPSIM_SOURCE_DIR) + "/configs";

// A 3x3 conv layer (16 -> 16 channels on 8x8, pad 1) with random codes of the given widths.
GemmLayer layerWithCodes(int w_bits, int a_bits) {
  GemmLayer g;
  g.op = LayerOp{"layer1.1.conv1", LayerKind::Conv, 16, 16, 8, 8, 8, 8, 3, 1, 1, 1};
  g.bits = Bits{w_bits, a_bits, 8};
  g.index = 1;
  std::mt19937 rng(7);
  g.x_codes.resize(2 * 16 * 8 * 8);
  g.w_codes.resize(16 * 16 * 9);
  for (auto& c : g.x_codes) c = uint16_t(rng() % (1u << a_bits));
  for (auto& c : g.w_codes) c = uint16_t(rng() % (1u << w_bits));
  return g;
}

std::shared_ptr<PassCoster> coster(const HwConfig& hw) {
  RunOptions opt;
  opt.progress = false;
  return std::make_shared<PassCoster>(hw, opt);
}
}  // namespace

TEST(SpotCheck, SampledTileUsesInteriorPositionsOnly) {
  const GemmLayer g = layerWithCodes(4, 4);
  const SpotTile t = sampleForwardTile(g);
  EXPECT_EQ(t.m, 8);
  EXPECT_EQ(t.n, 8);
  EXPECT_EQ(t.k, 16 * 9);
  // The first sampled position is (1, 1): its patch starts at input (0, 0) of channel 0.
  EXPECT_EQ(t.x[0], g.x_codes[0]);
  EXPECT_EQ(t.s[1], g.w_codes[size_t(1 * t.k)]);  // column 1 = output channel 1
}

TEST(SpotCheck, HealthyBitFusionArrayMatchesAtEveryWidthPair) {
  HwConfig hw = loadHwConfig(kConfigs + "/hw/bitfusion.yaml", kConfigs);
  SpotChecker checker(coster(hw), 1);
  for (int w : {2, 3, 5, 8})
    for (int a : {1, 4, 7, 8}) EXPECT_EQ(checker.check(0, layerWithCodes(w, a)), 64) << w << "x" << a;
  EXPECT_EQ(checker.checks(), 16);
}

TEST(SpotCheck, InjectedPeFaultIsCaughtAndReported) {
  HwConfig hw = loadHwConfig(kConfigs + "/hw/bitfusion.yaml", kConfigs);
  hw.array.pe.fault_stuck_bit = 20;  // accumulator bit 20 stuck at 1: sums of 4-bit codes stay below 2^20
  SpotChecker checker(coster(hw), 1);
  try {
    checker.check(42, layerWithCodes(4, 4));
    FAIL() << "the fault was not caught";
  } catch (const SpotCheckError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("iteration 42: layer layer1.1.conv1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("pass fwd, bits w4 x a4: output [0, 0]"), std::string::npos) << msg;
  }
}

TEST(SpotCheck, TrainingWithSpotChecksThroughTheBinary) {
  const std::string out = ::testing::TempDir() + "spot_run";
  auto r = testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                               "/configs/train/fmnist-cnn-static8.yaml --set iterations=12 --set subset=512 "
                               "--set test_subset=128 --set batch=32 --set progress=off --set schedule=static:5/8 "
                               "--cosim hw/bitfusion.yaml --no-cache --spot-check 2 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("6 bit-exact spot checks passed"), std::string::npos) << r.err;
  // The symmetric quantizer's signed codes, through the PEs' signed datapath.
  auto sym = testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                                 "/configs/train/fmnist-cnn-static8.yaml --set iterations=12 --set subset=512 "
                                 "--set test_subset=128 --set batch=32 --set progress=off --set schedule=static:5/8 "
                                 "--set quantizer=symmetric --cosim hw/bitfusion.yaml --no-cache --spot-check 2 --out " +
                                 out + "_sym");
  ASSERT_EQ(sym.exit_code, 0) << sym.err;
  EXPECT_NE(sym.err.find("6 bit-exact spot checks passed"), std::string::npos) << sym.err;
  auto bad = testing::runCommand(testing::vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                                 "/configs/train/fmnist-cnn-static8.yaml --spot-check 2 --out " + out + "2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--spot-check needs --cosim"), std::string::npos) << bad.err;
}

}  // namespace vpsim
