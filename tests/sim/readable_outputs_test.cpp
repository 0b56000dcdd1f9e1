// Outputs a first-time user can read, through the binary: epochs numbered from 1 in every file and
// table (metrics.csv, the trace's metric lines, cosim/epochs.csv and bits_per_epoch.csv, the
// co-simulation table, `vpsim run`'s files on the written trace); the trainer's BitOPs equal
// `trace info`'s on the same run; every column name carries its unit (or is a count, a name or a
// ratio); schedule-specific settings only for that schedule; identical epochs said once; the
// summary names the top cost and the least utilized layer; a live progress line on a terminal.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "sim/report/report_table.h"
#include "tests/common/files.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

namespace fs = std::filesystem;

std::string tmp(const std::string& name) {
  return ::testing::TempDir() + "readable_" + std::to_string(::getpid()) + "_" + name;
}

using vpsim::testing::readFile;

// ResNet-20 on 230 synthetic 12x12 images, batch 40: 6 iterations per epoch, the last one partial
// (30 images), an FP32 classifier and a stem without a needed bwd_data: every case where the
// trainer's count used to differ from the trace's.
std::string trainCommand(const std::string& dir, const std::string& schedule, const std::string& extra) {
  fs::create_directories(dir);
  std::ofstream(dir + "/c.yaml") << "model: resnet20\ndataset: synthetic\nsynthetic_size: 230\nsynthetic_hw: 12\n"
                                    "batch: 40\nepochs: 2\nlr: 0.05\nschedule: \""
                                 << schedule << "\"\nprogress: off\nthreads: 1\n";
  return vpsim() + " train --config " + dir + "/c.yaml --out " + dir + "/out " + extra;
}

std::vector<std::string> column(const ReportTable& t, const std::string& name) {
  std::vector<std::string> v;
  for (size_t r = 0; r < t.rows(); ++r) v.push_back(t.cell(r, name));
  return v;
}

std::vector<std::string> unique(std::vector<std::string> v) {
  std::vector<std::string> out;
  for (auto& s : v)
    if (out.empty() || out.back() != s) out.push_back(s);
  return out;
}

// A column name carries a unit ([J], [pJ], [s], cycles, bits, GBitOPs, MHz) or is one of the
// dimensionless kinds: an index or count, a name, a ratio.
bool carriesUnit(const std::string& c) {
  static const std::regex unit("(^|_)(j|pj|seconds|s|cycles|bits|gbitops|mhz)(_|$)");
  static const std::set<std::string> dimensionless = {
      "epoch",       "iterations", "layer",     "kind",       "pass",       "lr",
      "train_loss",  "test_loss",  "train_acc", "test_acc",   "train_ppl",  "valid_ppl",
      "utilization", "share",      "mac_share", "cycles_rel", "energy_rel", "layer_iterations",
      "key",         "idx",        "sweep",     "workload",   "schedule",   "hw_name",
      "status",      "pareto",     "host",      "error",      "epochs",     "unique_passes",
      "cache_hits",  "line",       "op",        "tiling"};
  return dimensionless.count(c) || std::regex_search(c, unit);
}

}  // namespace

