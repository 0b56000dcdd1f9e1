// `vpsim run` and `vpsim layer` end to end through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/run/csv.h"
#include "tests/common/files.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

std::string tmp(const std::string& name) { return ::testing::TempDir() + "cli_run_" + name; }
std::string hw(const std::string& name) { return std::string(VPSIM_SOURCE_DIR) + "/configs/hw/" + name + ".yaml"; }

nlohmann::json layer(const std::string& hw_file, const std::string& op, const std::string& bits,
                     const std::string& extra = "") {
  auto r = runCommand(vpsim() + " layer --hw " + hw_file + " --op " + op + " --bits " + bits + " --json " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

using vpsim::testing::readFile;

// Lines of a CSV as vectors of fields (header first).
std::vector<std::vector<std::string>> csv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    rows.push_back(splitCsvRecord(line));
  }
  return rows;
}

size_t column(const std::vector<std::string>& header, const std::string& name) {
  return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
}

std::string traceFile(const std::string& schedule, int iters, const std::string& name) {
  const std::string path = tmp(name);
  auto r = runCommand(vpsim() + " trace gen --model resnet20 --dataset cifar10 --schedule " + schedule +
                      " --iterations " + std::to_string(iters) + " -o " + path);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

}  // namespace

TEST(CliLayer, EveryShippedHardwareConfigRunsALayer) {
  for (const char* name : {"bitfusion", "bitfusion-stripes-point", "bitfusion-ddr4", "bitfusion-hbm2", "stripes",
                           "loom", "int8", "fp32"}) {
    auto j = layer(hw(name), "conv:8,32,32,3,1,8", "4/4");
    ASSERT_TRUE(j.contains("cycles")) << name;
    EXPECT_GT(j["cycles"].get<double>(), 0) << name;
    EXPECT_GT(j["energy_pj_total"].get<double>(), 0) << name;
    EXPECT_EQ(j["macs"], 8 * 8 * 8 * 32 * 32 * 9) << name;
    EXPECT_FALSE(j["on_vector_unit"].get<bool>()) << name;
  }
}

TEST(CliLayer, LowerPrecisionNeverCostsMoreOnBitFusionAndBitSerial) {
  for (const char* name : {"bitfusion", "stripes", "loom"}) {
    double prev_cycles = 0, prev_energy = 0;
    for (int b = 2; b <= 8; ++b) {
      const std::string bits = std::to_string(b) + "/" + std::to_string(b);
      auto j = layer(hw(name), "conv:16,64,64,3,1,8", bits);
      const double cycles = j["cycles"], energy = j["energy_pj_total"];
      // Within 1%: the list-scheduled controller can reorder the link when a transfer shrinks
      // (isa/compiler_test.cpp LowerPrecisionNeverCostsMoreOnBitFusion says more).
      EXPECT_GE(cycles * 1.01, prev_cycles) << name << " at " << bits;
      EXPECT_GE(energy * 1.01, prev_energy) << name << " at " << bits;
      prev_cycles = cycles, prev_energy = energy;
    }
  }
}

TEST(CliLayer, TileAndCycleFidelityAgreeOnSmallLayers) {
  const std::string small = tmp("small-hw.yaml");
  std::string text = readFile(hw("bitfusion"));
  const std::string array = "rows: 16, cols: 32";
  text.replace(text.find(array), array.size(), "rows: 4, cols: 8");
  std::ofstream(small) << text;
  for (const char* op : {"conv:2,8,16,3,1,4", "gemm:24,16,40"})
    for (const char* bits : {"8/8", "4/2", "3/5"}) {
      auto t = layer(small, op, bits, "--fidelity tile"), c = layer(small, op, bits, "--fidelity cycle");
      EXPECT_EQ(t["cycles"], c["cycles"]) << op << " " << bits;
      EXPECT_EQ(t["compute_cycles"], c["compute_cycles"]) << op << " " << bits;
      EXPECT_EQ(t["brick_ops"], c["brick_ops"]) << op << " " << bits;
      EXPECT_DOUBLE_EQ(t["energy_pj_total"].get<double>(), c["energy_pj_total"].get<double>()) << op << " " << bits;
    }
}

