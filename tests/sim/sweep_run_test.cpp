// `vpsim sweep` end to end with a stand-in worker (a shell script that answers like `vpsim run
// --json`, with metrics computed from the point's YAML), so the DB, resume, kill, shard/merge and
// export logic is tested in a second: one row per point, failures recorded without stopping the
// others, a killed sweep resumes without duplicating or losing rows, shards + merge == local run.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "sim/sweep/sweep_db.h"
#include "tests/common/run_command.h"
#include "tests/sim/sweep_test_hw.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

namespace fs = std::filesystem;

const char* kStub = R"(#!/bin/bash
# Stand-in for `vpsim run --hw F --trace T --json ...`.
hw=$3
num() { grep -o "$1: *[0-9]*" "$hw" | head -1 | grep -o '[0-9]*$'; }
rows=$(num rows); cols=$(num cols)
[ -n "$STUB_HANG_ROWS" ] && [ "$rows" = "$STUB_HANG_ROWS" ] && { echo $$ > "$STUB_PIDDIR/$$.tmp"; mv "$STUB_PIDDIR/$$.tmp" "$STUB_PIDDIR/$$.pid"; sleep 60; }
[ -n "$STUB_FAIL_ROWS" ] && [ "$rows" = "$STUB_FAIL_ROWS" ] && { echo "stub: rows $rows refused" >&2; exit 1; }
[ -n "$STUB_SLEEP" ] && sleep "$STUB_SLEEP"
awk -v r="$rows" -v c="$cols" 'BEGIN{printf "{\"cycles\": %d, \"seconds\": %.6f, \"gbitops\": 1.5, \"energy_j\": {\"total\": %.6f, \"compute\": 0.1, \"sram\": 0.1, \"dram\": 0.1, \"vector\": 0, \"leakage\": 0, \"other\": 0}, \"epochs\": 1, \"iterations\": 10, \"unique_passes\": 3, \"cache_hits\": 0}\n", 1e6/(r*c), 0.002*1e3/(r*c), 0.0001*r*c + 0.01*r}'
)";

const char* kHw = testing::kSweepTestHw;

class SweepRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("sweep_run_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "hw.yaml") << kHw;
    std::ofstream(dir_ / "stub.sh") << kStub;
    fs::permissions(dir_ / "stub.sh", fs::perms::owner_all);
    // 4 x 2 = 8 points over one 10-iteration workload.
    std::ofstream(dir_ / "spec.yaml")
        << "name: stubbed\nbase: " << (dir_ / "hw.yaml").string()
        << "\nworkloads:\n  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 10, batch: 8}\n"
        << "axes:\n  array.rows: [4, 8, 16, 32]\n  array.cols: [16, 32]\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string sweep(const std::string& args, const std::string& env = "") const {
    return env + " VPSIM_SWEEP_WORKER=" + path("stub.sh") + " " + vpsim() + " sweep " + path("spec.yaml") +
           " --no-progress " + args;
  }
  static size_t rows(const std::string& db) { return SweepDb(db).rows().size(); }
  fs::path dir_;
};

}  // namespace

