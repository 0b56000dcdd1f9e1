// Model zoo: exact MAC counts (closed forms and published figures) and dataset checks.
#include <gtest/gtest.h>

#include "traces/input_error.h"
#include "traces/layer_op.h"
#include "workloads/model_zoo.h"

namespace vpsim {

static Model model(const std::string& m, const std::string& d) { return buildModel(m, datasetInfo(d)); }

TEST(ModelZoo, CifarResNetClosedForm) {
  const std::pair<const char*, int64_t> nets[] = {
      {"resnet20", 3}, {"resnet38", 6}, {"resnet74", 12}, {"resnet110", 18}, {"resnet152", 25}};
  for (auto [name, n] : nets) {
    Model m = model(name, "cifar10");
    EXPECT_EQ(m.quantizedMacsPerSample(), 14155776 * n - 1654784) << name;
    EXPECT_EQ(m.macsPerSample() - m.quantizedMacsPerSample(), 640) << name;  // FC 64 -> 10
    EXPECT_EQ(m.layers.size(), static_cast<size_t>(6 * n + 1 + 2 + 1)) << name;
  }
  EXPECT_EQ(model("resnet20", "cifar10").quantizedMacsPerSample(), 40812544);
  EXPECT_EQ(model("resnet74", "cifar100").layers.back().out_c, 100);
}

TEST(ModelZoo, FirstLayerHasNoBwdDataAndFcIsFp32) {
  Model m = model("resnet20", "cifar10");
  EXPECT_FALSE(m.layers.front().has_bwd_data);
  EXPECT_TRUE(m.layers[1].has_bwd_data);
  EXPECT_FALSE(m.layers.back().quantized);
  EXPECT_EQ(m.layers.back().kind, LayerKind::Fc);
}

// The vector-unit work each layer records (layer_builder.h: the block structure of each network).
TEST(ModelZoo, PostOpsFollowTheBlocks) {
  const auto post = [](const Model& m, const std::string& name) {
    for (const LayerOp& l : m.layers)
      if (l.name == name) return postOpsName(l.post);
    return std::string("missing ") + name;
  };
  const Model r20 = model("resnet20", "cifar10");
  EXPECT_EQ(post(r20, "conv1"), "bn,relu,quantize");
  EXPECT_EQ(post(r20, "layer1.1.conv1"), "bn,relu,quantize");
  EXPECT_EQ(post(r20, "layer1.1.conv2"), "bn,relu,residual,quantize");
  EXPECT_EQ(post(r20, "layer2.1.downsample"), "bn,quantize");
  EXPECT_EQ(post(r20, "layer3.3.conv2"), "bn,relu,residual,pool");  // global pool, then the FP32 FC
  EXPECT_EQ(post(r20, "fc"), "");
  const Model mb = model("mobilenetv2", "cifar10");
  EXPECT_EQ(post(mb, "block1.project"), "bn,residual,quantize");  // stride 1: the add
  EXPECT_EQ(post(mb, "block4.project"), "bn,quantize");           // stride 2: no add, no activation
  EXPECT_EQ(post(mb, "conv2"), "bn,relu,pool");
  const Model le = model("lenet5", "fashion-mnist");
  EXPECT_EQ(post(le, "conv1"), "relu,pool,quantize");
  EXPECT_EQ(post(le, "fc2"), "relu");
  const Model r18 = model("resnet18", "imagenet");
  EXPECT_EQ(post(r18, "conv1"), "bn,relu,pool,quantize");  // FP32 stem, its output quantized for layer1
  const Model lm = model("transformer", "wikitext103");
  EXPECT_EQ(post(lm, "layer1.proj"), "bn,residual,quantize");
  EXPECT_EQ(post(lm, "layer1.fc1"), "relu,quantize");
  EXPECT_EQ(post(lm, "layer6.fc2"), "bn,residual");  // feeds the FP32 decoder
  EXPECT_EQ(post(lm, "layer1.attn_scores"), "quantize");
}

TEST(ModelZoo, ImageNetResNetsMatchPublishedMacs) {
  // torchvision's published GMACs (stem and FC included): 1.82, 3.67, 4.11.
  EXPECT_NEAR(model("resnet18", "imagenet").macsPerSample() / 1e9, 1.814, 0.01);
  EXPECT_NEAR(model("resnet34", "imagenet").macsPerSample() / 1e9, 3.664, 0.01);
  EXPECT_NEAR(model("resnet50", "imagenet").macsPerSample() / 1e9, 4.089, 0.01);
  EXPECT_FALSE(model("resnet50", "imagenet").layers.front().quantized);
}

TEST(ModelZoo, MobileNetV2MarksDepthwiseLayers) {
  Model m = model("mobilenetv2", "cifar10");
  int depthwise = 0;
  for (const auto& l : m.layers)
    if (l.kind == LayerKind::Depthwise) {
      ++depthwise;
      EXPECT_EQ(l.groups, l.in_c);
      EXPECT_EQ(l.macsPerSample(), l.out_c * 9 * l.out_h * l.out_w);
    }
  EXPECT_EQ(depthwise, 17);
  EXPECT_EQ(m.layers.back().in_c, 1280);
  // Block 1 by hand at 32x32: expand 32->32, depthwise 32x3x3, project 32->16, shortcut 32->16.
  EXPECT_EQ(m.layers[1].macsPerSample(), 32 * 32 * 1024);
  EXPECT_EQ(m.layers[2].macsPerSample(), 32 * 9 * 1024);
  EXPECT_EQ(m.layers[3].macsPerSample(), 32 * 16 * 1024);
  EXPECT_EQ(m.layers[4].name, "block1.shortcut");
  // About a third of ImageNet MobileNetV2's 300 M MACs scaled to CIFAR's maps (stride-1 stem).
  EXPECT_NEAR(m.macsPerSample() / 1e9, 0.0912, 0.001);
}

TEST(ModelZoo, DeitTinyAndLanguageModels) {
  Model deit = model("deit-tiny", "imagenet");
  EXPECT_NEAR(deit.macsPerSample() / 1e9, 1.26, 0.03);  // DeiT paper: 1.3 GFLOPs (multiply-adds)
  Model lstm = model("lstm", "ptb");
  EXPECT_EQ(lstm.layers[0].macsPerSample(), 35 * 1300 * 2600);
  EXPECT_TRUE(lstm.layers[0].has_bwd_data);
  EXPECT_EQ(model("transformer", "wikitext103").layers.size(), 6u * 6 + 1);
}

TEST(ModelZoo, SmallModelsOnFashionMnist) {
  Model cnn = model("cnn", "fashion-mnist");
  ASSERT_EQ(cnn.layers.size(), 4u);
  EXPECT_EQ(cnn.layers[2].in_h, 7);
  EXPECT_EQ(cnn.quantizedMacsPerSample(), 32 * 9 * 784 + 64 * 32 * 9 * 196 + 128 * 64 * 9 * 49);
  Model r20 = model("resnet20", "fashion-mnist");
  EXPECT_EQ(r20.layers.front().in_c, 1);
  EXPECT_EQ(r20.layers[r20.layers.size() - 2].out_h, 7);
  EXPECT_EQ(model("lenet5", "fashion-mnist").quantizedMacsPerSample(),
            6 * 25 * 784 + 16 * 6 * 25 * 100 + 400 * 120 + 120 * 84);
}

TEST(ModelZoo, RejectsUnknownAndMismatched) {
  EXPECT_THROW(model("resnet21", "cifar10"), InputError);
  EXPECT_THROW(model("resnet50", "cifar10"), InputError);
  EXPECT_THROW(model("lstm", "cifar10"), InputError);
  EXPECT_THROW(datasetInfo("mnist"), InputError);
  EXPECT_EQ(datasetInfo("cifar10").iterationsPerEpoch(128), 391);
}

}  // namespace vpsim
