// `vpsim sweep` end to end with the real worker (`vpsim run`): a 4-point sweep of configs/hw/
// bitfusion.yaml over array rows and schedules on a short ResNet-20 trace, checked against `vpsim run`
// on the same point, then reported as HTML.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/sweep/sweep_db.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

namespace fs = std::filesystem;

class SweepE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("sweep_e2e_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(path("spec.yaml"))
        << "name: e2e\nbase: hw/bitfusion.yaml\nworkloads:\n"
        << "  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 20, batch: 32}\n"
        << "axes:\n  array.rows: [8, 16]\n  schedule: [\"static:8/8\", \"cpt:3-8/8\"]\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& n) const { return (dir_ / n).string(); }
  fs::path dir_;
};

}  // namespace

TEST_F(SweepE2eTest, RealWorkersFillOneRowPerPointMatchingVpsimRun) {
  auto r = runCommand(vpsim() + " sweep " + path("spec.yaml") + " --jobs 2 --no-progress --db " + path("e2e.sqlite") +
                      " --cache " + path("memo.sqlite"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = SweepDb(path("e2e.sqlite")).rows();
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.status, "ok") << row.error;
    EXPECT_GT(row.metric("energy_j"), 0);
    EXPECT_GT(row.metric("cycles"), 0);
    EXPECT_EQ(row.summary["hardware"]["array"]["rows"], row.axes["array.rows"]);
    EXPECT_EQ(row.summary["trace"]["schedule"], row.schedule);
  }
  // Fewer rows are faster; the point equals a direct run of its config and trace.
  EXPECT_LT(rows[2].metric("cycles"), rows[0].metric("cycles"));
  std::string trace;
  for (const auto& f : fs::directory_iterator(dir_ / "traces"))
    if (f.path().string().find("static") != std::string::npos) trace = f.path().string();
  ASSERT_FALSE(trace.empty());
  r = runCommand(vpsim() + " run --hw " + path("e2e.sqlite.work/" + rows[0].key + ".hw.yaml") + " --trace " + trace +
                 " --json --no-cache");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto direct = nlohmann::json::parse(r.out);
  EXPECT_EQ(direct["cycles"], rows[0].summary["cycles"]);
  EXPECT_EQ(direct["energy_j"]["total"], rows[0].summary["energy_j"]["total"]);
  // A second sweep over the same points runs nothing; the export has a line per point.
  r = runCommand(vpsim() + " sweep " + path("spec.yaml") + " --no-progress --db " + path("e2e.sqlite"));
  EXPECT_NE(r.out.find("0 ran"), std::string::npos) << r.out;
  r = runCommand(vpsim() + " sweep --export csv --db " + path("e2e.sqlite") + " -o " + path("e2e.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream csv(path("e2e.csv"));
  int lines = 0;
  for (std::string l; std::getline(csv, l);) ++lines;
  EXPECT_EQ(lines, 5);
}

}  // namespace vpsim
