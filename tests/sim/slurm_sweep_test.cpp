// `vpsim sweep --backend slurm` for real, on a single-node cluster this test owns
// (tests/sim/local_slurm.h: munged, slurmctld and slurmd as its children, every file in its
// temporary folder, stopped by pid when the test ends, passing or failing). A 4-point sweep runs as
// a 2-task job array plus a dependent merge job, and the merged DB must equal a local run. After
// each test no daemon it started is left (checked by pid and by the folder in command lines).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/sweep/sweep_db.h"
#include "tests/common/run_command.h"
#include "tests/sim/local_slurm.h"

namespace vpsim {

using testing::LocalSlurm;
using testing::processAlive;
using testing::processesMentioning;
using testing::runCommand;
using testing::vpsim;

namespace {

namespace fs = std::filesystem;

class SlurmSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("slurm_sweep_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    cluster_.emplace((dir_ / "cluster").string());
    std::string error;
    started_ = cluster_->start(&error);
    if (!started_ && error.find("node did not come up") != std::string::npos) {
      // Only a node that cannot start in this sandbox is a skip; the message carries slurmd's log.
      GTEST_SKIP() << error;
    }
    ASSERT_TRUE(started_) << error;
  }
  // Runs after the test body whatever it asserted: the daemons stop, and none may be left.
  void TearDown() override {
    const std::vector<pid_t> pids = cluster_ ? cluster_->pids() : std::vector<pid_t>{};
    cluster_.reset();
    for (pid_t pid : pids) EXPECT_FALSE(processAlive(pid)) << "daemon pid " << pid << " left running";
    EXPECT_TRUE(processesMentioning(dir_.string()).empty()) << "a process still names " << dir_;
    fs::remove_all(dir_);
  }
  std::string path(const std::string& n) const { return (dir_ / n).string(); }

  fs::path dir_;
  std::optional<LocalSlurm> cluster_;
  bool started_ = false;
};

enum class Ending { FailedAssertion, Killed };

// In a child process: starts a cluster, sends its daemons' pids up `fd`, then ends the way a failing
// test does (an assertion unwinds the scope: the destructor runs) or the way a test killed by
// ctest's timeout does (SIGKILL: no destructor; PR_SET_PDEATHSIG must take the daemons down).
[[noreturn]] void clusterChild(const std::string& dir, Ending ending, int fd) {
  {
    LocalSlurm c(dir);
    std::string error, msg;
    if (c.start(&error)) {
      msg = "pids";
      for (pid_t pid : c.pids()) msg += " " + std::to_string(pid);
    } else {
      msg = "error " + error;
    }
    msg += "\n";
    if (::write(fd, msg.data(), msg.size()) < 0) ::_exit(4);
    if (ending == Ending::Killed) ::raise(SIGKILL);
  }
  ::_exit(1);
}

}  // namespace

TEST_F(SlurmSweepTest, JobArrayAndMergeEqualALocalRun) {
  const std::string spec = path("spec.yaml");
  std::ofstream(spec)
      << "name: slurm-e2e\nbase: hw/bitfusion.yaml\nworkloads:\n"
      << "  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 20, batch: 16}\n"
      << "axes:\n  array.rows: [8, 16]\n  schedule: [\"static:8/8\", \"cpt:3-8/8\"]\n";
  const std::string db = path("slurm.sqlite"), local = path("local.sqlite");
  auto r = runCommand("cd " + dir_.string() + " && " + cluster_->env() + " timeout 300 env " + vpsim() + " sweep " +
                      spec + " --backend slurm --shards 2 --jobs 1 --wait --no-cache --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("array job"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(db + ".slurm/array.sh"));
  EXPECT_TRUE(fs::exists(db + ".slurm/shard-0.sqlite"));
  EXPECT_TRUE(fs::exists(db + ".slurm/shard-1.sqlite"));
  r = runCommand(vpsim() + " sweep " + spec + " --jobs 2 --no-progress --no-cache --db " + local);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = SweepDb(local).rows(), b = SweepDb(db).rows();
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u) << "merged rows";
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(b[i].status, "ok") << b[i].error;
    EXPECT_EQ(a[i].summary["cycles"], b[i].summary["cycles"]);
    EXPECT_EQ(a[i].summary["energy_j"], b[i].summary["energy_j"]);
  }
}

TEST(SlurmCluster, NoDaemonLeftByPidWhenATestFailsOrIsKilled) {
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);  // orphans of a killed child come here to be reaped
  for (Ending ending : {Ending::FailedAssertion, Ending::Killed}) {
    SCOPED_TRACE(ending == Ending::Killed ? "killed" : "failed assertion");
    const fs::path dir = fs::path(::testing::TempDir()) / ("slurm_ending_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      clusterChild(dir.string(), ending, fds[1]);
    }
    ::close(fds[1]);
    std::string line;
    char ch;
    while (::read(fds[0], &ch, 1) == 1 && ch != '\n') line += ch;
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (line.rfind("error", 0) == 0 && line.find("node did not come up") != std::string::npos) GTEST_SKIP() << line;
    ASSERT_EQ(line.rfind("pids ", 0), 0u) << line;
    std::vector<pid_t> pids;
    std::istringstream in(line.substr(5));
    for (pid_t p; in >> p;) pids.push_back(p);
    ASSERT_EQ(pids.size(), 3u) << line;
    if (ending == Ending::Killed) {
      EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    } else {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    }
    // Killed daemons die asynchronously and come here as orphans: reap them until none exists.
    for (int i = 0; i < 100; ++i) {
      while (::waitpid(-1, nullptr, WNOHANG) > 0) {
      }
      bool any = !processesMentioning(dir.string()).empty();
      for (pid_t pid : pids) any = any || fs::exists("/proc/" + std::to_string(pid));
      if (!any) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (pid_t pid : pids) EXPECT_FALSE(processAlive(pid)) << "daemon pid " << pid << " left running";
    EXPECT_TRUE(processesMentioning(dir.string()).empty()) << "a process still names " << dir;
    for (const char* f : {"slurm.conf", "munge.key", "state", "spool", "log/slurmctld.log", "log/slurmd.log"})
      EXPECT_TRUE(fs::exists(dir / f)) << "the cluster's " << f << " is in its folder";
    fs::remove_all(dir);
  }
}

}  // namespace vpsim
