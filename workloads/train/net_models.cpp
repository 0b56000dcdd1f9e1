// The trainable networks (see net_models.h). Layer names, kinds, shapes and order equal the model
// zoo's (tests: TrainNets.*MatchTheModelZoo); BN, activation and pooling choices the zoo does not
// record are stated per network.
#include "workloads/train/net_models.h"

#include "workloads/train/layers.h"
#include "workloads/train/simple_layers.h"

namespace vpsim {

// Post-activation basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), shortcut =
// bn(conv1x1 with the stride) when the shape changes. CIFAR and ImageNet ResNets alike.
void basicBlock(NetBuilder& b, const std::string& p, int out, int stride) {
  auto main = std::make_unique<Sequential>(), sc = std::make_unique<Sequential>();
  NetBuilder m = b.branch(*main);
  m.conv(p + "conv1", out, 3, stride), m.norm(p + "bn1"), m.relu();
  m.conv(p + "conv2", out, 3), m.norm(p + "bn2");
  if (stride != 1 || b.c != out) {
    NetBuilder s = b.branch(*sc);
    s.conv(p + "downsample", out, 1, stride), s.norm(p + "downsample_bn");
  }
  b.add(std::make_unique<Residual>(std::move(main), std::move(sc), std::make_unique<ReLU>()));
  b.closeBlock(m, "residual,relu");
}

// ImageNet bottleneck (torchvision's v1.5: the stride on the 3x3): 1x1 -> 3x3 -> 1x1 (x4), each
// with BN, ReLU after the first two and after the add; projection shortcut on a shape change.
void bottleneck(NetBuilder& b, const std::string& p, int width, int stride) {
  auto main = std::make_unique<Sequential>(), sc = std::make_unique<Sequential>();
  NetBuilder m = b.branch(*main);
  m.conv(p + "conv1", width, 1), m.norm(p + "bn1"), m.relu();
  m.conv(p + "conv2", width, 3, stride), m.norm(p + "bn2"), m.relu();
  m.conv(p + "conv3", 4 * width, 1), m.norm(p + "bn3");
  if (stride != 1 || b.c != 4 * width) {
    NetBuilder s = b.branch(*sc);
    s.conv(p + "downsample", 4 * width, 1, stride), s.norm(p + "downsample_bn");
  }
  b.add(std::make_unique<Residual>(std::move(main), std::move(sc), std::make_unique<ReLU>()));
  b.closeBlock(m, "residual,relu");
}

// MobileNetV2 inverted residual (kuangliu's CIFAR layout, which keeps the 1x1 expand at t = 1):
// expand 1x1 -> BN -> ReLU6 -> depthwise 3x3 -> BN -> ReLU6 -> project 1x1 -> BN; the residual add
// whenever the stride is 1, through a 1x1 conv + BN when the channels change; no activation after.
void invertedResidual(NetBuilder& b, const std::string& p, int expansion, int out, int stride) {
  const int hidden = expansion * b.c;
  auto main = std::make_unique<Sequential>(), sc = std::make_unique<Sequential>();
  NetBuilder m = b.branch(*main);
  m.conv(p + "expand", hidden, 1), m.norm(p + "expand_bn"), m.relu6();
  m.conv(p + "depthwise", hidden, 3, stride, 1, hidden), m.norm(p + "depthwise_bn"), m.relu6();
  m.conv(p + "project", out, 1), m.norm(p + "project_bn");
  if (stride == 1 && b.c != out) {
    NetBuilder s = b.branch(*sc);
    s.conv(p + "shortcut", out, 1), s.norm(p + "shortcut_bn");
  }
  if (stride == 1)
    b.add(std::make_unique<Residual>(std::move(main), std::move(sc), nullptr));
  else
    b.add(std::move(main));
  b.closeBlock(m, stride == 1 ? "residual" : "");
}

// Three conv3x3 + BN + ReLU (32, 64, 128), maxpool 2 after the first two, global avgpool, FC.
void buildSmallCnn(NetBuilder& b, int classes) {
  for (int i = 0; i < 3; ++i) {
    const std::string k = std::to_string(i + 1);
    b.conv("conv" + k, 32 << i, 3), b.norm("bn" + k), b.relu();
    if (i < 2) b.maxPool(2, 2);
  }
  b.globalAvgPool();
  b.fc("fc", classes, false);
}

void buildCifarResNet(NetBuilder& b, int n, int classes) {
  b.conv("conv1", 16, 3), b.norm("bn1"), b.relu();
  for (int stage = 1; stage <= 3; ++stage)
    for (int i = 1; i <= n; ++i)
      basicBlock(b, "layer" + std::to_string(stage) + "." + std::to_string(i) + ".", 16 << (stage - 1),
                 stage > 1 && i == 1 ? 2 : 1);
  b.globalAvgPool();
  b.fc("fc", classes, false);
}

// Stem conv3x3 3->32 stride 1, the (t, c, n, s) table of methods.md, conv1x1 320->1280, global
// avgpool (avgpool 4 at 32x32), FC. ReLU6 everywhere kuangliu's code has ReLU (the paper's choice).
void buildMobileNetV2(NetBuilder& b, int classes) {
  struct Cfg {
    int t, c, n, s;
  };
  const Cfg cfg[] = {{1, 16, 1, 1}, {6, 24, 2, 1},  {6, 32, 3, 2}, {6, 64, 4, 2},
                     {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  b.conv("conv1", 32, 3), b.norm("bn1"), b.relu6();
  int block = 0;
  for (const Cfg& g : cfg)
    for (int i = 0; i < g.n; ++i)
      invertedResidual(b, "block" + std::to_string(++block) + ".", g.t, g.c, i == 0 ? g.s : 1);
  b.conv("conv2", 1280, 1), b.norm("bn2"), b.relu6();
  b.globalAvgPool();
  b.fc("fc", classes, false);
}

// LeNet-5 as the zoo lists it (conv5x5 -> 6, padded to keep 28x28 inputs at 28; conv5x5 -> 16;
// FC 120, 84, classes), with the modern choices: ReLU and 2x2 max pooling, biases, no BN. fc1/fc2
// are quantized, the last FC stays FP32.
void buildLeNet5(NetBuilder& b, int classes) {
  b.conv("conv1", 6, 5, 1, b.hw == 28 ? 2 : 0), b.bias("conv1"), b.relu(), b.maxPool(2, 2);
  b.conv("conv2", 16, 5, 1, 0), b.bias("conv2"), b.relu(), b.maxPool(2, 2);
  b.fc("fc1", 120, true), b.relu();
  b.fc("fc2", 84, true), b.relu();
  b.fc("fc3", classes, false);
}

// The two-phase paper's 6-layer CNN (Moini et al. give no layer table; the zoo's cnn6 comment
// says what was chosen): 4 conv3x3 + ReLU with biases and a 2x2 maxpool after every second, FC 512
// + ReLU, FC (FP32). No BN: the fixed-point training papers of its time train without it.
void buildCnn6(NetBuilder& b, int classes) {
  const int widths[4] = {32, 32, 64, 64};
  for (int i = 0; i < 4; ++i) {
    const std::string name = "conv" + std::to_string(i + 1);
    b.conv(name, widths[i], 3), b.bias(name), b.relu();
    if (i % 2 == 1) b.maxPool(2, 2);
  }
  b.fc("fc1", 512, true), b.relu();
  b.fc("fc2", classes, false);
}

// He et al.'s ImageNet ResNets (torchvision layout): stem conv7x7/2 (FP32, as CPT's ImageNet code)
// + BN + ReLU + maxpool 3x3/2 pad 1, four stages (64..512 wide, stride 2 from stage 2), global
// avgpool, FC (FP32). Basic blocks for 18/34, bottlenecks for 50.
void buildImageNetResNet(NetBuilder& b, int depth, int classes) {
  const int blocks[3][4] = {{2, 2, 2, 2}, {3, 4, 6, 3}, {3, 4, 6, 3}};
  const int* n = blocks[depth == 18 ? 0 : depth == 34 ? 1 : 2];
  b.conv("conv1", 64, 7, 2, 3).op.quantized = false;
  b.norm("bn1"), b.relu(), b.maxPool(3, 2, 1);
  for (int s = 0; s < 4; ++s)
    for (int i = 0; i < n[s]; ++i) {
      const std::string p = "layer" + std::to_string(s + 1) + "." + std::to_string(i + 1) + ".";
      const int stride = s > 0 && i == 0 ? 2 : 1;
      if (depth >= 50)
        bottleneck(b, p, 64 << s, stride);
      else
        basicBlock(b, p, 64 << s, stride);
    }
  b.globalAvgPool();
  b.fc("fc", classes, false);
}

}  // namespace vpsim