TEST(CliLayer, ComputeBoundBitFusionFollowsThePublicRule) {
  // Stripes-comparison point: 4096 bits/cycle keeps the layer compute bound. Public rule (im2col):
  // B*OH*OW * ceil(OC/32) * ceil(K^2*IC / (16*pf)), pf = (8/8)*(8/8) = 1 at 8 bits, 16 at 2 bits.
  for (auto [bits, pf] : {std::pair<const char*, int>{"8/8", 1}, {"4/4", 4}, {"2/2", 16}}) {
    auto j = layer(hw("bitfusion-stripes-point"), "conv:16,64,64,3,1,16", bits);
    const double rule = 16.0 * 16 * 16 * 2 * std::ceil(9.0 * 64 / (16 * pf));
    EXPECT_GE(j["compute_cycles"].get<double>(), rule) << bits;
    EXPECT_LE(j["compute_cycles"].get<double>(), rule * 1.15) << bits;  // fill/drain of the folds
    EXPECT_LE(j["stall_cycles"].get<double>(), 0.1 * j["cycles"].get<double>()) << bits;
  }
}

// A PE's per-pass serial operand reaches the simulated array: Stripes with the weights serial in
// bwd_data (w=4 against g=8) needs about half the compute cycles of the default (errors serial),
// and the forward pass, configured alike in both, is unchanged.
TEST(CliLayer, StripesSerialOperandPerPass) {
  std::string yaml = readFile(hw("stripes"));
  const std::string pe = "pe: {lanes: 16, parallel_bits: 16, max_bits: 16, accumulator_bits: 32";
  ASSERT_NE(yaml.find(pe), std::string::npos);
  yaml.replace(yaml.find(pe), pe.size(), pe + ", serial_operand: {fwd: op1, bwd_data: op0, bwd_weight: op1}");
  const std::string custom = tmp("stripes_wserial.yaml");
  std::ofstream(custom) << yaml;
  const std::string op = "conv:16,64,64,3,1,16";
  auto base_bd = layer(hw("stripes"), op, "4/4/8", "--pass bwd_data");
  auto wser_bd = layer(custom, op, "4/4/8", "--pass bwd_data");
  const double ratio = wser_bd["compute_cycles"].get<double>() / base_bd["compute_cycles"].get<double>();
  EXPECT_NEAR(ratio, 0.5, 0.05);
  EXPECT_EQ(layer(custom, op, "4/4/8", "--pass fwd")["cycles"],
            layer(hw("stripes"), op, "4/4/8", "--pass fwd")["cycles"]);
}

