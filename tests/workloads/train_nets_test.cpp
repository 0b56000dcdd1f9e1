// The networks beyond the small CNN and the CIFAR ResNets, end to end: each one's layer list
// equals the model zoo's, each learns on a small set within a bounded number of iterations, and a
// run resumed from a checkpoint writes byte-identical trace, metrics and checkpoint files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/common/files.h"
#include "workloads/model_zoo.h"
#include "workloads/train/network.h"
#include "workloads/train/trainer.h"

namespace vpsim {
namespace {

namespace fs = std::filesystem;

std::string tempDir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("vpsim_nets_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

using vpsim::testing::readFile;

DatasetInfo images(const std::string& name, int channels, int hw, int classes) {
  DatasetInfo d;
  d.name = name, d.channels = channels, d.height = d.width = hw, d.classes = classes;
  return d;
}

void expectZooLayers(const std::string& model, const DatasetInfo& info) {
  const auto ops = Network::build(model, info, 1)->layerOps();
  const Model zoo = buildModel(model, info);
  ASSERT_EQ(ops.size(), zoo.layers.size()) << model << " on " << info.name;
  for (size_t i = 0; i < ops.size(); ++i)
    EXPECT_EQ(ops[i], zoo.layers[i]) << model << " on " << info.name << " " << info.height << ": " << ops[i].name;
}

TEST(TrainNets, MobileNetV2MatchesTheModelZoo) {
  for (const char* ds : {"cifar10", "cifar100", "fashion-mnist"}) expectZooLayers("mobilenetv2", datasetInfo(ds));
  const auto ops = Network::build("mobilenetv2", datasetInfo("cifar10"), 1)->layerOps();
  EXPECT_EQ(std::count_if(ops.begin(), ops.end(), [](const LayerOp& l) { return l.kind == LayerKind::Depthwise; }), 17);
}

TEST(TrainNets, LeNet5AndCnn6MatchTheModelZoo) {
  for (const char* ds : {"fashion-mnist", "cifar10"}) {
    expectZooLayers("lenet5", datasetInfo(ds));
    expectZooLayers("cnn6", datasetInfo(ds));
  }
  const auto ops = Network::build("lenet5", datasetInfo("cifar10"), 1)->layerOps();
  EXPECT_TRUE(ops[2].quantized && ops[3].quantized && !ops[4].quantized);  // fc1, fc2 quantized; fc3 FP32
}

// At ImageNet's 224, at a reduced image-folder size, and at an odd synthetic size (46: the stem's
// 23x23 map pools to 12, the exact 3x3/2 pad-1 max pool).
TEST(TrainNets, ImageNetResNetsMatchTheModelZoo) {
  expectZooLayers("resnet18", images("synthetic", 3, 46, 10));
  expectZooLayers("resnet34", images("imagefolder", 3, 64, 100));
  expectZooLayers("resnet50", datasetInfo("imagenet"));
  const auto ops = Network::build("resnet18", images("synthetic", 3, 46, 10), 1)->layerOps();
  EXPECT_EQ(ops[1].in_h, 12);
  EXPECT_FALSE(ops.front().quantized);  // the stem stays FP32, as the FC
}

// A short run: `sets` over a base of constant LR, no progress bar, 2 threads.
TrainConfig runConfig(const std::string& model, std::vector<std::string> sets) {
  std::vector<std::string> all = {"progress=off", "lr_schedule=constant", "threads=2"};
  all.insert(all.end(), sets.begin(), sets.end());
  return parseTrainConfig("model: " + model + "\n", model + ".yaml", all);
}

// Learning: the last epoch's training loss is below `ratio` times the first's and its training
// accuracy is above chance (10 classes) by a margin. (Not the test accuracy: after a few dozen
// iterations BN's running statistics, which evaluation uses, have not settled yet.)
void expectLearns(const TrainConfig& cfg, double ratio, double min_acc) {
  const TrainResult r = Trainer(cfg).run("", false);
  ASSERT_GE(r.epochs.size(), 2u);
  EXPECT_LT(r.epochs.back().train_loss, ratio * r.epochs.front().train_loss)
      << cfg.model << ": " << r.epochs.front().train_loss << " -> " << r.epochs.back().train_loss;
  EXPECT_GT(r.epochs.back().train_acc, min_acc) << cfg.model;
}

const std::vector<std::string> kFmnist = {"dataset=fashion-mnist", "normalize.mean=[0.2860]", "normalize.std=[0.3530]"};
bool haveFmnist() { return fs::exists(std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz"); }

TEST(TrainNets, LeNet5LearnsFashionMnist) {  // 3 epochs of 16 iterations at 8/8
  if (!haveFmnist()) GTEST_SKIP() << "no dataset";
  auto sets = kFmnist;
  sets.insert(sets.end(), {"subset=1024", "test_subset=500", "batch=64", "epochs=3", "lr=0.05", "schedule=static:8/8"});
  expectLearns(runConfig("lenet5", sets), 0.7, 0.45);
}

TEST(TrainNets, Cnn6LearnsFashionMnistInFixedPointTwoPhase) {  // 3 epochs of 16 iterations
  if (!haveFmnist()) GTEST_SKIP() << "no dataset";
  auto sets = kFmnist;
  sets.insert(sets.end(), {"subset=512", "test_subset=500", "batch=32", "epochs=3", "lr=0.02", "quantizer=fixed",
                           "schedule=twophase:8/8,switch=0.5"});
  expectLearns(runConfig("cnn6", sets), 0.7, 0.45);
}

const std::vector<std::string> kSynthetic3 = {"dataset=synthetic", "synthetic_channels=3", "synthetic_size=256"};

TEST(TrainNets, MobileNetV2LearnsUnderCpt) {  // 16x16x3 synthetic, 3 epochs of 8 iterations
  auto sets = kSynthetic3;
  sets.insert(sets.end(), {"synthetic_hw=16", "batch=32", "epochs=3", "lr=0.05", "schedule=cpt:4-8/8,cycles=3"});
  expectLearns(runConfig("mobilenetv2", sets), 0.7, 0.4);
}

TEST(TrainNets, ResNet18Learns) {  // 32x32x3 synthetic, 2 epochs of 8 iterations at 8/8
  auto sets = kSynthetic3;
  sets.insert(sets.end(), {"synthetic_size=128", "synthetic_hw=32", "batch=16", "epochs=2", "lr=0.01", "warmup=4",
                           "schedule=static:8/8"});
  expectLearns(runConfig("resnet18", sets), 0.7, 0.4);
}

// Bottlenecks at batch 16 need a lower rate (at 0.01 the loss climbs in FP32 as at 8 bits).
TEST(TrainNets, ResNet50Learns) {  // 32x32x3 synthetic, 3 epochs of 8 iterations at 8/8
  auto sets = kSynthetic3;
  sets.insert(sets.end(), {"synthetic_size=128", "synthetic_hw=32", "batch=16", "epochs=3", "lr=0.002", "warmup=4",
                           "schedule=static:8/8"});
  expectLearns(runConfig("resnet50", sets), 0.85, 0.2);
}

// Interrupted after `stop` iterations and resumed == uninterrupted, byte for byte (trace, metrics, checkpoint).
void expectResumeEqualsUninterrupted(const std::string& model, std::vector<std::string> sets, int stop = 5) {
  sets.insert(sets.end(), {"epochs=2", "lr=0.02"});
  const std::string a = tempDir(model + "_full"), b = tempDir(model + "_resumed");
  Trainer(runConfig(model, sets)).run(a, false);
  sets.push_back("stop_after=" + std::to_string(stop));
  EXPECT_FALSE(Trainer(runConfig(model, sets)).run(b, false).finished);
  EXPECT_TRUE(Trainer(runConfig(model, sets)).run(b, true).finished);
  for (const char* f : {"/trace.jsonl", "/metrics.csv", "/checkpoint.bin"}) {
    const std::string full = readFile(a + f);
    EXPECT_FALSE(full.empty()) << model << f;
    EXPECT_TRUE(full == readFile(b + f)) << model << f << ": the resumed run differs";
  }
  fs::remove_all(a), fs::remove_all(b);
}

TEST(TrainNets, ResumeEqualsUninterruptedSmallNets) {  // 2 epochs of 4 iterations each
  const std::vector<std::string> s = {"dataset=synthetic", "synthetic_size=64", "synthetic_hw=16", "batch=16"};
  auto cpt = s;
  cpt.push_back("schedule=cpt:3-8/8,cycles=2");
  expectResumeEqualsUninterrupted("mobilenetv2", cpt);
  auto lenet = s;
  lenet.insert(lenet.end(), {"synthetic_hw=28", "schedule=ldp:3-8/8,lr=20,target=0.5"});
  expectResumeEqualsUninterrupted("lenet5", lenet);
  auto cnn6 = s;
  cnn6.insert(cnn6.end(), {"quantizer=fixed", "schedule=twophase:8/8,underflow=0.01,window=2"});
  expectResumeEqualsUninterrupted("cnn6", cnn6);
  auto sbm = s;
  sbm.insert(sbm.end(), {"quantizer=sbm", "schedule=static:8/8"});
  expectResumeEqualsUninterrupted("resnet20", sbm);
}

// Depthwise convs, quantized FCs with biases, fixed point, Range BN, bottlenecks: byte-identical
// trace, metrics and checkpoint with 1, 2 and 3 threads (ResNet-20 has its own test through the
// binary, TrainCli.ResultsDoNotDependOnTheThreadCount).
TEST(TrainNets, ResultsDoNotDependOnTheThreadCount) {
  const std::vector<std::string> s = {"dataset=synthetic", "synthetic_size=40", "synthetic_hw=16",
                                      "batch=12",          "epochs=1",          "lr=0.02"};
  const std::vector<std::pair<std::string, std::vector<std::string>>> runs = {
      {"mobilenetv2", {"schedule=cpt:3-8/8,cycles=2"}},
      {"lenet5", {"synthetic_hw=28", "schedule=static:6/8"}},
      {"cnn6", {"quantizer=fixed", "schedule=static:8/8"}},
      {"resnet20", {"quantizer=sbm", "schedule=static:8/8"}},
      {"resnet50", {"synthetic_channels=3", "synthetic_size=8", "batch=4", "schedule=static:8/8"}}};
  for (const auto& [model, extra] : runs) {
    std::string first;
    for (const char* threads : {"1", "2", "3"}) {
      auto sets = s;
      sets.insert(sets.end(), extra.begin(), extra.end());
      sets.push_back(std::string("threads=") + threads);
      const std::string dir = tempDir(model + "_threads" + threads);
      Trainer(runConfig(model, sets)).run(dir, false);
      const std::string all =
          readFile(dir + "/trace.jsonl") + readFile(dir + "/metrics.csv") + readFile(dir + "/checkpoint.bin");
      if (first.empty()) first = all;
      EXPECT_TRUE(all == first) << model << ": threads=" << threads << " differs from threads=1";
      fs::remove_all(dir);
    }
  }
}

// 16x16x3 (big enough for the topology, not for the zoo), 2 epochs of 2 iterations, stopped after 3.
// ResNet-34 differs from 18 only in block counts. Checkpoints hold 11.7 M / 25.6 M parameters.
TEST(TrainNets, ResumeEqualsUninterruptedImageNetResNets) {
  const std::vector<std::string> s = {"dataset=synthetic", "synthetic_channels=3",
                                      "synthetic_size=8",  "synthetic_hw=16",
                                      "batch=4",           "schedule=cpt:3-8/8,cycles=2"};
  for (const char* model : {"resnet18", "resnet50"}) expectResumeEqualsUninterrupted(model, s, 3);
}

}  // namespace
}  // namespace vpsim
