// `vpsim train` through the binary: results independent of the thread count (and the count used
// in the log), --resume refusing every setting that changes results, naming it with exit 2; the
// per-iteration record, schedule fp32, eval_bits, LDP's run-level target, training-only throughput
// and --set errors.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/common/files.h"
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

using vpsim::testing::readFile;

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
    EXPECT_NE(r.err.find(std::string("(threads ") + t + ","), std::string::npos) << "the log names the count used:\n"
                                                                                 << r.err;
  }
  for (const char* f : {"/trace.jsonl", "/metrics.csv", "/checkpoint.bin", "/iterations.csv"}) {
    const std::string one = readFile(dir + "/t1" + f);
    ASSERT_FALSE(one.empty()) << f;
    EXPECT_EQ(one, readFile(dir + "/t2" + f)) << f << ": threads=1 and threads=2 differ";
    EXPECT_EQ(one, readFile(dir + "/t3" + f)) << f << ": threads=1 and threads=3 differ";
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
      {"seed=2", "seed"},
      {"lr=0.2", "lr"},
      {"quantizer=symmetric", "quantizer"},
      {"schedule=static:8/8", "schedule"},
      {"model=resnet38", "model"},
      {"batch=20", "batch"},
      {"lr_schedule=cosine", "lr_schedule"},
      {"momentum=0.5", "momentum"},
      {"weight_decay=0", "weight_decay"},
      {"augment.flip=false", "augment.flip"},
      {"augment.crop_pad=4", "augment.crop_pad"},
      {"synthetic_size=200", "synthetic_size"},
      {"init=pytorch", "init"},
      {"epochs=3", "epochs"},
      {"warmup=5", "warmup"},
      {"normalize.mean=[0.5] --set normalize.std=[0.25]", "normalize.mean"},
      {"subset=100", "subset"}};
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
  for (const char* f : {"/trace.jsonl", "/metrics.csv", "/checkpoint.bin", "/iterations.csv"})
    EXPECT_EQ(readFile(dir + "/r" + f), readFile(dir + "/full" + f)) << f;
  fs::remove_all(dir);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

TEST(TrainCli, IterationsCsvHasOneRowPerIterationWrittenAsItGoes) {
  const std::string dir = tempDir("itercsv");
  // Stopped after 4 of 12 iterations: the record already holds those 4 (written incrementally).
  const auto part = testing::runCommand(trainCommand(dir, "p", "--set stop_after=4"));
  ASSERT_EQ(part.exit_code, 0) << part.err;
  const auto head = lines(readFile(dir + "/p/iterations.csv"));
  ASSERT_EQ(head.size(), 5u) << readFile(dir + "/p/iterations.csv");
  EXPECT_EQ(head[0], "iteration,epoch,loss,w_bits,a_bits,g_bits,lr");
  const auto full = testing::runCommand(trainCommand(dir, "f", ""));
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const auto rows = lines(readFile(dir + "/f/iterations.csv"));
  ASSERT_EQ(rows.size(), 13u);  // header + 2 epochs x 6 iterations
  EXPECT_EQ(std::vector<std::string>(rows.begin(), rows.begin() + 5), head)
      << "the stopped run's rows are the full run's";
  const std::regex row("(\\d+),([12]),([0-9.e+-]+),([0-9.]+),([0-9.]+),8,([0-9.e-]+)");
  std::set<std::string> widths;
  for (size_t i = 1; i < rows.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(rows[i], m, row)) << rows[i];
    EXPECT_EQ(std::stoi(m[1]), int(i) - 1);
    EXPECT_EQ(std::stoi(m[2]), int(i - 1) / 6 + 1);
    widths.insert(m[4]);
  }
  EXPECT_GT(widths.size(), 1u) << "CPT's bits change from row to row";
  fs::remove_all(dir);
}