TEST(CliRun, TraceRunEqualsItsUniquePassesTimesRunLengths) {
  const std::string trace = traceFile("cpt:4-8/8,cycles=2", 40, "cpt.jsonl");
  const std::string out = tmp("out_cpt");
  auto r = runCommand(vpsim() + " run --hw " + hw("bitfusion") + " --trace " + trace + " --out " + out +
                      " --no-cache --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = nlohmann::json::parse(r.out);
  EXPECT_EQ(summary, nlohmann::json::parse(readFile(out + "/summary.json")));
  auto rows = csv(out + "/layers.csv");
  const auto& h = rows[0];
  double cycles = 0, energy = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    cycles += std::stod(rows[i][column(h, "cycles_per_iter")]) * std::stod(rows[i][column(h, "iterations")]);
    energy += std::stod(rows[i][column(h, "total_energy_j")]);
  }
  EXPECT_DOUBLE_EQ(cycles, summary["cycles"].get<double>());
  EXPECT_NEAR(energy, summary["energy_j"]["total"].get<double>(), 1e-9 * energy);
  // One row against the same pass simulated alone: layer1.1.conv1 (16 -> 16, 3x3, 32x32), bwd_data at 8 bits.
  for (size_t i = 1; i < rows.size(); ++i)
    if (rows[i][0] == "layer1.1.conv1" && rows[i][2] == "bwd_data" && rows[i][3] == "8") {
      auto alone =
          layer(hw("bitfusion"), "'conv:128,16,16,3,1,32;pad=1;post=bn,relu,quantize'", "8/8/8", "--pass bwd_data");
      EXPECT_EQ(std::stod(rows[i][column(h, "cycles_per_iter")]), alone["cycles"].get<double>());
      EXPECT_NEAR(std::stod(rows[i][column(h, "energy_pj_vector")]), alone["energy_pj"]["vector"].get<double>(),
                  1e-6 * alone["energy_pj"]["vector"].get<double>());
    }
  auto epochs = csv(out + "/epochs.csv");
  double epoch_cycles = 0;
  for (size_t i = 1; i < epochs.size(); ++i) epoch_cycles += std::stod(epochs[i][column(epochs[0], "cycles")]);
  EXPECT_NEAR(epoch_cycles, summary["cycles"].get<double>(), 1.0);
  EXPECT_EQ(summary["epochs"], 1);
  EXPECT_EQ(csv(out + "/bits_per_epoch.csv").size(), 1u + 22u);
  // widths.csv: CPT runs every quantized layer at one width (gradients at 8), so an iteration at width
  // b costs the layers.csv rows at b plus the FP32 classifier's.
  auto widths = csv(out + "/widths.csv");
  ASSERT_EQ(widths.size(), 1u + 5u);  // 4..8
  double share = 0;
  for (size_t i = 1; i < widths.size(); ++i) {
    double expect = 0;
    for (size_t j = 1; j < rows.size(); ++j)
      if (rows[j][3] == widths[i][0] || rows[j][3] == "32") expect += std::stod(rows[j][column(h, "cycles_per_iter")]);
    EXPECT_EQ(std::stod(widths[i][column(widths[0], "cycles_per_iter")]), expect) << widths[i][0];
    share += std::stod(widths[i][column(widths[0], "share")]);
  }
  EXPECT_NEAR(share, 1.0, 1e-5);
  EXPECT_EQ(widths.back()[column(widths[0], "cycles_rel")], "1.000000");
}

// layer1.1.conv1 and layer1.1.conv2 have one shape but different post ops (conv2 ends in the
// residual add): each is costed with its own, as `layer` costs it alone.
TEST(CliRun, LayersOfOneShapeWithDifferentPostOpsAreCostedApart) {
  const std::string trace = traceFile("static:8/8", 2, "post.jsonl");
  const std::string out = tmp("out_post");
  auto r = runCommand(vpsim() + " run --hw " + hw("bitfusion") + " --trace " + trace + " --out " + out + " --no-cache");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = csv(out + "/layers.csv");
  const auto& h = rows[0];
  const auto vector_pj = [&](const std::string& name) {
    for (size_t i = 1; i < rows.size(); ++i)
      if (rows[i][0] == name && rows[i][2] == "fwd") return std::stod(rows[i][column(h, "energy_pj_vector")]);
    ADD_FAILURE() << "no fwd row of " << name;
    return 0.0;
  };
  const std::string op = "'conv:128,16,16,3,1,32;pad=1;post=";
  const double conv1 = layer(hw("bitfusion"), op + "bn,relu,quantize'", "8/8/8")["energy_pj"]["vector"];
  const double conv2 = layer(hw("bitfusion"), op + "bn,relu,residual,quantize'", "8/8/8")["energy_pj"]["vector"];
  EXPECT_GT(conv2, conv1);
  EXPECT_NEAR(vector_pj("layer1.1.conv1"), conv1, 1e-6 * conv1);
  EXPECT_NEAR(vector_pj("layer1.1.conv2"), conv2, 1e-6 * conv2);
}

