// LDP's hardware-aware widths: a width that costs the same as a wider one runs as the wider one, and
// the cost gradient is the secant across the runnable widths; with BitOPs (every width differs)
// LDP is the paper's, with the central difference of neighbouring widths. target bounds the
// iteration's cost, run_target the run's mean.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/common/input_error_of.h"
#include "workloads/model_zoo.h"
#include "workloads/train/ldp_schedule.h"

namespace vpsim {
namespace {

// Bit Fusion's rule in miniature: an operand of b bits occupies the next power of two of BitBricks
// (2, 4, 8, 16 bits), and the cost of a layer is its MACs times both fused widths.
class FusedWidthCost : public IterationCostModel {
 public:
  explicit FusedWidthCost(std::vector<LayerOp> layers) : layers_(std::move(layers)) {}
  static int fused(int b) { return b <= 2 ? 2 : b <= 4 ? 4 : b <= 8 ? 8 : 16; }
  double layerCost(size_t l, const Bits& b) override {
    return layers_[l].quantized ? double(layers_[l].macsPerSample()) * fused(b.w) * fused(b.a) : 0.0;
  }
  std::string name() const override { return "fused"; }

 private:
  std::vector<LayerOp> layers_;
};

ScheduleContext cnnContext() {
  return ScheduleContext{buildModel("cnn", datasetInfo("fashion-mnist")).layers, 100, 10, 1};
}

// Sets every layer's beta so that round(beta * N) = b and returns layer 0's bits.
int bitsAtWidth(LdpSchedule& s, int b) {
  for (double& beta : s.betas()) beta = b / 8.0;
  return s.bitsAt(0)[0].w;
}

}  // namespace

TEST(LdpWidths, FlatWidthsRunAsTheWiderOne) {
  const ScheduleContext ctx = cnnContext();
  LdpSchedule hw(parseScheduleSpec("ldp:3-8/8,target=0.5"), ctx, std::make_shared<FusedWidthCost>(ctx.layers));
  LdpSchedule paper(parseScheduleSpec("ldp:3-8/8,target=0.5"), ctx, nullptr);  // BitOPs
  const int expect_hw[] = {4, 4, 8, 8, 8, 8};
  for (int b = 3; b <= 8; ++b) {
    EXPECT_EQ(bitsAtWidth(hw, b), expect_hw[b - 3]) << b;
    EXPECT_EQ(bitsAtWidth(paper, b), b) << b;
  }
  EXPECT_EQ(hw.bitsAt(0).back().w, 32);  // the FP32 classifier is not LDP's
}

TEST(LdpWidths, CostGradientIsTheSecantAcrossRunnableWidths) {
  const ScheduleContext ctx = cnnContext();
  const double macs = double(ctx.layers[0].macsPerSample());
  LdpSchedule hw(parseScheduleSpec("ldp:3-8/8"), ctx, std::make_shared<FusedWidthCost>(ctx.layers));
  // At 8 (runs 5..8): from 4 bits (4x4 bricks) below to 9 bits (16x16) above, 5 widths apart.
  EXPECT_DOUBLE_EQ(hw.costGradient(0, 8), macs * (16 * 16 - 4 * 4) / 5.0);
  // At 4 (runs 3..4): from 2 bits below to 5 bits, which runs as 8, above.
  EXPECT_DOUBLE_EQ(hw.costGradient(0, 4), macs * (8 * 8 - 2 * 2) / 3.0);
  LdpSchedule paper(parseScheduleSpec("ldp:3-8/8"), ctx, nullptr);
  EXPECT_DOUBLE_EQ(paper.costGradient(0, 6), macs * (7 * 7 - 5 * 5) / 2.0);  // central difference
  EXPECT_DOUBLE_EQ(paper.costGradient(0, 8), macs * (9 * 9 - 7 * 7) / 2.0);
}

TEST(LdpWidths, FlatToleranceIsAFractionOfTheLayersCostRange) {
  const ScheduleContext ctx = cnnContext();
  // BitOPs at 3..8: the smallest step (3 -> 4 bits, 7 of 55 MAC units) is 12.7% of the range.
  LdpSchedule loose(parseScheduleSpec("ldp:3-8/8,flat=0.13"), ctx, nullptr);
  EXPECT_EQ(bitsAtWidth(loose, 3), 4);
  EXPECT_EQ(bitsAtWidth(loose, 4), 4);  // 4 -> 5 is 9 of 55: 16%
  LdpSchedule tight(parseScheduleSpec("ldp:3-8/8,flat=0.12"), ctx, nullptr);
  EXPECT_EQ(bitsAtWidth(tight, 3), 3);
  EXPECT_NE(testing::inputErrorOf([&] {
              LdpSchedule(parseScheduleSpec("ldp:3-8/8,flat=1.5"), ctx, nullptr);
            }).find("flat must be in [0, 1)"),
            std::string::npos);
}

// target bounds the iteration's cost, run_target the mean of the run so far: after an iteration at
// 8 bits (cost 1 of static) one at 5 bits (25/64 = 0.39) is under a 0.6 target, but the run's mean
// (0.70) is not, so only the run-level schedule keeps pushing the bits down.
TEST(LdpTargets, RunTargetKeepsTheCostLossOnWhileTheRunsMeanIsAbove) {
  const ScheduleContext ctx = cnnContext();
  LdpSchedule iter(parseScheduleSpec("ldp:3-8/8,target=0.6"), ctx, nullptr);
  LdpSchedule run(parseScheduleSpec("ldp:3-8/8,run_target=0.6"), ctx, nullptr);
  EXPECT_FALSE(iter.runLevel());
  EXPECT_TRUE(run.runLevel());
  const std::vector<double> pull_up(ctx.layers.size(), 1e-3);  // the task loss asks for more bits
  for (LdpSchedule* s : {&iter, &run}) {
    s->update(pull_up);  // at 8 bits: both cost losses are on
    EXPECT_DOUBLE_EQ(s->runMeanCost(), s->staticCost());
    bitsAtWidth(*s, 5);
    s->update(pull_up);
    EXPECT_DOUBLE_EQ(s->lastCost() / s->staticCost(), 25.0 / 64.0);
    EXPECT_DOUBLE_EQ(s->runMeanCost() / s->staticCost(), (1.0 + 25.0 / 64.0) / 2);
  }
  size_t lower = 0;
  for (size_t l = 0; l < ctx.layers.size(); ++l) {
    if (!ctx.layers[l].quantized) continue;
    EXPECT_GT(iter.betas()[l], 5 / 8.0) << "no cost loss: only the task's pull up";
    lower += run.betas()[l] < iter.betas()[l];
  }
  EXPECT_GT(lower, 0u) << "the run-level cost loss pulls down";
  // Replayed iterations (a resume) count like updated ones.
  LdpSchedule resumed(parseScheduleSpec("ldp:3-8/8,run_target=0.6"), ctx, nullptr);
  resumed.replayIterations(std::vector<Bits>(ctx.layers.size(), Bits{8, 8, 8}), 1);
  resumed.replayIterations(resumed.bitsAt(0), 0);
  EXPECT_DOUBLE_EQ(resumed.runMeanCost(), resumed.staticCost());
  EXPECT_NE(testing::inputErrorOf([&] {
              LdpSchedule(parseScheduleSpec("ldp:3-8/8,target=0.6,run_target=0.5"), ctx, nullptr);
            }).find("not both"),
            std::string::npos);
  EXPECT_NE(testing::inputErrorOf([&] {
              LdpSchedule(parseScheduleSpec("ldp:3-8/8,run_target=1.5"), ctx, nullptr);
            }).find("run_target is a fraction"),
            std::string::npos);
}

}  // namespace vpsim
