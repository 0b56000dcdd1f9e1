// `vpsim trace gen|info` end to end through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {
std::string tmp(const std::string& name) { return ::testing::TempDir() + name; }

nlohmann::json info(const std::string& trace, const std::string& flags = "") {
  auto r = runCommand(vpsim() + " trace info " + trace + " --json " + flags);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

nlohmann::json gen(const std::string& args, const std::string& name) {
  auto r = runCommand(vpsim() + " trace gen " + args + " -o " + tmp(name));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "trace gen prints nothing on stdout";
  return info(tmp(name));
}
}  // namespace

TEST(CliTrace, StaticEightIsThreeTimes64MacsBatch) {
  auto j = gen("--model resnet20 --dataset cifar10 --schedule static:8/8 --iterations 10 --batch 128", "s8.jsonl");
  EXPECT_EQ(j["iterations"], 10);
  EXPECT_EQ(j["epochs"], 1);
  EXPECT_EQ(j["batch"], 128);
  EXPECT_EQ(j["layers"], 22);  // 19 convs, 2 downsample convs, fc
  EXPECT_EQ(j["quantized_macs_per_sample"], 40812544);
  EXPECT_EQ(j["macs_per_sample"], 40812544 + 640);
  EXPECT_DOUBLE_EQ(j["bitops"]["total"].get<double>(), 3.0 * 64 * 40812544 * 128 * 10);
  EXPECT_DOUBLE_EQ(j["gbitops_total"].get<double>(), 3.0 * 64 * 40812544 * 128 * 10 / 1e9);
  EXPECT_DOUBLE_EQ(j["inference_bitops_per_sample"].get<double>(), 64.0 * 40812544);
  EXPECT_EQ(j["bitops_per_epoch"].size(), 1u);
  EXPECT_EQ(j["avg_bits"][3]["w"], 8.0);
  auto no_stem = info(tmp("s8.jsonl"), "--no-stem-bwd-data");
  EXPECT_DOUBLE_EQ(j["bitops"]["bwd_data"].get<double>() - no_stem["bitops"]["bwd_data"].get<double>(),
                   64.0 * 442368 * 128 * 10);
}

TEST(CliTrace, CptOverFullCyclesCostsTheKnownFractionOfStatic) {
  // Two full cycles of 2000 iterations: sum over the per-width counts of (b^2 + 16 b) / (2000 * 192).
  auto cpt = gen("--model resnet20 --dataset cifar10 --schedule cpt:3-8/8,cycles=2 --iterations 4000", "cpt.jsonl");
  auto st = gen("--model resnet20 --dataset cifar10 --schedule static:8/8 --iterations 4000", "st.jsonl");
  const double expect = (57.0 * 410 + 80 * 329 + 105 * 261 + 132 * 262 + 161 * 329 + 192 * 409) / (2000.0 * 192);
  EXPECT_NEAR(cpt["bitops"]["total"].get<double>() / st["bitops"]["total"].get<double>(), expect, 1e-12);
  EXPECT_EQ(cpt["epochs"], 11);  // ceil(4000 / 391)
  EXPECT_EQ(cpt["bitops_per_epoch"].size(), 11u);
}

TEST(CliTrace, ScheduleByYamlName) {
  auto j = gen("--model resnet20 --dataset cifar10 --schedule cpt-3-8 --epochs 2", "yaml.jsonl");
  EXPECT_EQ(j["schedule"], "cpt:3-8/8,cycles=32");
  EXPECT_EQ(j["iterations"], 782);
}

TEST(CliTrace, TableOutputAndHelp) {
  gen("--model cnn --dataset fashion-mnist --schedule static:4/8 --iterations 3", "cnn.jsonl");
  auto r = runCommand(vpsim() + " trace info " + tmp("cnn.jsonl"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("conv3"), std::string::npos);
  EXPECT_NE(r.out.find("(fp32)"), std::string::npos);
  auto h = runCommand(vpsim() + " trace gen --help");
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--schedule"), std::string::npos);
}

TEST(CliTrace, BadInputExitsTwoWithOneLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"trace gen --model resnet21 --dataset cifar10 --schedule static:8/8 -o x.jsonl", "unknown model 'resnet21'"},
      {"trace gen --model resnet20 --dataset cifar10 --schedule cpt:9-3/8 -o x.jsonl", "must be low-high"},
      {"trace gen --model resnet20 --dataset cifar10 --schedule ldp:3-8/8 -o x.jsonl", "use `vpsim train`"},
      {"trace gen --model resnet20 --dataset cifar10 --schedule twophase:8/8,underflow=0.5 -o x.jsonl",
       "underflow= switches on the trainer's gradients"},
      {"trace gen --model resnet20 --dataset cifar10 --schedule static:8/8 --iterations 0 -o x.jsonl", "--iterations"},
      {"trace info /nonexistent.jsonl", "cannot open trace file"},
      {"trace frobnicate", "subcommand"},
  };
  for (const auto& [args, expect] : cases) {
    auto r = runCommand(vpsim() + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(expect), std::string::npos) << args << " -> " << r.err;
    EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists("x.jsonl"));
}

TEST(CliTrace, SameInputsGiveByteIdenticalTraces) {
  const std::string args = "--model resnet20 --dataset cifar10 --schedule random:4,6,8/8,k=7 --iterations 500 --seed 5";
  runCommand(vpsim() + " trace gen " + args + " -o " + tmp("r1.jsonl"));
  runCommand(vpsim() + " trace gen " + args + " -o " + tmp("r2.jsonl"));
  auto a = runCommand("cmp " + tmp("r1.jsonl") + " " + tmp("r2.jsonl"));
  EXPECT_EQ(a.exit_code, 0);
}

}  // namespace vpsim
