// Small-image models: CIFAR ResNet-(6n+2) (SkipNet style), ResNet-164 (pre-activation bottleneck),
// MobileNetV2-CIFAR (kuangliu layout), LeNet-5, the two-phase paper's 6-layer CNN and the small CNN
// for 28x28 inputs.
#include "workloads/zoo_models.h"

#include <string>

namespace vpsim {

namespace {
std::string blockName(int stage, int block, const char* conv) {
  return "layer" + std::to_string(stage) + "." + std::to_string(block) + "." + conv;
}
}  // namespace

// Stem conv3x3 -> 16, three stages of n basic blocks (16/32/64), stride 2 on the first 3x3 conv of
// stages 2 and 3 with a 1x1 stride-2 conv shortcut there, avgpool, FC (FP32).
std::vector<LayerOp> cifarResNet(int n, const DatasetInfo& d) {
  LayerBuilder b(d.channels, d.height, d.width);
  b.conv("conv1", 16, 3);
  b.then("bn,relu");
  const int64_t widths[3] = {16, 32, 64};
  for (int s = 0; s < 3; ++s) {
    for (int i = 0; i < n; ++i) {
      const int64_t stride = (s > 0 && i == 0) ? 2 : 1;
      const int64_t in_c = b.channels(), in_h = b.height(), in_w = b.width();
      b.conv(blockName(s + 1, i + 1, "conv1"), widths[s], 3, stride);
      b.then("bn,relu");
      b.conv(blockName(s + 1, i + 1, "conv2"), widths[s], 3);
      b.then("bn,residual,relu");
      if (stride != 1) {
        b.convFrom(blockName(s + 1, i + 1, "downsample"), in_c, in_h, in_w, widths[s], 1, 2, 0);
        b.then("bn");
      }
    }
  }
  b.globalPool();
  b.fc("fc", 64, d.classes, false);
  return b.take();
}

// Pre-activation bottleneck blocks (1x1, 3x3 with the stride, 1x1 x4), 18 per stage, widths
// 16/32/64; 1x1 projection shortcut on every shape change (first block of each stage).
std::vector<LayerOp> resnet164(const DatasetInfo& d) {
  LayerBuilder b(d.channels, d.height, d.width);
  b.conv("conv1", 16, 3);
  b.then("bn,relu");  // pre-activation: a block's BN + ReLU belong to the layer whose output enters it
  const int64_t widths[3] = {16, 32, 64};
  for (int s = 0; s < 3; ++s) {
    for (int i = 0; i < 18; ++i) {
      const int64_t stride = (s > 0 && i == 0) ? 2 : 1;
      const int64_t in_c = b.channels(), in_h = b.height(), in_w = b.width();
      b.conv(blockName(s + 1, i + 1, "conv1"), widths[s], 1);
      b.then("bn,relu");
      b.conv(blockName(s + 1, i + 1, "conv2"), widths[s], 3, stride);
      b.then("bn,relu");
      b.conv(blockName(s + 1, i + 1, "conv3"), widths[s] * 4, 1);
      b.then("residual,bn,relu");  // the add, then the next block's (or the final) BN + ReLU
      if (i == 0) b.convFrom(blockName(s + 1, i + 1, "downsample"), in_c, in_h, in_w, widths[s] * 4, 1, stride, 0);
    }
  }
  b.globalPool();
  b.fc("fc", 256, d.classes, false);
  return b.take();
}

// Inverted residual blocks (t, c, n, s): 1x1 expand, 3x3 depthwise (stride s on the first of the
// group), 1x1 project; 1x1 conv shortcut where stride is 1 and channels change.
std::vector<LayerOp> mobilenetV2(const DatasetInfo& d) {
  struct Cfg {
    int64_t t, c, n, s;
  };
  const Cfg cfg[] = {{1, 16, 1, 1}, {6, 24, 2, 1},  {6, 32, 3, 2}, {6, 64, 4, 2},
                     {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  LayerBuilder b(d.channels, d.height, d.width);
  b.conv("conv1", 32, 3);
  b.then("bn,relu");
  int block = 0;
  for (const Cfg& g : cfg) {
    for (int64_t i = 0; i < g.n; ++i, ++block) {
      const int64_t stride = i == 0 ? g.s : 1;
      const int64_t in_c = b.channels(), in_h = b.height(), in_w = b.width(), hidden = g.t * in_c;
      const std::string p = "block" + std::to_string(block + 1) + ".";
      b.conv(p + "expand", hidden, 1);
      b.then("bn,relu");
      b.conv(p + "depthwise", hidden, 3, stride, 1, hidden);
      b.then("bn,relu");
      b.conv(p + "project", g.c, 1);
      b.then(stride == 1 ? "bn,residual" : "bn");  // no activation after the projection
      if (stride == 1 && in_c != g.c) {
        b.convFrom(p + "shortcut", in_c, in_h, in_w, g.c, 1, 1, 0);
        b.then("bn");
      }
    }
  }
  b.conv("conv2", 1280, 1);
  b.then("bn,relu");
  b.globalPool();
  b.fc("fc", 1280, d.classes, false);
  return b.take();
}

// LeNet-5: conv5x5 -> 6 (padded to 28x28), pool, conv5x5 -> 16, pool, fc 120, fc 84, fc (FP32).
std::vector<LayerOp> lenet5(const DatasetInfo& d) {
  LayerBuilder b(d.channels, d.height, d.width);
  b.conv("conv1", 6, 5, 1, d.height == 28 ? 2 : 0);
  b.then("relu").pool(2);
  b.conv("conv2", 16, 5, 1, 0);
  b.then("relu").pool(2);
  b.fc("fc1", 16 * b.height() * b.width(), 120);
  b.then("relu");
  b.fc("fc2", 120, 84);
  b.then("relu");
  b.fc("fc3", 84, d.classes, false);
  return b.take();
}

// The 6-layer CNN of the two-phase dynamic fixed-point paper (Moini, Caswell, Burleson, UMass:
// "8-bit fixed point for the first half of training, full precision for the second, on a 6-layer
// CNN for CIFAR-10"). The paper gives no layer table; this is the common 6-weight-layer CIFAR-10
// CNN of that period (the Keras cifar10_cnn example's layout, with 'same' padding throughout):
// conv3x3 32, conv3x3 32, pool 2, conv3x3 64, conv3x3 64, pool 2, FC 512, FC (FP32).
std::vector<LayerOp> cnn6(const DatasetInfo& d) {
  LayerBuilder b(d.channels, d.height, d.width);
  for (int i = 0; i < 4; ++i) {
    b.conv("conv" + std::to_string(i + 1), i < 2 ? 32 : 64, 3);
    b.then("relu");
    if (i % 2 == 1) b.pool(2);
  }
  b.fc("fc1", 64 * b.height() * b.width(), 512);
  b.then("relu");
  b.fc("fc2", 512, d.classes, false);
  return b.take();
}

// Small CNN: three conv3x3 + BN + ReLU (32, 64, 128 channels), maxpool after the first two,
// global avgpool, FC (FP32).
std::vector<LayerOp> smallCnn(const DatasetInfo& d) {
  LayerBuilder b(d.channels, d.height, d.width);
  for (int i = 0; i < 3; ++i) {
    b.conv("conv" + std::to_string(i + 1), 32 << i, 3);
    b.then("bn,relu");
    if (i < 2) b.pool(2);
  }
  b.globalPool();
  b.fc("fc", 128, d.classes, false);
  return b.take();
}

}  // namespace vpsim
