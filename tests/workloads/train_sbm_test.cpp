// The original SBM variant (quantizer: sbm): per-tensor weight ranges, Range BN in every norm
// slot, and 16-bit errors into the weight gradient while bwd_data keeps the schedule's g; it
// learns, and the trace records it.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/common/grad_check.h"
#include "workloads/train/conv.h"
#include "workloads/train/network.h"
#include "workloads/train/trainer.h"

namespace vpsim {
namespace {

using testing::randomTensor;

TEST(TrainSbm, PerTensorWeightRange) {
  Rng rng(1);
  Conv2d conv(convOp("c", 3, 4, 6, 3, 1), rng);
  conv.bits = Bits{4, 8, 8};
  conv.keep_codes = true;
  Tensor y;
  conv.forward(randomTensor(2, 3, 6, 6, 2), y, StepContext{});
  EXPECT_NE(conv.w_params[0].scale, conv.w_params[1].scale);  // per channel by default
  conv.per_tensor_weights = true;
  conv.forward(randomTensor(2, 3, 6, 6, 2), y, StepContext{});
  const auto [lo, hi] = std::minmax_element(conv.weight.v.begin(), conv.weight.v.end());
  for (const QuantParams& p : conv.w_params) {
    EXPECT_EQ(p.lo, *lo);
    EXPECT_FLOAT_EQ(p.scale, (*hi - *lo) / 15.0f);
  }
}

// With 4-bit errors, bwd_data sees the 4-bit errors either way, while the weight gradient moves
// from the 4-bit one to within 16-bit noise of the FP32-error one.
TEST(TrainSbm, WeightGradientGetsSixteenBitErrors) {
  auto run = [](int wgrad_bits, int g, Tensor& dx) {
    Rng rng(1);
    Conv2d conv(convOp("c", 3, 4, 6, 3, 1), rng);
    conv.bits = Bits{8, 8, g};
    conv.wgrad_error_bits = wgrad_bits;
    Tensor y;
    conv.forward(randomTensor(4, 3, 6, 6, 2), y, StepContext{true, 3, 7});
    conv.backward(randomTensor(4, 4, 6, 6, 3), dx, true);
    return conv.weight_grad.v;
  };
  Tensor dx4, dx_sbm, dx32;
  const auto w4 = run(0, 4, dx4), w_sbm = run(16, 4, dx_sbm), w32 = run(0, 32, dx32);
  EXPECT_EQ(dx4.v, dx_sbm.v);
  double err4 = 0, err_sbm = 0;
  for (size_t i = 0; i < w32.size(); ++i) err4 += std::fabs(w4[i] - w32[i]), err_sbm += std::fabs(w_sbm[i] - w32[i]);
  EXPECT_LT(err_sbm, 0.01 * err4) << err_sbm << " vs " << err4;
}

TEST(TrainSbm, LearnsWithRangeBatchNormAndIsTraced) {
  auto cfg = parseTrainConfig("model: cnn\nquantizer: sbm\n", "sbm.yaml",
                              {"dataset=synthetic", "synthetic_size=256", "synthetic_hw=12", "batch=32", "epochs=3",
                               "lr=0.05", "lr_schedule=constant", "progress=off", "schedule=static:8/8"});
  Trainer t(cfg);
  EXPECT_EQ(t.traceHeader().schedule_params["sbm_wgrad_error_bits"], kSbmWeightGradErrorBits);
  const TrainResult r = t.run("", false);
  EXPECT_LT(r.epochs.back().train_loss, 0.6 * r.epochs.front().train_loss);
  EXPECT_GT(r.epochs.back().train_acc, 0.6);  // chance 0.1
  // The same net with plain BN starts from the same weights but normalizes differently.
  cfg.quantizer = "affine";
  EXPECT_NE(Trainer(cfg).run("", false).epochs.front().train_loss, r.epochs.front().train_loss);
}

}  // namespace
}  // namespace vpsim