// Post ops are priced per output element, each on its own; a bare --op has none, and a pass at FP32
// (here on the vector unit) quantizes nothing.
TEST(CliLayer, PostOpsArePricedPerElementAndFp32QuantizesNothing) {
  const std::string op = "'conv:4,16,16,3,1,8;pad=1";
  const auto ops = [&](const std::string& post, const std::string& bits) {
    return layer(hw("bitfusion"), op + (post.empty() ? "" : ";post=" + post) + "'", bits)["vector_ops"].get<double>();
  };
  const double out_elements = 4.0 * 16 * 8 * 8;
  EXPECT_EQ(ops("", "8/8"), 0.0);
  const double bn = ops("bn", "8/8"), relu = ops("relu", "8/8");
  EXPECT_GT(bn, 0.0);
  EXPECT_GT(relu, 0.0);
  EXPECT_DOUBLE_EQ(ops("bn,relu", "8/8"), bn + relu);
  EXPECT_DOUBLE_EQ(std::fmod(bn, out_elements), 0.0);  // a whole number of ops per element
  EXPECT_GT(ops("quantize", "8/8"), 0.0);
  EXPECT_DOUBLE_EQ(ops("quantize", "32/32"), ops("", "32/32"));
  EXPECT_GT(ops("bn", "32/32"), ops("", "32/32"));
  // Without post ops the vector unit adds nothing: the pass costs the array's cycles.
  auto bare = layer(hw("bitfusion"), op + "'", "8/8");
  EXPECT_EQ(bare["vector_cycles"], 0);
}

