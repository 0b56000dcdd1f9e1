// Co-simulation: `vpsim train --cosim` reports what `vpsim run` reports for the trace it wrote, LDP
// can take its cost from the simulated hardware, and that cost follows the hardware's rules.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "sim/cosim.h"
#include "tests/common/run_command.h"
#include "workloads/model_zoo.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {
std::string tmp(const std::string& name) { return ::testing::TempDir() + "cosim_" + name; }
std::string readFile(const std::string& path) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  return ss.str();
}
const std::string kTrain = " train --config " + std::string(VPSIM_SOURCE_DIR) +
                           "/configs/train/fmnist-cnn-cpt.yaml --set iterations=24 --set subset=1024 "
                           "--set test_subset=256 --set batch=64 --set progress=off --set threads=2";
}  // namespace

TEST(Cosim, EpochReportEqualsVpsimRunOnTheWrittenTrace) {
  const std::string out = tmp("cpt"), cache = tmp("memo.sqlite");
  auto t = runCommand(vpsim() + kTrain + " --cosim hw/bitfusion.yaml --cache " + cache + " --out " + out);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.err.find("cosim epoch 1"), std::string::npos) << t.err;
  auto r = runCommand(vpsim() + " run --hw hw/bitfusion.yaml --trace " + out + "/trace.jsonl --cache " + cache +
                      " --out " + out + "/run --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["simulated_passes"], 0);  // co-simulation filled the cache
  for (const char* f : {"/epochs.csv", "/layers.csv", "/bits_per_epoch.csv"})
    EXPECT_EQ(readFile(out + "/cosim" + f), readFile(out + "/run" + f)) << f;
  auto summary = nlohmann::json::parse(readFile(out + "/cosim/summary.json"));
  EXPECT_EQ(summary["epochs"], 2);  // 24 iterations of 16 per epoch (1024 / 64)
  EXPECT_GT(summary["energy_j"]["total"].get<double>(), 0);
}

TEST(Cosim, LdpTakesItsCostFromTheHardware) {
  const std::string out = tmp("ldp");
  auto t = runCommand(vpsim() + kTrain + " --set 'schedule=ldp:3-8/8,target=0.6,lr=2,cost=energy'" +
                      " --cosim hw/bitfusion.yaml --no-cache --out " + out);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.err.find("LDP cost: energy"), std::string::npos);
  std::ifstream trace(out + "/trace.jsonl");
  std::string header;
  std::getline(trace, header);
  EXPECT_NE(header.find("cost=energy"), std::string::npos);
  auto bad = runCommand(vpsim() + kTrain + " --set 'schedule=ldp:3-8/8,cost=energy' --out " + tmp("bad"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("needs --cosim"), std::string::npos) << bad.err;
}

// On Bit Fusion, widths 5..7 run as 8 (one product per Fusion Unit per cycle): the cycles an
// iteration costs are flat from 5 to 8 bits (within the few stall cycles that narrower data saves)
// and drop at 4, so LDP's cost gradient (a difference of neighbouring widths) pushes only where the
// hardware rewards it. BitOPs fall at every step.
TEST(Cosim, HardwareCostIsFlatWhereBitFusionIs) {
  const std::string configs = std::string(VPSIM_SOURCE_DIR) + "/configs";
  const HwConfig hw = loadHwConfig(configs + "/hw/bitfusion.yaml", configs);
  RunOptions opt;
  opt.progress = false;
  auto coster = std::make_shared<PassCoster>(hw, opt);
  const Model m = buildModel("cnn", datasetInfo("fashion-mnist"));
  SimulatedCostModel cycles(coster, m.layers, 64, CostMetric::Cycles);
  BitopsCostModel bitops(m.layers);
  auto at = [&](IterationCostModel& c, int b) {
    std::vector<Bits> bits(m.layers.size(), Bits{b, b, 8});
    bits.back() = Bits{32, 32, 32};
    return c.cost(bits);
  };
  for (int b = 5; b < 8; ++b) {
    EXPECT_NEAR(at(cycles, b) / at(cycles, 8), 1.0, 0.02) << b;
    EXPECT_LT(at(bitops, b) / at(bitops, b + 1), 0.9) << b;
  }
  EXPECT_LT(at(cycles, 4), 0.8 * at(cycles, 5));
  EXPECT_LT(at(cycles, 2), at(cycles, 4));
}

}  // namespace vpsim
