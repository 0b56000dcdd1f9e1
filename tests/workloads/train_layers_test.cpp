// Gradient checks and reference comparisons for the layers of MobileNetV2, LeNet-5, the 6-layer
// CNN, the ImageNet ResNets and the SBM variant: the direct depthwise conv (against finite
// differences and against Conv2d's im2col path, FP32 and quantized, any thread count), ReLU6,
// Bias, Flatten, the padded max pool, Range BN, the bottleneck and inverted residual blocks.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "tests/common/grad_check.h"
#include "workloads/train/blocks.h"
#include "workloads/train/depthwise.h"
#include "workloads/train/layers.h"
#include "workloads/train/net_builder.h"
#include "workloads/train/net_models.h"
#include "workloads/train/network.h"
#include "workloads/train/parallel.h"
#include "workloads/train/range_bn.h"
#include "workloads/train/simple_layers.h"

namespace vpsim {
namespace {

using testing::checkModule;
using testing::randomTensor;

LayerOp depthwiseOp(int c, int hw, int stride) {
  LayerOp op = convOp("dw", c, c, hw, 3, stride);
  op.kind = LayerKind::Depthwise, op.groups = c;
  return op;
}

TEST(TrainLayers, DepthwiseGradCheck) {
  for (int stride : {1, 2}) {
    Rng rng(1);
    DepthwiseConv2d dw(depthwiseOp(5, 7, stride), rng);
    checkModule(dw, randomTensor(3, 5, 7, 7, 5 + stride), 2e-3);
  }
}

// The direct loops compute what Conv2d's im2col + GEMM path computes (up to summation order), at
// FP32 and at 4/4/6 bits (same quantized operands, same stochastic rounding of the errors).
TEST(TrainLayers, DepthwiseMatchesIm2colConv) {
  for (int stride : {1, 2})
    for (Bits bits : {Bits{32, 32, 32}, Bits{4, 4, 6}}) {
      Rng r1(3), r2(3);
      DepthwiseConv2d direct(depthwiseOp(6, 9, stride), r1);
      Conv2d im2col(depthwiseOp(6, 9, stride), r2);
      direct.bits = im2col.bits = bits;
      const Tensor x = randomTensor(4, 6, 9, 9, 8);
      Tensor y1, y2, dx1, dx2;
      StepContext ctx{true, 5, 11};
      direct.forward(x, y1, ctx), im2col.forward(x, y2, ctx);
      ASSERT_TRUE(y1.sameShape(y2));
      for (int64_t i = 0; i < y1.size(); ++i) ASSERT_NEAR(y1.v[i], y2.v[i], 1e-5) << "y[" << i << "]";
      const Tensor dy = randomTensor(y1.n, y1.c, y1.h, y1.w, 9);
      direct.backward(dy, dx1, true), im2col.backward(dy, dx2, true);
      for (int64_t i = 0; i < dx1.size(); ++i) ASSERT_NEAR(dx1.v[i], dx2.v[i], 1e-5) << "dx[" << i << "]";
      for (int64_t i = 0; i < direct.weight_grad.size(); ++i)
        ASSERT_NEAR(direct.weight_grad.v[i], im2col.weight_grad.v[i], 1e-4) << "dw[" << i << "]";
    }
}

TEST(TrainLayers, DepthwiseIsIdenticalForAnyThreadCount) {
  std::vector<float> out[2];
  for (int t = 0; t < 2; ++t) {
    setTrainThreads(t + 1);
    Rng rng(4);
    DepthwiseConv2d dw(depthwiseOp(16, 12, 1), rng);
    dw.bits = Bits{8, 8, 16};
    Tensor y, dx;
    dw.forward(randomTensor(8, 16, 12, 12, 1), y, StepContext{true, 2, 3});
    dw.backward(randomTensor(8, 16, 12, 12, 2), dx, true);
    out[t] = y.v;
    out[t].insert(out[t].end(), dx.v.begin(), dx.v.end());
    out[t].insert(out[t].end(), dw.weight_grad.v.begin(), dw.weight_grad.v.end());
  }
  setTrainThreads(0);
  EXPECT_EQ(out[0], out[1]);
}

TEST(TrainLayers, Relu6AwayFromKinks) {
  Tensor x = randomTensor(2, 3, 4, 4, 8, -3.0f, 9.0f);
  for (float& v : x.v)
    if (std::fabs(v) < 0.1f || std::fabs(v - 6.0f) < 0.1f) v += 0.3f;  // keep differences off 0 and 6
  ReLU6 r;
  checkModule(r, x, 1e-3);
  Tensor y;
  r.forward(Tensor(x), y, StepContext{});
  EXPECT_EQ(*std::max_element(y.v.begin(), y.v.end()), 6.0f);
  EXPECT_EQ(*std::min_element(y.v.begin(), y.v.end()), 0.0f);
}

TEST(TrainLayers, BiasFlattenAndPaddedMaxPool) {
  Bias b("b", 3);
  b.bias.v = {0.5f, -1.0f, 2.0f};
  checkModule(b, randomTensor(2, 3, 2, 2, 1), 1e-3);
  Flatten f;
  checkModule(f, randomTensor(2, 3, 2, 2, 2), 1e-3);
  Tensor x(2, 2, 5, 5);
  std::vector<int> perm = permutation(static_cast<int>(x.size()), 5);  // distinct values: no ties
  for (int64_t i = 0; i < x.size(); ++i) x.v[i] = 0.1f * static_cast<float>(perm[i]) - 2.0f;
  MaxPool2d mp(3, 2, 1);
  checkModule(mp, x, 1e-3);
  Tensor y;
  mp.forward(x, y, StepContext{});
  EXPECT_EQ(y.h, 3);                                              // (5 + 2 - 3) / 2 + 1
  EXPECT_EQ(y.v[0], std::max({x.v[0], x.v[1], x.v[5], x.v[6]}));  // the corner window sees 2x2 pixels
}

TEST(TrainLayers, RangeBatchNormGradCheck) {
  RangeBatchNorm2d bn("rbn", 3);
  Rng rng(3);
  for (float& g : bn.gamma.v) g = static_cast<float>(0.5 + rng.uniform());
  for (float& b : bn.beta.v) b = static_cast<float>(rng.uniform() - 0.5);
  Tensor x(4, 3, 3, 3);
  std::vector<int> perm = permutation(static_cast<int>(x.size()), 7);  // distinct: unique extremes
  for (int64_t i = 0; i < x.size(); ++i) x.v[i] = 0.05f * static_cast<float>(perm[i]) - 2.0f;
  checkModule(bn, x, 5e-3, 1e-3);
}

// On Gaussian data Range BN's C(n) * range estimates sigma, so its output has roughly unit scale
// (about 1.2 at n = 4096: the asymptotic sqrt(2 ln n) overestimates the expected maximum).
TEST(TrainLayers, RangeBatchNormNormalizesGaussianData) {
  RangeBatchNorm2d bn("rbn", 2);
  Tensor x(64, 2, 8, 8);
  Rng rng(5);
  for (float& v : x.v) v = static_cast<float>(3.0 + 2.5 * rng.normal());
  Tensor y;
  bn.forward(x, y, StepContext{});
  double s = 0, ss = 0;
  for (float v : y.v) s += v, ss += double(v) * v;
  const double mean = s / y.size(), sd = std::sqrt(ss / y.size() - mean * mean);
  EXPECT_NEAR(mean, 0.0, 1e-4);
  EXPECT_GT(sd, 0.95);
  EXPECT_LT(sd, 1.3);
  EXPECT_NEAR(bn.running_sigma[0], 0.9 + 0.1 * 2.5 / sd, 0.02);  // momentum 0.1 from 1
}

// The residual blocks through small chains of them (a stem conv, BN, the blocks, global pool, FC),
// on the blocks' weights (not the stem's: its perturbations move every kink downstream).
void checkBlockWeights(const std::function<void(NetBuilder&)>& blocks, int channels, int hw,
                       const std::vector<std::string>& names, double tol) {
  Sequential net;
  Rng rng(1);
  NetOptions opt;
  NetBuilder b(net.modules, rng, opt, channels, hw);
  b.conv("stem", 8, 3), b.norm("stem_bn");
  blocks(b);
  b.globalAvgPool(), b.fc("fc", 3, false);
  Tensor x = randomTensor(4, channels, hw, hw, 13);
  std::vector<int> labels = {0, 1, 2, 1};
  StepContext ctx;
  auto loss = [&](Tensor* dz) {
    Tensor z;
    net.forward(x, z, ctx);
    return softmaxCrossEntropy(z, labels, dz, nullptr);
  };
  Tensor dz, dx;
  loss(&dz);
  net.backward(dz, dx, false);
  std::vector<Param> params;
  net.params(params);
  int checked = 0;
  for (auto& p : params) {
    if (std::find(names.begin(), names.end(), p.name) == names.end()) continue;
    const Tensor grad = *p.grad;
    for (int64_t i = 0; i < p.value->size(); i += std::max<int64_t>(1, p.value->size() / 6), ++checked) {
      const float keep = p.value->v[i];
      const double h = 1e-3;
      p.value->v[i] = keep + static_cast<float>(h);
      const double up = loss(nullptr);
      p.value->v[i] = keep - static_cast<float>(h);
      const double down = loss(nullptr);
      p.value->v[i] = keep;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(grad.v[i], numeric, tol * std::max(0.05, std::fabs(numeric))) << p.name << "[" << i << "]";
    }
  }
  EXPECT_GE(checked, static_cast<int>(names.size()) * 6) << "parameters not found";
}

// The block under test comes last: the finite differences of earlier blocks' weights cross too many
// ReLU kinks downstream to be exact in float.
TEST(TrainLayers, BottleneckBlocksGradCheck) {  // identity shortcut, then projection with stride 2
  checkBlockWeights([](NetBuilder& b) { bottleneck(b, "l1.", 2, 1), bottleneck(b, "l2.", 4, 2); }, 3, 8,
                    {"l2.conv1.weight", "l2.conv2.weight", "l2.conv3.weight", "l2.downsample.weight",
                     "l2.downsample_bn.weight", "l2.bn3.bias", "l2.bn1.weight"},
                    2e-2);
}

TEST(TrainLayers, InvertedResidualBlocksGradCheck) {  // stride 2 (no add), identity, conv shortcut
  checkBlockWeights(
      [](NetBuilder& b) {
        invertedResidual(b, "b1.", 2, 6, 2), invertedResidual(b, "b2.", 3, 6, 1), invertedResidual(b, "b3.", 3, 8, 1);
      },
      3, 8,
      {"b3.expand.weight", "b3.depthwise.weight", "b3.project.weight", "b3.shortcut.weight", "b3.depthwise_bn.weight",
       "b2.project.weight", "b2.depthwise.weight"},
      2e-2);
}

}  // namespace
}  // namespace vpsim