TEST(CliRun, WarmCacheSimulatesNothingAndGivesIdenticalFiles) {
  const std::string trace = traceFile("static:4/8", 20, "s4.jsonl");
  const std::string cache = tmp("memo.sqlite");
  std::filesystem::remove(cache);
  auto run = [&](const std::string& out) {
    auto r = runCommand(vpsim() + " run --hw " + hw("bitfusion-ddr4") + " --trace " + trace + " --out " + out +
                        " --cache " + cache + " --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  auto cold = run(tmp("cold")), warm = run(tmp("warm"));
  EXPECT_GT(cold["simulated_passes"].get<int>(), 0);
  EXPECT_EQ(warm["simulated_passes"], 0);
  EXPECT_EQ(warm["cache_hits"], warm["unique_passes"]);
  for (const char* f : {"/epochs.csv", "/layers.csv", "/bits_per_epoch.csv", "/widths.csv"})
    EXPECT_EQ(readFile(tmp("cold") + f), readFile(tmp("warm") + f)) << f;
  EXPECT_EQ(cold["cycles"], warm["cycles"]);
}

TEST(CliRun, PrintsThePerEpochTable) {
  const std::string trace = traceFile("static:8/8", 5, "t.jsonl");
  auto r = runCommand(vpsim() + " run --hw hw/bitfusion.yaml --trace " + trace + " --no-cache");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("epoch"), std::string::npos);
  EXPECT_NE(r.out.find("energy_J"), std::string::npos);
}

TEST(CliRun, BadInputExitsTwoNamingTheProblem) {
  const std::string trace = traceFile("static:8/8", 5, "bad.jsonl");
  const std::string bad_hw = tmp("bad-hw.yaml");
  std::string text = readFile(hw("bitfusion"));
  std::ofstream(bad_hw) << text << "bogus_key: 1\n";
  const std::string no_energy = tmp("no-energy.yaml");
  std::string t2 = readFile(hw("bitfusion"));
  const std::string both = "energy: [energy/bitfusion-45nm.yaml, energy/vector-45nm.yaml]";
  t2.replace(t2.find(both), both.size(), "energy: energy/bitfusion-45nm.yaml");
  std::ofstream(no_energy) << t2;
  const std::pair<std::string, std::string> cases[] = {
      {"run --hw " + bad_hw + " --trace " + trace, "bogus_key: unknown key"},
      {"run --hw " + no_energy + " --trace " + trace + " --no-cache", "vector_op_pj_per_op"},
      {"run --hw hw/nonexistent.yaml --trace " + trace, "cannot open file"},
      {"run --hw hw/bitfusion.yaml --trace /nonexistent.jsonl --no-cache", "cannot open trace file"},
      {"layer --hw hw/bitfusion.yaml --op conv:1,2 --bits 8/8", "conv:1,2"},
      {"layer --hw hw/bitfusion.yaml --op gemm:4,4,4 --bits 8/40", "8/40"},
  };
  for (const auto& [args, expect] : cases) {
    auto r = runCommand(vpsim() + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.err;
    EXPECT_NE(r.err.find(expect), std::string::npos) << args << " -> " << r.err;
  }
  EXPECT_NE(runCommand(vpsim() + " run --hw " + bad_hw + " --trace " + trace).err.find(bad_hw + ":"),
            std::string::npos);
}

}  // namespace vpsim

namespace vpsim {

TEST(CliHw, ParamsComeFromTheCodeAndCheckResolvesConfigs) {
  auto p = testing::runCommand(testing::vpsim() + " hw params");
  ASSERT_EQ(p.exit_code, 0);
  EXPECT_NE(p.out.find("brick_bits"), std::string::npos);
  EXPECT_NE(p.out.find("serial_operand"), std::string::npos);
  auto a = testing::runCommand(testing::vpsim() + " hw check hw/bitfusion.yaml");
  auto b = testing::runCommand(testing::vpsim() + " hw check hw/bitfusion-ddr4.yaml");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  EXPECT_EQ(ja["array"]["rows"], 16);
  EXPECT_EQ(jb["dram"]["preset"], "ddr4-2400");
  EXPECT_NE(ja["hash"], jb["hash"]);  // the memo cache keeps their passes apart
  EXPECT_EQ(testing::runCommand(testing::vpsim() + " hw check hw/nope.yaml").exit_code, 2);
}

// The FR-FCFS row-hit cap is a DRAM key: resolved into the config and its hash when set, and a bad
// value is refused naming the key.
TEST(CliHw, DramRowHitCapResolvesAndBadValuesAreNamed) {
  const std::string base = readFile(hw("bitfusion-ddr4"));
  const std::string dram = "dram: {model: timing, preset: ddr4-2400, channels: 1}";
  ASSERT_NE(base.find(dram), std::string::npos);
  auto variant = [&](const std::string& extra, const std::string& name) {
    std::string yaml = base;
    yaml.replace(yaml.find(dram), dram.size(), "dram: {model: timing, preset: ddr4-2400, channels: 1" + extra + "}");
    std::ofstream(tmp(name)) << yaml;
    return testing::runCommand(testing::vpsim() + " hw check " + tmp(name));
  };
  auto plain = testing::runCommand(testing::vpsim() + " hw check hw/bitfusion-ddr4.yaml");
  auto capped = variant(", row_hit_cap: 16", "cap16.yaml");
  ASSERT_EQ(capped.exit_code, 0) << capped.err;
  auto jp = nlohmann::json::parse(plain.out), jc = nlohmann::json::parse(capped.out);
  EXPECT_EQ(jc["dram"]["row_hit_cap"], 16);
  EXPECT_EQ(jp["dram"]["row_hit_cap"], 0);  // resolved: defaults are part of the identity
  EXPECT_NE(jp["hash"], jc["hash"]);
  auto bad = variant(", row_hit_cap: -1", "capbad.yaml");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("row_hit_cap"), std::string::npos) << bad.err;
  auto ran = layer(tmp("cap16.yaml"), "conv:16,64,64,3,1,16", "8/8/8");
  EXPECT_GT(ran["cycles"].get<double>(), 0);
}

}  // namespace vpsim
