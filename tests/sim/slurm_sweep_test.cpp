// `vpsim sweep --backend slurm` for real: scripts/slurm/setup-local.sh installs slurm-wlm and munge
// if needed and starts a single-node cluster (slurmctld + slurmd on localhost); a 4-point sweep runs
// as a 2-task job array plus a dependent merge job, and the merged DB must equal a local run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/sweep_db.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

namespace fs = std::filesystem;

std::string slurmEnv() {
  auto r = runCommand("timeout 240 bash " + std::string(VPSIM_SOURCE_DIR) + "/scripts/slurm/setup-local.sh");
  if (r.exit_code != 0) return "ERROR:" + r.err;
  const std::string prefix = "export SLURM_CONF=";
  const size_t at = r.out.find(prefix);
  if (at == std::string::npos) return "ERROR:setup-local.sh printed no SLURM_CONF: " + r.out;
  std::string conf = r.out.substr(at + prefix.size());
  conf = conf.substr(0, conf.find('\n'));
  return "SLURM_CONF=" + conf;
}

}  // namespace

TEST(SlurmSweep, JobArrayAndMergeEqualALocalRun) {
  const std::string env = slurmEnv();
  if (env.rfind("ERROR:", 0) == 0) {
    // Only a cluster that cannot start in this sandbox is a skip; the message carries slurmd's error.
    if (env.find("node did not come up") != std::string::npos) GTEST_SKIP() << env;
    FAIL() << env;
  }
  const fs::path dir = fs::path(::testing::TempDir()) / ("slurm_sweep_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string spec = (dir / "spec.yaml").string();
  std::ofstream(spec) << "name: slurm-e2e\nbase: hw/bitfusion.yaml\nworkloads:\n"
                      << "  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 20, batch: 16}\n"
                      << "axes:\n  array.rows: [8, 16]\n  schedule: [\"static:8/8\", \"cpt:3-8/8\"]\n";
  const std::string db = (dir / "slurm.sqlite").string(), local = (dir / "local.sqlite").string();
  auto r = runCommand(env + " timeout 300 env " + vpsim() + " sweep " + spec + " --backend slurm --shards 2 --jobs 1 --wait " +
                      "--no-cache --db " + db);
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
  fs::remove_all(dir);
}

}  // namespace vpsim
