// `vpsim train` through the binary: results independent of the thread count (and the count used
// in the log), --resume refusing every setting that changes results, naming it with exit 2.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/common/run_command.h"

namespace vpsim {
namespace {

namespace fs = std::filesystem;

std::string tempDir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("vpsim_traincli_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A small ResNet-20 run: 12x12 synthetic images, batch 40 (conv blocks of several samples, and a
// partial last batch), 6 iterations per epoch, CPT so that bits change and errors are rounded
// stochastically.
std::string trainCommand(const std::string& dir, const std::string& out, const std::string& sets) {
  std::ofstream(dir + "/c.yaml") << "model: resnet20\ndataset: synthetic\nsynthetic_size: 230\nsynthetic_hw: 12\n"
                                    "batch: 40\nepochs: 2\nlr: 0.05\nschedule: \"cpt:3-8/8,cycles=2\"\n"
                                    "augment: {crop_pad: 2, flip: true}\nprogress: off\n";
  return testing::vpsim() + " train --config " + dir + "/c.yaml --out " + dir + "/" + out + " " + sets;
}

TEST(TrainCli, ResultsDoNotDependOnTheThreadCount) {
  const std::string dir = tempDir("threads");
  for (const char* t : {"1", "2", "3"}) {
    const auto r = testing::runCommand(trainCommand(dir, std::string("t") + t, std::string("--set threads=") + t));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find(std::string("(threads ") + t + ","), std::string::npos) << "the log names the count used:\n" << r.err;
  }
  for (const char* f : {"/trace.jsonl", "/metrics.csv", "/checkpoint.bin"}) {
    const std::string one = slurp(dir + "/t1" + f);
    ASSERT_FALSE(one.empty()) << f;
    EXPECT_EQ(one, slurp(dir + "/t2" + f)) << f << ": threads=1 and threads=2 differ";
    EXPECT_EQ(one, slurp(dir + "/t3" + f)) << f << ": threads=1 and threads=3 differ";
  }
  fs::remove_all(dir);
}

TEST(TrainCli, ResumeRefusesSettingsThatChangeResults) {
  const std::string dir = tempDir("resume");
  const auto part = testing::runCommand(trainCommand(dir, "r", "--set stop_after=4 --set threads=1"));
  ASSERT_EQ(part.exit_code, 0) << part.err;
  const auto full = testing::runCommand(trainCommand(dir, "full", "--set threads=2"));
  ASSERT_EQ(full.exit_code, 0) << full.err;
  // key=value given on resume -> the key the error must name.
  const std::vector<std::pair<std::string, std::string>> changes = {
      {"seed=2", "seed"}, {"lr=0.2", "lr"}, {"quantizer=symmetric", "quantizer"},
      {"schedule=static:8/8", "schedule"}, {"model=resnet38", "model"}, {"batch=20", "batch"},
      {"lr_schedule=cosine", "lr_schedule"}, {"momentum=0.5", "momentum"}, {"weight_decay=0", "weight_decay"},
      {"augment.flip=false", "augment.flip"}, {"augment.crop_pad=4", "augment.crop_pad"},
      {"synthetic_size=200", "synthetic_size"}, {"epochs=3", "epochs"}, {"warmup=5", "warmup"},
      {"normalize.mean=[0.5] --set normalize.std=[0.25]", "normalize.mean"}, {"subset=100", "subset"}};
  for (const auto& [set, key] : changes) {
    const auto r = testing::runCommand(trainCommand(dir, "r", "--resume --set " + set));
    EXPECT_EQ(r.exit_code, 2) << set << ": " << r.err;
    EXPECT_NE(r.err.find("was written with " + key + "="), std::string::npos) << set << ": " << r.err;
    EXPECT_NE(r.err.find("this run has " + key + "="), std::string::npos) << set << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(dir + "/r/trace.jsonl")) << "a refused resume must not run";
  // What does not change results is allowed: another thread count, progress; the result is the
  // uninterrupted run's.
  const auto ok = testing::runCommand(trainCommand(dir, "r", "--resume --set threads=2 --set progress=off"));
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  for (const char* f : {"/trace.jsonl", "/metrics.csv", "/checkpoint.bin"})
    EXPECT_EQ(slurp(dir + "/r" + f), slurp(dir + "/full" + f)) << f;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vpsim