TEST(ReadableOutputs, EpochsAreNumberedFromOneInEveryFileAndTable) {
  const std::string dir = tmp("epochs");
  auto r = runCommand(trainCommand(dir, "cpt:3-8/8,cycles=2", "--cosim hw/bitfusion.yaml --no-cache"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> want = {"1", "2"};
  EXPECT_EQ(column(ReportTable::load(dir + "/out/metrics.csv"), "epoch"), want) << "metrics.csv";
  EXPECT_EQ(column(ReportTable::load(dir + "/out/cosim/epochs.csv"), "epoch"), want) << "cosim/epochs.csv";
  EXPECT_EQ(unique(column(ReportTable::load(dir + "/out/cosim/bits_per_epoch.csv"), "epoch")), want)
      << "bits_per_epoch.csv";
  EXPECT_NE(r.err.find("epoch 1: train loss"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cosim epoch 2:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("epoch 0"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("epoch 3"), std::string::npos) << r.err;
  // The trace's metric lines.
  std::vector<std::string> trace_epochs;
  std::istringstream trace(readFile(dir + "/out/trace.jsonl"));
  for (std::string line; std::getline(trace, line);)
    if (line.find("\"epoch\"") != std::string::npos && line.find("\"layers\"") == std::string::npos)
      trace_epochs.push_back(std::to_string(nlohmann::json::parse(line)["epoch"].get<int>()));
  EXPECT_EQ(trace_epochs, want) << "trace metric lines";
  // The table's first column, rows after the header line.
  std::vector<std::string> table_epochs;
  std::istringstream table(r.out);
  bool rows = false;
  for (std::string line; std::getline(table, line);) {
    std::istringstream ls(line);
    std::string first;
    ls >> first;
    if (rows && !first.empty()) table_epochs.push_back(first);
    rows = rows || first == "epoch";
  }
  EXPECT_EQ(table_epochs, want) << r.out;
  // `vpsim run` on the written trace numbers them the same way.
  auto run = runCommand(vpsim() + " run --hw hw/bitfusion.yaml --trace " + dir + "/out/trace.jsonl --no-cache --out " +
                        dir + "/run");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(column(ReportTable::load(dir + "/run/epochs.csv"), "epoch"), want);
  EXPECT_EQ(unique(column(ReportTable::load(dir + "/run/bits_per_epoch.csv"), "epoch")), want);
  fs::remove_all(dir);
}

TEST(ReadableOutputs, TrainerBitopsEqualTraceInfoOnTheSameRun) {
  const std::string dir = tmp("bitops");
  auto r = runCommand(trainCommand(dir, "cpt:3-8/8,cycles=2", ""));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto info = runCommand(vpsim() + " trace info " + dir + "/out/trace.jsonl --json");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  const ReportTable metrics = ReportTable::load(dir + "/out/metrics.csv");
  ASSERT_EQ(metrics.rows(), 2u);
  ASSERT_EQ(j["bitops_per_epoch"].size(), 2u);
  double sum = 0;
  for (size_t e = 0; e < 2; ++e) {
    const double trace_g = j["bitops_per_epoch"][e].get<double>() / 1e9;
    EXPECT_NEAR(metrics.num(e, "gbitops"), trace_g, 1e-6 + 1e-9 * trace_g) << "epoch " << e + 1;
    sum += metrics.num(e, "gbitops");
  }
  EXPECT_NEAR(sum, j["gbitops_total"].get<double>(), 1e-5 * sum);
  EXPECT_GT(j["fp32_layer_bitops"].get<double>(), 0) << "the FP32 classifier is reported apart, not in the totals";
  fs::remove_all(dir);
}

TEST(ReadableOutputs, EveryColumnNameCarriesItsUnit) {
  const std::string dir = tmp("units");
  auto r = runCommand(trainCommand(dir, "cpt:3-8/8,cycles=2", "--cosim hw/bitfusion.yaml --no-cache"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> files = {dir + "/out/metrics.csv"};
  for (const char* f : {"epochs.csv", "layers.csv", "bits_per_epoch.csv", "widths.csv"})
    files.push_back(dir + "/out/cosim/" + f);
  const std::string spec = dir + "/spec.yaml";
  std::ofstream(spec) << "name: units\nbase: hw/bitfusion.yaml\nworkloads:\n"
                      << "  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 4, batch: 8}\n"
                      << "axes:\n  schedule: [\"static:8/8\", \"cpt:3-8/8\"]\n";
  ASSERT_EQ(
      runCommand(vpsim() + " sweep " + spec + " --jobs 1 --no-progress --no-cache --db " + dir + "/s.sqlite").exit_code,
      0);
  ASSERT_EQ(runCommand(vpsim() + " sweep --export csv --db " + dir + "/s.sqlite -o " + dir + "/s.csv").exit_code, 0);
  files.push_back(dir + "/s.csv");
  for (const auto& f : files) {
    std::istringstream header(readFile(f).substr(0, readFile(f).find('\n')));
    int n = 0;
    for (std::string c; std::getline(header, c, ','); ++n) EXPECT_TRUE(carriesUnit(c)) << f << ": column '" << c << "'";
    EXPECT_GT(n, 4) << f;
  }
  // The table header: units on every quantity, and which bits it shows.
  for (const char* h :
       {"sim_s", "energy_J", "compute_J", "sram_J", "dram_J", "vector_J", "leakage_J", "avg bits w/a/g"})
    EXPECT_NE(r.out.find(h), std::string::npos) << h << " in\n" << r.out;
  EXPECT_EQ(r.out.find(" seconds "), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(ReadableOutputs, SettingsOfOtherSchedulesAreNotPrinted) {
  const std::string dir = tmp("cpt_settings");
  auto r =
      runCommand(trainCommand(dir, "cpt:3-8/8,cycles=2", "--cosim hw/bitfusion.yaml --no-cache --set iterations=2"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("co-simulating on"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("LDP"), std::string::npos) << "a CPT run prints LDP's settings:\n" << r.err;
  fs::remove_all(dir);
}

TEST(ReadableOutputs, IdenticalEpochsAreSaidOnceAndTheSummaryNamesTopCosts) {
  const std::string dir = tmp("periodic");
  auto t = runCommand(trainCommand(dir, "static:8/8", "--set epochs=3"));  // every epoch at the same bits
  ASSERT_EQ(t.exit_code, 0) << t.err;
  auto r = runCommand(vpsim() + " run --hw hw/bitfusion.yaml --trace " + dir + "/out/trace.jsonl --no-cache --out " +
                      dir + "/run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2-3 cost each exactly what epoch 1 costs"), std::string::npos) << r.out;
  EXPECT_EQ(ReportTable::load(dir + "/run/epochs.csv").rows(), 3u) << "the files keep every epoch";
  EXPECT_TRUE(
      std::regex_search(r.out, std::regex("top cost: (DRAM|SRAM|compute|vector unit|leakage) \\d+% of the energy")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("costliest layer: \\S+ \\(\\d+% of the energy"))) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex("least utilized layer pass: \\S+ (fwd|bwd_data|bwd_weight) at w/a/g 8/8/8 \\([0-9.]+% of the array")))
      << r.out;
  fs::remove_all(dir);
}

TEST(ReadableOutputs, TrainingShowsALiveProgressLineOnATerminal) {
  const std::string dir = tmp("progress");
  // script(1) gives the trainer a terminal; progress=auto then draws the line at every iteration.
  const std::string cmd = trainCommand(dir, "cpt:3-8/8,cycles=2", "--set progress=auto --set iterations=6");
  auto r = runCommand("script -qec " + std::string("'") + cmd + "' /dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("\repoch 1/1 ["), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex("6/6 iterations, loss [0-9.]+ acc [0-9.]+%, \\d+ images/s, bits w/a/g \\d+/\\d+/8, ETA 0:00:00")))
      << r.out;
  // Not a terminal: no bar characters in the log.
  auto plain = runCommand(trainCommand(dir, "cpt:3-8/8,cycles=2", "--set progress=auto --set iterations=6"));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err.find('\r'), std::string::npos) << plain.err;
  fs::remove_all(dir);
}

TEST(ReadableOutputs, RunShowsItsProgressOverTheTracesLayerBitsPairs) {
  const std::string dir = tmp("run_progress");
  auto t = runCommand(trainCommand(dir, "cpt:3-8/8,cycles=2", "--set iterations=6"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const std::string run = vpsim() + " run --hw hw/bitfusion.yaml --no-cache --trace " + dir + "/out/trace.jsonl";
  auto tty = runCommand("script -qec '" + run + "' /dev/null");
  ASSERT_EQ(tty.exit_code, 0) << tty.out;
  EXPECT_TRUE(std::regex_search(tty.out, std::regex("\rcosted (\\d+)/\\1 \\(layer, bits\\) pairs: \\d+ unique passes")))
      << tty.out;
  auto plain = runCommand(run);  // not a terminal: no rewritten line, the summary line instead
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err.find('\r'), std::string::npos) << plain.err;
  EXPECT_NE(plain.err.find("unique passes:"), std::string::npos) << plain.err;
  fs::remove_all(dir);
}

}  // namespace vpsim