TEST_F(SweepRunTest, OneRowPerPointAndAFailingPointDoesNotStopTheOthers) {
  auto r = runCommand(sweep("--jobs 2 --db " + path("a.sqlite"), "STUB_FAIL_ROWS=8"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto all = SweepDb(path("a.sqlite")).rows();
  ASSERT_EQ(all.size(), 8u);
  int failed = 0;
  for (const auto& row : all) {
    EXPECT_EQ(row.axes["array.rows"] == 8, row.status == "error") << row.key;
    if (row.status == "error") {
      ++failed;
      EXPECT_NE(row.error.find("rows 8 refused"), std::string::npos) << row.error;
    } else {
      EXPECT_GT(row.metric("energy_j"), 0);
      EXPECT_EQ(row.config["hw"]["array"]["rows"], row.axes["array.rows"]);
    }
  }
  EXPECT_EQ(failed, 2);
  // A rerun skips every recorded point; --retry-failed runs only the failed ones, replacing their rows.
  r = runCommand(sweep("--db " + path("a.sqlite")));
  EXPECT_NE(r.out.find("0 ran"), std::string::npos) << r.out;
  // The failed points keep their logs across the rerun (only a killed sweep's leftovers go).
  int logs = 0;
  for (const auto& e : fs::directory_iterator(path("a.sqlite.work"))) logs += e.path().extension() == ".txt";
  EXPECT_EQ(logs, 2);
  r = runCommand(sweep("--db " + path("a.sqlite") + " --retry-failed"));
  EXPECT_NE(r.out.find("2 ran (2 ok"), std::string::npos) << r.out;
  EXPECT_EQ(rows(path("a.sqlite")), 8u);
  EXPECT_EQ(SweepDb(path("a.sqlite")).keys(true).size(), 8u);
}

TEST_F(SweepRunTest, KilledSweepResumesWithoutDuplicatesOrLosses) {
  const std::string db = path("k.sqlite");
  // Own process group, so the test can kill the sweep and its workers at once, mid-sweep.
  auto r = runCommand("STUB_SLEEP=0.4 setsid env " + sweep("--jobs 2 --db " + db) + " > " + path("k.log") +
                      " 2>&1 & echo $!");
  const pid_t pid = std::stoi(r.out);
  for (int i = 0; i < 200 && (!fs::exists(db) || rows(db) < 2); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::kill(-pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const size_t before = rows(db);
  ASSERT_GE(before, 2u);
  ASSERT_LT(before, 8u) << "the sweep finished before it could be killed";
  // The killed workers' output files stay behind in <db>.work/ until the next run removes them.
  auto workerFiles = [&] {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(db + ".work")) {
      const std::string n = e.path().filename().string();
      if (n.find(".out.json") != std::string::npos || n.find(".err.txt") != std::string::npos ||
          n.find(".tmp.") != std::string::npos)
        out.push_back(n);
    }
    return out;
  };
  EXPECT_FALSE(workerFiles().empty()) << "the kill left no worker files (nothing to test)";
  r = runCommand(sweep("--jobs 2 --db " + db));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::to_string(before) + " already done"), std::string::npos) << r.out;
  const auto all = SweepDb(db).rows();
  EXPECT_EQ(all.size(), 8u);
  EXPECT_EQ(SweepDb(db).keys(true).size(), 8u);
  EXPECT_EQ(workerFiles(), std::vector<std::string>{}) << r.err;
}

TEST_F(SweepRunTest, KilledWorkerIsRecordedAndRetried) {
  const std::string db = path("w.sqlite"), piddir = path("pids");
  fs::create_directories(piddir);
  auto r = runCommand("STUB_HANG_ROWS=16 STUB_PIDDIR=" + piddir + " " + sweep("--jobs 2 --db " + db) + " > " +
                      path("w.log") + " 2>&1 & echo $!");
  const pid_t sweep_pid = std::stoi(r.out);
  // Two points have rows=16 and hang; kill each of their workers while the sweep goes on.
  int killed = 0;
  for (int i = 0; i < 400 && killed < 2; ++i) {
    for (const auto& f : fs::directory_iterator(piddir)) {
      if (f.path().extension() != ".pid") continue;
      pid_t worker = 0;
      std::ifstream(f.path()) >> worker;
      ASSERT_GT(worker, 0);
      ::kill(worker, SIGKILL), ++killed;
      fs::remove(f.path());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(killed, 2);
  for (int i = 0; i < 400 && ::kill(sweep_pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  const auto all = SweepDb(db).rows();
  ASSERT_EQ(all.size(), 8u);
  for (const auto& row : all)
    if (row.axes["array.rows"] == 16)
      EXPECT_EQ(row.error, "worker killed by signal 9");
    else
      EXPECT_EQ(row.status, "ok");
  r = runCommand(sweep("--db " + db + " --retry-failed"));
  EXPECT_EQ(SweepDb(db).keys(true).size(), 8u);
  EXPECT_EQ(rows(db), 8u);
}

TEST_F(SweepRunTest, ShardsMergedEqualALocalRunAndExportHasOneLinePerPoint) {
  ASSERT_EQ(runCommand(sweep("--jobs 2 --db " + path("local.sqlite"))).exit_code, 0);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(runCommand(sweep("--shard " + std::to_string(i) + "/3 --db " + path("s" + std::to_string(i) + ".sqlite")))
                  .exit_code,
              0);
  EXPECT_EQ(rows(path("s0.sqlite")) + rows(path("s1.sqlite")) + rows(path("s2.sqlite")), 8u);
  auto r =
      runCommand(vpsim() + " sweep --merge " + path("s0.sqlite") + " " + path("s1.sqlite") + " " + path("s2.sqlite") +
                 " " + path("s1.sqlite") + " --db " + path("merged.sqlite"));  // merging twice adds nothing
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = SweepDb(path("local.sqlite")).rows(), b = SweepDb(path("merged.sqlite")).rows();
  ASSERT_EQ(a.size(), 8u);
  ASSERT_EQ(b.size(), 8u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].index, b[i].index);
    EXPECT_EQ(a[i].axes, b[i].axes);
    EXPECT_EQ(a[i].summary, b[i].summary);
  }
  r = runCommand(vpsim() + " sweep --export csv --db " + path("merged.sqlite"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 9);
  EXPECT_EQ(r.out.rfind("key,idx,sweep,workload,schedule,hw_name,array.cols,array.rows,status,cycles", 0), 0u) << r.out;
}

TEST_F(SweepRunTest, BadSpecFailsBeforeAnyWork) {
  std::ofstream(path("bad.yaml"))
      << "name: bad\nbase: " << path("hw.yaml")
      << "\nworkloads:\n  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 10}\n"
      << "axes:\n  array.rows: [8]\n  buffers.ibuf.kib: [32, big]\n";
  auto r = runCommand("VPSIM_SWEEP_WORKER=" + path("stub.sh") + " " + vpsim() + " sweep " + path("bad.yaml") +
                      " --db " + path("bad.sqlite"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("axes.buffers.ibuf.kib"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(path("bad.sqlite")));
  EXPECT_FALSE(fs::exists(path("traces")));
}

}  // namespace vpsim
