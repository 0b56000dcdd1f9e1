// End-to-end trainer tests: learning on real Fashion-MNIST, schedules driving the traced bits, LDP
// responding to its target, resume == uninterrupted, determinism, the networks matching the model
// zoo, dataset readers, and clear errors for bad configs, missing files and divergence.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/common/files.h"
#include "tests/common/input_error_of.h"
#include "tests/common/run_command.h"
#include "traces/input_error.h"
#include "traces/trace_reader.h"
#include "workloads/model_zoo.h"
#include "workloads/precision_schedule.h"
#include "workloads/train/network.h"
#include "workloads/train/trainer.h"

namespace vpsim {
namespace {

namespace fs = std::filesystem;

std::string tempDir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("vpsim_train_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

using vpsim::testing::readFile;

// A tiny synthetic run: 12x12 images, 8 iterations per epoch.
TrainConfig tinyConfig(const std::string& schedule, std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {
      "dataset=synthetic", "synthetic_size=256",   "synthetic_hw=12", "batch=32",
      "lr=0.05",           "lr_schedule=constant", "progress=off",    "schedule=" + schedule};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return parseTrainConfig("model: cnn\nepochs: 2\n", "tiny.yaml", sets);
}

std::string errorOf(const std::function<void()>& f) { return testing::inputErrorOf(f); }

TEST(TrainRun, FashionMnistLearnsInOneEpoch) {
  if (!fs::exists(std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz")) GTEST_SKIP() << "no dataset";
  auto cfg =
      parseTrainConfig("model: cnn\ndataset: fashion-mnist\n", "fmnist.yaml",
                       {"subset=3000", "test_subset=1000", "batch=50", "epochs=1", "lr=0.05", "lr_schedule=constant",
                        "progress=off", "schedule=static:8/8", "normalize.mean=[0.2860]", "normalize.std=[0.3530]"});
  const TrainResult r = Trainer(cfg).run("", false);
  ASSERT_EQ(r.epochs.size(), 1u);
  EXPECT_GT(r.epochs[0].test_acc, 0.45) << "chance is 0.10";
}

TEST(TrainRun, ScheduleDrivesTracedBits) {
  const std::string dir = tempDir("cpt");
  auto cfg = tinyConfig("cpt:3-8/6,cycles=4");
  const TrainResult r = Trainer(cfg).run(dir, false);
  ASSERT_TRUE(r.finished);
  TraceHeader h;
  std::vector<TraceRun> runs;
  std::vector<TraceMetric> metrics;
  TraceReader::readAll(dir + "/trace.jsonl", h, runs, &metrics);
  EXPECT_EQ(h.iterations, 16);
  EXPECT_EQ(h.schedule, parseScheduleSpec("cpt:3-8/6,cycles=4").text);
  auto ref = makeSchedule(parseScheduleSpec("cpt:3-8/6,cycles=4"), ScheduleContext{h.layers, 16, 8, 1});
  std::set<int> seen;
  for (const auto& run : runs)
    for (int64_t i = run.start; i < run.end; ++i) {
      EXPECT_EQ(run.bits, ref->bitsAt(i)) << "iteration " << i;
      seen.insert(run.bits[0].w);
    }
  EXPECT_GT(seen.size(), 2u);                              // the precision really cycles
  EXPECT_EQ(runs.back().bits.back(), (Bits{32, 32, 32}));  // the FC stays FP32
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_NEAR(metrics[1].values["avg_bits"].get<double>(), r.epochs[1].avg_bits, 1e-3);
}

TEST(TrainRun, PfqFedByRealLossesAndTwoPhaseFixedPoint) {
  // PFQ with a huge eps turns at its first chance: the bits must climb while training runs.
  auto cfg = tinyConfig("pfq:3,4,6,8/6,6,8,8,eps=10,alpha=0.3,window=2", {"epochs=4"});
  const TrainResult r = Trainer(cfg).run("", false);
  EXPECT_LT(r.epochs.front().avg_bits, r.epochs.back().avg_bits);
  auto fixed = tinyConfig("twophase:8/8", {"quantizer=fixed"});
  const TrainResult f = Trainer(fixed).run("", false);
  EXPECT_EQ(f.epochs.size(), 2u);
  EXPECT_TRUE(std::isfinite(f.epochs.back().train_loss));
}

TEST(TrainRun, LdpBitsFollowTheTarget) {
  double bits[2];
  int k = 0;
  for (const char* target : {"0.3", "0.9"}) {
    auto cfg = tinyConfig(std::string("ldp:3-8/8,lr=20,target=") + target, {"epochs=3"});
    bits[k++] = Trainer(cfg).run("", false).epochs.back().avg_bits;
  }
  EXPECT_LT(bits[0], bits[1]);
  EXPECT_LT(bits[0], 7.0);
  EXPECT_GE(bits[1], 6.5);
}

TEST(TrainRun, ResumeEqualsUninterruptedAndRunsAreDeterministic) {
  const std::string a = tempDir("full"), b = tempDir("resumed"), c = tempDir("again");
  const std::string sched = "ldp:3-8/8,lr=20,target=0.5";
  Trainer(tinyConfig(sched)).run(a, false);
  Trainer(tinyConfig(sched)).run(c, false);
  const TrainResult part = Trainer(tinyConfig(sched, {"stop_after=11"})).run(b, false);
  EXPECT_FALSE(part.finished);
  EXPECT_FALSE(fs::exists(b + "/trace.jsonl"));
  const TrainResult rest = Trainer(tinyConfig(sched, {"stop_after=11"})).run(b, true);
  EXPECT_TRUE(rest.finished);
  for (const char* f : {"/trace.jsonl", "/metrics.csv"}) {
    EXPECT_EQ(readFile(a + f), readFile(c + f)) << f << ": same seed, different output";
    EXPECT_EQ(readFile(a + f), readFile(b + f)) << f << ": resumed run differs";
  }
  EXPECT_NE(errorOf([&] { Trainer(tinyConfig("static:8/8")).run(a, true); }).find("was written with schedule="),
            std::string::npos);
}

// Two-phase with the gradient-statistics switch on a fixed-point run: a limit every window passes
// switches right after the first window, one none passes never does, and a run resumed before
// the switch replays the recorded statistics (without them its window would restart and the switch
// come 5 iterations late).
TEST(TrainRun, TwoPhaseSwitchesOnMeasuredGradientUnderflow) {
  auto switchIter = [](const std::string& dir) {
    TraceHeader h;
    std::vector<TraceRun> runs;
    TraceReader::readAll(dir + "/trace.jsonl", h, runs, nullptr);
    for (const auto& r : runs)
      if (r.bits[0].w == 32) return r.start;
    return h.iterations;
  };
  const std::vector<std::string> fixed = {"quantizer=fixed", "epochs=3"};
  const std::string low = tempDir("tp_low"), high = tempDir("tp_high"), full = tempDir("tp_full"),
                    res = tempDir("tp_res");
  Trainer(tinyConfig("twophase:8/8,underflow=0.01,window=4", fixed)).run(low, false);
  EXPECT_EQ(switchIter(low), 4);
  Trainer(tinyConfig("twophase:8/8,underflow=0.99,window=4", fixed)).run(high, false);
  EXPECT_EQ(switchIter(high), 24);  // never: 3 epochs of 8 iterations at 8 bits
  const std::string sched = "twophase:8/8,underflow=0.01,window=8";
  Trainer(tinyConfig(sched, fixed)).run(full, false);
  auto stop = fixed;
  stop.push_back("stop_after=5");
  EXPECT_FALSE(Trainer(tinyConfig(sched, stop)).run(res, false).finished);
  EXPECT_TRUE(Trainer(tinyConfig(sched, stop)).run(res, true).finished);
  EXPECT_EQ(switchIter(full), 8);
  EXPECT_EQ(readFile(full + "/trace.jsonl"), readFile(res + "/trace.jsonl"));
}

TEST(TrainRun, NetworksMatchTheModelZoo) {
  for (const char* ds : {"fashion-mnist", "cifar10", "cifar100"})
    for (const char* model : {"cnn", "resnet20", "resnet38"}) {
      const DatasetInfo info = datasetInfo(ds);
      const auto net = Network::build(model, info, 1);
      const Model zoo = buildModel(model, info);
      const auto ops = net->layerOps();
      ASSERT_EQ(ops.size(), zoo.layers.size()) << model << " on " << ds;
      for (size_t i = 0; i < ops.size(); ++i)
        EXPECT_EQ(ops[i], zoo.layers[i]) << model << " on " << ds << ": " << ops[i].name;
    }
}

TEST(TrainRun, CifarBinaryReaderAndOneResnetStep) {
  const std::string dir = tempDir("cifar");
  ImageSet s = makeSynthetic(20, 3, 32, 10, 3);
  for (int i = 1; i <= 5; ++i) writeCifarBin(dir + "/data_batch_" + std::to_string(i) + ".bin", s, 10);
  writeCifarBin(dir + "/test_batch.bin", s, 10);
  const ImageSet back = loadCifar(dir, 10, true);
  ASSERT_EQ(back.size(), 100);
  EXPECT_EQ(back.labels[21], s.labels[1]);
  EXPECT_TRUE(std::equal(s.pixels.begin(), s.pixels.end(), back.pixels.begin()));
  writeCifarBin(dir + "/train.bin", s, 100);
  EXPECT_EQ(loadCifar(dir, 100, true).labels, s.labels);
  auto cfg = parseTrainConfig("model: resnet20\ndataset: cifar10\ndata_dir: " + dir + "\n", "c.yaml",
                              {"iterations=2", "batch=10", "progress=off", "augment.crop_pad=4", "augment.flip=true",
                               "normalize.mean=[0.4914,0.4822,0.4465]", "normalize.std=[0.2023,0.1994,0.2010]"});
  const TrainResult r = Trainer(cfg).run("", false);
  EXPECT_EQ(r.iterations, 2);
  std::ofstream(dir + "/data_batch_3.bin") << "short";
  EXPECT_NE(errorOf([&] { loadCifar(dir, 10, true); }).find("data_batch_3.bin: size 5"), std::string::npos);
}

TEST(TrainRun, FashionMnistReaderOnGeneratedFiles) {
  const std::string dir = tempDir("idx");
  std::vector<uint8_t> px(3 * 28 * 28, 7), lab = {1, 2, 9};
  writeIdxGz(dir + "/train-images-idx3-ubyte.gz", {3, 28, 28}, px);
  writeIdxGz(dir + "/train-labels-idx1-ubyte.gz", {3}, lab);
  const ImageSet s = loadFashionMnist(dir, true);
  EXPECT_EQ(s.size(), 3);
  EXPECT_EQ(s.labels[2], 9);
  EXPECT_NE(errorOf([&] { loadFashionMnist(dir, false); }).find("t10k-images-idx3-ubyte.gz"), std::string::npos);
}

TEST(TrainRun, ClearErrors) {
  EXPECT_EQ(errorOf([] {
              parseTrainConfig("model: cnn\nepochz: 3\n", "bad.yaml", {});
            }).rfind("bad.yaml:2: epochz: unknown key", 0),
            0u);
  EXPECT_NE(errorOf([] { parseTrainConfig("batch: 0\n", "b.yaml", {}); }).find("b.yaml:1: batch"), std::string::npos);
  EXPECT_NE(errorOf([] { parseTrainConfig("", "s.yaml", {"quantizer=float"}); }).find("quantizer"), std::string::npos);
  EXPECT_NE(errorOf([] { parseTrainConfig("", "s.yaml", {"oops"}); }).find("key=value"), std::string::npos);
  EXPECT_NE(errorOf([] { Trainer(tinyConfig("cpt:3-8")); }).find("cpt"), std::string::npos);
  EXPECT_NE(errorOf([] { Trainer(tinyConfig("static:8/8", {"model=vgg"})); }).find("vgg"), std::string::npos);
  auto missing = parseTrainConfig("dataset: fashion-mnist\ndata_dir: /nonexistent\n", "m.yaml", {"progress=off"});
  EXPECT_NE(errorOf([&] { Trainer t(missing); }).find("/nonexistent/train-images-idx3-ubyte.gz"), std::string::npos);
  const std::string nan = errorOf([] { Trainer(tinyConfig("static:8/8", {"lr=1e30"})).run("", false); });
  EXPECT_NE(nan.find("diverged at iteration"), std::string::npos) << nan;
}

TEST(TrainRun, CliWritesTraceAndMetricsAndRejectsBadConfigs) {
  const std::string dir = tempDir("cli");
  std::ofstream(dir + "/c.yaml") << "model: cnn\ndataset: synthetic\nsynthetic_size: 64\nsynthetic_hw: 8\nbatch: 32\n";
  const std::string base = std::string(VPSIM_BINARY) + " train --config " + dir + "/c.yaml --out " + dir + "/out";
  ASSERT_EQ(std::system((base + " --set epochs=2 --set seed=3 --set schedule=cpt:4-8/8 2>/dev/null").c_str()), 0);
  EXPECT_TRUE(fs::exists(dir + "/out/trace.jsonl"));
  const std::string csv = readFile(dir + "/out/metrics.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);  // header + 2 epochs
  const int rc = std::system((base + " --set epochs=x 2>/dev/null").c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 2);
  // The two-phase gradient-statistics switch, and where it switched, through the binary.
  auto tp = testing::runCommand(
      base + "2 --set epochs=2 --set quantizer=fixed --set 'schedule=twophase:8/8,underflow=0.01,window=4'");
  EXPECT_EQ(tp.exit_code, 0) << tp.err;
  EXPECT_NE(tp.err.find("full precision from iteration 4"), std::string::npos) << tp.err;
}

}  // namespace
}  // namespace vpsim

namespace vpsim {
namespace {

// The precision range test picks a CPT lower bound inside its range and the run uses it.
TEST(TrainRun, PrecisionRangeTestSetsCptLowerBound) {
  auto cfg = tinyConfig("cpt:3-8/8,cycles=2", {"range_test.from=2", "range_test.to=5", "range_test.iterations=8",
                                               "range_test.threshold=0.0"});
  std::vector<double> acc;
  const int bmin = precisionRangeTest(cfg, &acc);
  EXPECT_EQ(acc.size(), 4u);
  EXPECT_GE(bmin, 2);
  EXPECT_LE(bmin, 5);
  const std::string dir = tempDir("prt");
  Trainer(cfg).run(dir, false);
  TraceHeader h;
  std::vector<TraceRun> runs;
  TraceReader::readAll(dir + "/trace.jsonl", h, runs);
  EXPECT_EQ(h.schedule_params["range_test_bmin"].get<int>(), bmin);
  EXPECT_EQ(runs.front().bits[0].w, bmin);  // a CPT cycle starts at its lower bound
}

}  // namespace
}  // namespace vpsim
