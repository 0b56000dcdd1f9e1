// Co-simulation: `vpsim train --cosim` reports what `vpsim run` reports for the trace it wrote, LDP
// can take its cost from the simulated hardware, that cost follows the hardware's rules, and LDP's
// learned bits follow it: on Bit Fusion they leave the widths that run as 8.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "sim/cosim/cosim.h"
#include "sim/report/report_table.h"
#include "tests/common/files.h"
#include "tests/common/run_command.h"
#include "workloads/model_zoo.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {
std::string tmp(const std::string& name) { return ::testing::TempDir() + "cosim_" + name; }
using vpsim::testing::readFile;
const std::string kTrain = " train --config " + std::string(VPSIM_SOURCE_DIR) +
                           "/configs/train/fmnist-cnn-cpt.yaml --set iterations=24 --set subset=1024 "
                           "--set test_subset=256 --set batch=64 --set progress=off --set threads=2";

// 200 iterations of LDP (target 0.5 of static 8-bit) co-simulated on `hw`, costed by `cost`.
struct LdpRun {
  vpsim::testing::CommandResult cmd;
  ReportTable widths;  // OUT/cosim/widths.csv
  double cycles = 0;   // the whole run on `hw`
  double shareAt(int lo, int hi) const {
    double s = 0;
    for (size_t r = 0; r < widths.rows(); ++r)
      if (widths.num(r, "width_bits") >= lo && widths.num(r, "width_bits") <= hi) s += widths.num(r, "share");
    return s;
  }
};
LdpRun ldpRun(const std::string& hw, const std::string& cost) {
  const std::string out = tmp("ldp_" + hw + "_" + cost);
  LdpRun r;
  r.cmd =
      runCommand(vpsim() + " train --config " + std::string(VPSIM_SOURCE_DIR) +
                 "/configs/train/fmnist-cnn-ldp.yaml --set iterations=200 --set subset=4096 --set test_subset=256"
                 " --set batch=64 --set progress=off --set threads=1 --set 'schedule=ldp:3-8/8,target=0.5,lr=6,cost=" +
                 cost + "' --cosim hw/" + hw + ".yaml --cache " + tmp("ldp_memo_" + hw + ".sqlite") + " --out " + out);
  if (r.cmd.exit_code != 0) return r;
  r.widths = ReportTable::load(out + "/cosim/widths.csv");
  r.cycles = nlohmann::json::parse(readFile(out + "/cosim/summary.json"))["cycles"].get<double>();
  return r;
}
}  // namespace

TEST(Cosim, EpochReportEqualsVpsimRunOnTheWrittenTrace) {
  const std::string out = tmp("cpt"), cache = tmp("memo.sqlite");
  auto t = runCommand(vpsim() + kTrain + " --cosim hw/bitfusion.yaml --cache " + cache + " --out " + out);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.err.find("cosim epoch 1"), std::string::npos) << t.err;
  EXPECT_NE(t.err.find("co-simulation took"), std::string::npos) << t.err;  // its cost, for the benchmark
  auto r = runCommand(vpsim() + " run --hw hw/bitfusion.yaml --trace " + out + "/trace.jsonl --cache " + cache +
                      " --out " + out + "/run --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["simulated_passes"], 0);  // co-simulation filled the cache
  for (const char* f : {"/epochs.csv", "/layers.csv", "/bits_per_epoch.csv", "/widths.csv"})
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

// The claim: on Bit Fusion, where 5..7 bits cost the cycles of 8, LDP with the hardware's
// cycles as its cost learns widths the hardware rewards (4 and below, or 8) and spends fewer cycles
// than LDP with the paper's BitOPs cost, which keeps most layer-iterations at 5..7.
TEST(CosimLdp, OnBitFusionLearnedBitsLeaveTheWidthsThatRunAsEight) {
  const LdpRun hw = ldpRun("bitfusion", "cycles"), paper = ldpRun("bitfusion", "bitops");
  ASSERT_EQ(hw.cmd.exit_code, 0) << hw.cmd.err;
  ASSERT_EQ(paper.cmd.exit_code, 0) << paper.cmd.err;
  EXPECT_NE(hw.cmd.err.find("conv2:5->8"), std::string::npos) << hw.cmd.err;  // the merge is logged
  // 5..7 run at 8's compute speed but move fewer DRAM bits, so a few memory-bound layer-iterations
  // keep them; far fewer than with the BitOPs cost.
  EXPECT_LT(hw.shareAt(5, 7), 0.5 * paper.shareAt(5, 7));
  EXPECT_GT(hw.shareAt(1, 4), 0.15);  // it did go down, jumping over 5..7
  EXPECT_GT(paper.shareAt(5, 7), 0.5);
  EXPECT_LT(hw.cycles, 0.97 * paper.cycles);
  // widths.csv carries the hardware's side: 5..7 within 2% of 8 in cycles, 4 far below.
  // Rows span the widths LDP used, the unused 5..7 included (the lowest learned width is 3 or 4).
  ASSERT_GE(hw.widths.rows(), 5u);
  ASSERT_EQ(hw.widths.num(hw.widths.rows() - 1, "width_bits"), 8);
  const auto row = [&](int w) { return hw.widths.rows() - 1 - size_t(8 - w); };
  for (int w = 5; w <= 7; ++w) EXPECT_NEAR(hw.widths.num(row(w), "cycles_rel"), 1.0, 0.02) << w;
  EXPECT_LT(hw.widths.num(row(4), "cycles_rel"), 0.8);
}

// On Stripes every width saves cycles (activations are serial), nothing is merged and LDP's widths
// spread over the whole range, 5..7 included.
TEST(CosimLdp, OnStripesEveryWidthStaysInPlay) {
  const LdpRun r = ldpRun("stripes", "cycles");
  ASSERT_EQ(r.cmd.exit_code, 0) << r.cmd.err;
  EXPECT_EQ(r.cmd.err.find("run wider"), std::string::npos) << r.cmd.err;
  EXPECT_GT(r.shareAt(5, 7), 0.15);
  for (size_t i = 1; i < r.widths.rows(); ++i)
    EXPECT_GT(r.widths.num(i, "cycles_rel"), r.widths.num(i - 1, "cycles_rel") * 1.01) << i;
}

}  // namespace vpsim