TEST(TrainCli, Fp32IsAScheduleByName) {
  const std::string dir = tempDir("fp32");
  const auto named = testing::runCommand(trainCommand(dir, "n", "--set schedule=fp32"));
  ASSERT_EQ(named.exit_code, 0) << named.err;
  const auto spelled = testing::runCommand(trainCommand(dir, "s", "--set schedule=static:32/32"));
  ASSERT_EQ(spelled.exit_code, 0) << spelled.err;
  EXPECT_EQ(readFile(dir + "/n/metrics.csv"), readFile(dir + "/s/metrics.csv"));
  EXPECT_EQ(readFile(dir + "/n/iterations.csv"), readFile(dir + "/s/iterations.csv"));
  EXPECT_NE(lines(readFile(dir + "/n/iterations.csv")).at(1).find(",32,32,32,"), std::string::npos);
  EXPECT_NE(readFile(dir + "/n/trace.jsonl").find("\"fp32\""), std::string::npos) << "the header names the schedule";
  fs::remove_all(dir);
}

// metrics.csv column of the first row whose header is `name`.
std::vector<std::string> column(const std::string& csv, const std::string& name) {
  const auto rows = lines(csv);
  std::vector<std::string> header, out;
  std::stringstream hs(rows.at(0));
  for (std::string c; std::getline(hs, c, ',');) header.push_back(c);
  const size_t k = size_t(std::find(header.begin(), header.end(), name) - header.begin());
  EXPECT_LT(k, header.size()) << name << " in " << rows[0];
  for (size_t i = 1; i < rows.size(); ++i) {
    std::vector<std::string> cells;
    std::stringstream rs(rows[i]);
    for (std::string c; std::getline(rs, c, ',');) cells.push_back(c);
    out.push_back(k < cells.size() ? cells[k] : "");
  }
  return out;
}

TEST(TrainCli, EvalBitsSetsTheTestBitsAndLeavesTrainingAlone) {
  const std::string dir = tempDir("evalbits");
  // cycles=2 over 12 iterations: each epoch ends near the top of a cycle (8 bits).
  const auto last = testing::runCommand(trainCommand(dir, "l", ""));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const auto four = testing::runCommand(trainCommand(dir, "e", "--set eval_bits=4"));
  ASSERT_EQ(four.exit_code, 0) << four.err;
  const auto fp = testing::runCommand(trainCommand(dir, "x", "--set eval_bits=32"));
  ASSERT_EQ(fp.exit_code, 0) << fp.err;
  EXPECT_EQ(readFile(dir + "/l/iterations.csv"), readFile(dir + "/e/iterations.csv")) << "training is the same";
  EXPECT_EQ(readFile(dir + "/l/trace.jsonl").substr(0, 200), readFile(dir + "/e/trace.jsonl").substr(0, 200));
  const std::string ml = readFile(dir + "/l/metrics.csv"), me = readFile(dir + "/e/metrics.csv"),
                    mx = readFile(dir + "/x/metrics.csv");
  EXPECT_EQ(column(ml, "train_loss"), column(me, "train_loss"));
  EXPECT_NE(column(ml, "test_loss"), column(me, "test_loss")) << "8-bit and 4-bit evaluation differ";
  EXPECT_NE(column(me, "test_loss"), column(mx, "test_loss")) << "4-bit and FP32 evaluation differ";
  const auto bad = testing::runCommand(trainCommand(dir, "b", "--set eval_bits=1"));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("eval_bits"), std::string::npos) << bad.err;
  fs::remove_all(dir);
}

