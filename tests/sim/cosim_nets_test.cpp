// `vpsim train --cosim hw/bitfusion.yaml` on every network beyond the small CNN and the CIFAR
// ResNets, from its shipped config (shrunk to a few iterations on small data): the run finishes
// and the per-layer report has the network's own layers at the bits the trainer used.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "tests/common/files.h"
#include "tests/common/run_command.h"

namespace vpsim {
namespace {

using testing::runCommand;
using testing::vpsim;

using vpsim::testing::readFile;

// Trains `config` for 2 iterations with the extra --set arguments, co-simulated on Bit Fusion;
// returns OUT/cosim/layers.csv ("" on failure, reported).
std::string cosimLayers(const std::string& name, const std::string& config, const std::string& sets) {
  const std::string out = ::testing::TempDir() + "cosim_nets_" + name;
  auto r =
      runCommand(vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) + "/configs/train/" + config +
                 " --set iterations=2 --set progress=off --set threads=2 " + sets +
                 " --cosim hw/bitfusion.yaml --cache " + ::testing::TempDir() + "cosim_nets_memo.sqlite --out " + out);
  EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
  if (r.exit_code != 0) return "";
  EXPECT_NE(r.err.find("cosim epoch 1"), std::string::npos) << r.err;
  const auto summary = nlohmann::json::parse(readFile(out + "/cosim/summary.json"));
  EXPECT_GT(summary["cycles"].get<double>(), 0) << name;
  return readFile(out + "/cosim/layers.csv");
}

const std::string kSmallRgb =
    "--set dataset=synthetic --set synthetic_channels=3 --set synthetic_size=8 --set batch=4 "
    "--set normalize.mean=[0.5,0.5,0.5] --set normalize.std=[0.25,0.25,0.25] ";

TEST(CosimNets, MobileNetV2DepthwiseErrorsAtSixteenBits) {
  const std::string csv =
      cosimLayers("mnv2", "fmnist-mobilenetv2-cpt.yaml", kSmallRgb + "--set synthetic_hw=16 --set schedule=static:8/8");
  EXPECT_NE(csv.find("block1.depthwise,depthwise,bwd_data,8,8,16"), std::string::npos) << csv.substr(0, 400);
  EXPECT_NE(csv.find("block17.project,conv,fwd,8,8,8"), std::string::npos);
}

TEST(CosimNets, LeNet5AndCnn6) {
  const std::string lenet =
      cosimLayers("lenet5", "fmnist-lenet5-static8.yaml", "--set subset=16 --set test_subset=8 --set batch=8");
  EXPECT_NE(lenet.find("fc2,fc,fwd,8,8,8"), std::string::npos) << lenet.substr(0, 400);
  EXPECT_NE(lenet.find("fc3,fc,fwd,32,32,32"), std::string::npos);
  const std::string cnn6 = cosimLayers("cnn6", "cifar10-cnn6-twophase.yaml", kSmallRgb + "--set synthetic_hw=32");
  EXPECT_NE(cnn6.find("conv4,conv,fwd,8,8,8"), std::string::npos) << cnn6.substr(0, 400);
}

TEST(CosimNets, ImageNetResNetsAndSbm) {
  for (const char* model : {"resnet18", "resnet34", "resnet50"}) {
    const std::string csv = cosimLayers(model, "imagefolder-resnet18-cpt.yaml",
                                        kSmallRgb + "--set synthetic_hw=32 --set batch=2 --set model=" + model);
    EXPECT_NE(csv.find("conv1,conv,fwd,32,32,32"), std::string::npos) << model << ": the stem stays FP32";
    EXPECT_NE(csv.find(std::string(model) == "resnet50" ? "layer4.3.conv3,conv" : "layer4.2.conv2,conv"),
              std::string::npos)
        << model;
  }
  const std::string sbm =
      cosimLayers("sbm", "fmnist-resnet20-sbm.yaml", "--set subset=16 --set test_subset=8 --set batch=8");
  EXPECT_NE(sbm.find("layer3.3.conv2,conv,bwd_data,8,8,8"), std::string::npos);
}

}  // namespace
}  // namespace vpsim
