// Gradient checks: every trainer layer's backward against central finite differences of its
// forward (FP32, small shapes), for the input gradient and for every parameter gradient.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "tests/common/grad_check.h"
#include "workloads/train/batchnorm.h"
#include "workloads/train/conv.h"
#include "workloads/train/layers.h"
#include "workloads/train/network.h"

namespace vpsim {
namespace {

using testing::checkModule;
using testing::randomTensor;

TEST(TrainGradCheck, Conv3x3Pad1) {
  Rng rng(1);
  Conv2d conv(convOp("c", 3, 4, 6, 3, 1), rng);
  checkModule(conv, randomTensor(2, 3, 6, 6, 2), 2e-3);
}

TEST(TrainGradCheck, ConvStrided) {
  Rng rng(1);
  Conv2d conv(convOp("c", 2, 3, 7, 3, 2), rng);
  checkModule(conv, randomTensor(2, 2, 7, 7, 3), 2e-3);
  Conv2d down(convOp("d", 4, 6, 6, 1, 2), rng);
  checkModule(down, randomTensor(3, 4, 6, 6, 4), 2e-3);
}

TEST(TrainGradCheck, ConvDepthwiseAndGrouped) {
  Rng rng(1);
  LayerOp op = convOp("dw", 4, 4, 5, 3, 1);
  op.kind = LayerKind::Depthwise, op.groups = 4;
  Conv2d dw(op, rng);
  checkModule(dw, randomTensor(2, 4, 5, 5, 5), 2e-3);
  LayerOp g2 = convOp("g", 4, 6, 5, 3, 2);
  g2.groups = 2;
  Conv2d grouped(g2, rng);
  checkModule(grouped, randomTensor(2, 4, 5, 5, 6), 2e-3);
}

TEST(TrainGradCheck, BatchNorm) {
  BatchNorm2d bn("bn", 3);
  Rng rng(3);
  for (float& g : bn.gamma.v) g = static_cast<float>(0.5 + rng.uniform());
  for (float& b : bn.beta.v) b = static_cast<float>(rng.uniform() - 0.5);
  checkModule(bn, randomTensor(4, 3, 3, 3, 7), 5e-3, 1e-2);
}

TEST(TrainGradCheck, ReluAwayFromKink) {
  ReLU relu;
  Tensor x = randomTensor(2, 3, 4, 4, 8);
  for (float& v : x.v) v = v >= 0 ? v + 0.1f : v - 0.1f;  // keep the finite difference off x = 0
  checkModule(relu, x, 1e-3);
}

TEST(TrainGradCheck, Pooling) {
  Tensor x(2, 2, 4, 4);
  Rng rng(4);
  std::vector<int> perm = permutation(static_cast<int>(x.size()), 5);  // distinct values: no ties
  for (int64_t i = 0; i < x.size(); ++i) x.v[i] = 0.1f * static_cast<float>(perm[i]);
  MaxPool2d mp(2, 2);
  checkModule(mp, x, 1e-3);
  AvgPool2d ap(2, 2);
  checkModule(ap, randomTensor(2, 2, 4, 4, 9), 1e-3);
  AvgPool2d gap(0, 1);
  checkModule(gap, randomTensor(2, 3, 5, 5, 10), 1e-3);
}

TEST(TrainGradCheck, Linear) {
  Rng rng(1);
  Linear fc(fcOp("fc", 6, 4), rng);
  checkModule(fc, randomTensor(3, 6, 1, 1, 11), 1e-3);
}

TEST(TrainGradCheck, SoftmaxCrossEntropy) {
  Tensor z = randomTensor(3, 5, 1, 1, 12, -2.0f, 2.0f);
  std::vector<int> labels = {0, 3, 4};
  Tensor dz;
  softmaxCrossEntropy(z, labels, &dz, nullptr);
  const double h = 1e-3;
  for (int64_t i = 0; i < z.size(); ++i) {
    const float keep = z.v[i];
    z.v[i] = keep + static_cast<float>(h);
    const double up = softmaxCrossEntropy(z, labels, nullptr, nullptr);
    z.v[i] = keep - static_cast<float>(h);
    const double down = softmaxCrossEntropy(z, labels, nullptr, nullptr);
    z.v[i] = keep;
    EXPECT_NEAR(dz.v[i], (up - down) / (2 * h), 1e-3);
  }
}

// Residual blocks (identity add, shortcut conv + BN) through a whole tiny ResNet-14. The stem is
// left out: perturbing it moves every ReLU and pooling input of the net, and the kinks crossed
// swamp a finite difference (the stem's Conv2d is checked on its own above).
TEST(TrainGradCheck, ResidualNetworkEndToEnd) {
  DatasetInfo ds;
  ds.name = "tiny", ds.channels = 2, ds.height = ds.width = 8, ds.classes = 3;
  auto net = Network::build("resnet14", ds, 1);
  Tensor x = randomTensor(4, 2, 8, 8, 13);
  std::vector<int> labels = {0, 1, 2, 1};
  StepContext ctx;
  auto loss = [&] {
    Tensor dz;
    return softmaxCrossEntropy(net->forward(x, ctx), labels, nullptr, nullptr);
  };
  Tensor dz;
  softmaxCrossEntropy(net->forward(x, ctx), labels, &dz, nullptr);
  net->backward(dz);
  auto params = net->params();
  // Check a few weights of the shortcut conv of stage 2 and of the stem.
  for (auto& p : params) {
    if (p.name != "layer2.1.downsample.weight" && p.name != "layer1.1.conv2.weight" &&
        p.name != "layer2.1.conv1.weight" && p.name != "layer3.2.conv2.weight")
      continue;
    const Tensor grad = *p.grad;
    for (int64_t i = 0; i < p.value->size(); i += std::max<int64_t>(1, p.value->size() / 8)) {
      const float keep = p.value->v[i];
      const double h = 1e-3;
      p.value->v[i] = keep + static_cast<float>(h);
      const double up = loss();
      p.value->v[i] = keep - static_cast<float>(h);
      const double down = loss();
      p.value->v[i] = keep;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(grad.v[i], numeric, 2e-2 * std::max(0.05, std::fabs(numeric))) << p.name << "[" << i << "]";
    }
  }
}

}  // namespace
}  // namespace vpsim