TEST(TrainCli, BadSetValueNamesTheSetArgument) {
  const std::string dir = tempDir("badset");
  for (const std::string set : {"lr=fast", "augment.crop_pad=99", "quantizer=int", "init=torch"}) {
    const auto r = testing::runCommand(trainCommand(dir, "o", "--set threads=1 --set " + set));
    EXPECT_EQ(r.exit_code, 2) << set << ": " << r.err;
    EXPECT_NE(r.err.find("--set " + set + ": "), std::string::npos) << set << ": " << r.err;
    EXPECT_EQ(r.err.find("c.yaml:"), std::string::npos) << set << ": no line of the file: " << r.err;
  }
  // A bad value in the file itself still names the file and its line.
  std::ofstream(dir + "/bad.yaml") << "model: resnet20\ndataset: synthetic\nlr: fast\n";
  const auto f = testing::runCommand(testing::vpsim() + " train --config " + dir + "/bad.yaml --out " + dir +
                                     "/o --set threads=1");
  EXPECT_EQ(f.exit_code, 2) << f.err;
  EXPECT_NE(f.err.find("bad.yaml:3: lr"), std::string::npos) << f.err;
  fs::remove_all(dir);
}

// The last "mean of the run so far X" of LDP's epoch log lines.
double ldpRunMean(const std::string& log) {
  double mean = -1;
  const std::regex re("LDP: cost of the last iteration [0-9.]+, mean of the run so far ([0-9.]+) of static 8-bit");
  for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it) mean = std::stod((*it)[1]);
  return mean;
}

// LDP's target bounds the iteration's cost: beta starts at 8 bits, so the run spends more than the
// target while it comes down. run_target bounds the run's mean; a resumed run's mean counts the
// iterations before the checkpoint.
TEST(TrainCli, LdpRunTargetBoundsTheRunsMeanCost) {
  const std::string dir = tempDir("ldprun");
  const std::string five = "--set epochs=5 --set schedule=ldp:3-8/8,lr=5,";
  const auto iter = testing::runCommand(trainCommand(dir, "i", five + "target=0.6"));
  ASSERT_EQ(iter.exit_code, 0) << iter.err;
  EXPECT_NE(iter.err.find("target 0.600 per iteration"), std::string::npos) << iter.err;
  const auto run = testing::runCommand(trainCommand(dir, "r", five + "run_target=0.6"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("target 0.600 on the run's mean (run_target)"), std::string::npos) << run.err;
  const double per_iteration = ldpRunMean(iter.err), run_level = ldpRunMean(run.err);
  EXPECT_GT(per_iteration, 0.64) << iter.err;
  EXPECT_LT(run_level, 0.625) << run.err;
  EXPECT_LT(run_level, per_iteration - 0.03);
  const auto part = testing::runCommand(trainCommand(dir, "p", five + "run_target=0.6 --set stop_after=13"));
  ASSERT_EQ(part.exit_code, 0) << part.err;
  const auto rest = testing::runCommand(trainCommand(dir, "p", five + "run_target=0.6 --resume"));
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  for (const char* f : {"/trace.jsonl", "/metrics.csv", "/iterations.csv"})
    EXPECT_EQ(readFile(dir + "/p" + f), readFile(dir + "/r" + f)) << f << ": resumed run differs";
  EXPECT_DOUBLE_EQ(ldpRunMean(rest.err), run_level);
  const auto both = testing::runCommand(trainCommand(dir, "b", five + "target=0.6,run_target=0.6"));
  EXPECT_EQ(both.exit_code, 2) << both.err;
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  fs::remove_all(dir);
}

TEST(TrainCli, ImagesPerSecondIsTrainingThroughputAlone) {
  const std::string dir = tempDir("throughput");
  const auto r = testing::runCommand(trainCommand(dir, "t", ""));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::smatch m;
  const std::string err = r.err;
  ASSERT_TRUE(std::regex_search(err, m,
                                std::regex("done: 12 iterations in ([0-9.]+) s \\(training (\\d+) images/s; "
                                           "test evaluation and checkpoints ([0-9.]+) s\\)")))
      << r.err;
  const double seconds = std::stod(m[1]), ips = std::stod(m[2]), eval = std::stod(m[3]);
  EXPECT_LE(eval, seconds);
  EXPECT_GE(ips, 12 * 40 / (seconds + 0.05) - 1) << "never below images over the whole run's time";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vpsim
