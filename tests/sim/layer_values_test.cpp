// `vpsim layer --values` through the binary: real integer operands through the SystemC accelerator
// for a whole layer pass on every PE kind at every width pair up to 8x8, in both fidelities, every
// output equal to the reference integer GEMM; operands from .npy files and outputs dumped as .npy
// (read back by NumPy); accumulator overflow as configured (wrap, saturate) and reported; an
// injected stuck accumulator bit found, naming the first differing element; bad input exits 2.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "sim/run/npy.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;
namespace fs = std::filesystem;

namespace {

const std::string kSource = VPSIM_SOURCE_DIR;
const char* kPasses[3] = {"fwd", "bwd_data", "bwd_weight"};

std::string tmp(const std::string& name) {
  return ::testing::TempDir() + "layer_values_" + std::to_string(::getpid()) + "_" + name;
}

nlohmann::json layerValues(const std::string& args, int want_exit = 0) {
  auto r = runCommand(vpsim() + " layer --json " + args);
  EXPECT_EQ(r.exit_code, want_exit) << args << "\n" << r.err;
  return r.exit_code == want_exit && !r.out.empty() ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

class LayerValuesWidths : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

}  // namespace

// A small conv layer (B 2, 4 -> 6 channels, 3x3, 3x3 outputs): every width pair, the three passes
// in turn, signed and unsigned codes in turn.
TEST_P(LayerValuesWidths, EveryWidthPairUpTo8x8EqualsTheReference) {
  const auto& [hw, fidelity] = GetParam();
  int runs = 0;
  for (int b0 = 1; b0 <= 8; ++b0)
    for (int b1 = 1; b1 <= 8; ++b1) {
      const char* pass = kPasses[(b0 + b1) % 3];
      const bool sgn = (b0 * b1) % 2 == 0 && b0 > 1 && b1 > 1;
      const std::string bits = pass == std::string("bwd_weight") ? "8/" + std::to_string(b1) + "/" + std::to_string(b0)
                               : pass == std::string("bwd_data") ? std::to_string(b0) + "/8/" + std::to_string(b1)
                                                                 : std::to_string(b0) + "/" + std::to_string(b1);
      const auto j = layerValues("--hw hw/" + hw + ".yaml --op conv:2,4,6,3,1,3 --bits " + bits + " --pass " + pass +
                                 " --fidelity " + fidelity + " --values random:" + std::to_string(b0 * 10 + b1) +
                                 (sgn ? " --signed" : ""));
      ASSERT_TRUE(j.contains("values")) << hw << " " << bits << " " << pass;
      const auto& v = j["values"];
      EXPECT_EQ(v["mismatches"], 0) << hw << " " << bits << " " << pass << ": " << v["first_mismatch"];
      EXPECT_EQ(v["outputs"], j["gemm"]["m"].get<int64_t>() * j["gemm"]["n"].get<int64_t>()) << bits;
      EXPECT_EQ(v["b0"], b0);
      EXPECT_EQ(v["b1"], b1);
      EXPECT_EQ(v["signed"], sgn);
      EXPECT_EQ(v["fidelity"], fidelity);
      EXPECT_GT(v["macs_per_second"].get<double>(), 0);
      EXPECT_GT(j["cycles"].get<double>(), 0);
      ++runs;
    }
  EXPECT_EQ(runs, 64);
}

INSTANTIATE_TEST_SUITE_P(EveryPeKind, LayerValuesWidths,
                         ::testing::Combine(::testing::Values("bitfusion", "stripes", "loom", "int8"),
                                            ::testing::Values("tile", "cycle")),
                         [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

// Both fidelities give the same outputs (dumped), cycles and overflows; the FP32 reference config
// runs its forced 32-bit widths.
TEST(LayerValues, FidelitiesAgreeAndOutputsAreDumped) {
  const std::string args =
      "--hw hw/stripes.yaml --op gemm:12,20,70 --bits 5/7 --pass bwd_data --values random:3 --signed";
  const auto t = layerValues(args + " --dump-outputs " + tmp("t.npy"));
  const auto c = layerValues(args + " --fidelity cycle --dump-outputs " + tmp("c.npy"));
  EXPECT_EQ(t["cycles"], c["cycles"]);
  const NpyInts a = readNpyInts(tmp("t.npy")), b = readNpyInts(tmp("c.npy"));
  EXPECT_EQ(a.shape, (std::vector<int64_t>{12, 70}));  // bwd_data of gemm:12,20,70: rows x depth
  EXPECT_EQ(a.data, b.data);
  const auto f = layerValues("--hw hw/fp32.yaml --op gemm:4,4,8 --bits 8/8 --values random");
  EXPECT_EQ(f["values"]["b0"], 32);
  EXPECT_EQ(f["values"]["mismatches"], 0);
}

// Operands from .npy files; the dump is the plain GEMM, also as NumPy reads it.
TEST(LayerValues, NpyOperandsInAndOutputsOut) {
  const int64_t m = 3, n = 4, k = 5;  // gemm:M,N,K: X m x k (operand 1), S k x n (operand 0)
  std::vector<int64_t> s(size_t(k * n)), x(size_t(m * k));
  for (size_t i = 0; i < s.size(); ++i) s[i] = int64_t(i % 7) - 3;
  for (size_t i = 0; i < x.size(); ++i) x[i] = int64_t(i * 5 % 11) - 6;
  writeNpyInt64(tmp("s.npy"), {k, n}, s);
  writeNpyInt64(tmp("x.npy"), {m, k}, x);
  const auto j = layerValues("--hw hw/bitfusion.yaml --op gemm:3,4,5 --bits 4/4 --signed --values " + tmp("s.npy") +
                             "," + tmp("x.npy") + " --dump-outputs " + tmp("out.npy"));
  EXPECT_EQ(j["values"]["mismatches"], 0);
  const NpyInts out = readNpyInts(tmp("out.npy"));
  ASSERT_EQ(out.data.size(), size_t(m * n));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t c = 0; c < n; ++c) {
      int64_t want = 0;
      for (int64_t p = 0; p < k; ++p) want += x[size_t(i * k + p)] * s[size_t(p * n + c)];
      EXPECT_EQ(out.data[size_t(i * n + c)], want) << i << "," << c;
    }
  int64_t total = 0;
  for (int64_t v : out.data) total += v;
  auto py = runCommand("/usr/bin/python3 -c \"import numpy; a = numpy.load('" + tmp("out.npy") +
                       "'); print(a.dtype, a.shape, int(a.sum()))\"");
  ASSERT_EQ(py.exit_code, 0) << py.err;  // Debian's python3-numpy (scripts/setup.sh --tests installs python3-torch)
  EXPECT_EQ(py.out, "int64 (3, 4) " + std::to_string(total) + "\n");
  // A value outside the width is bad input, naming the operand and element.
  s[2] = 9;
  writeNpyInt64(tmp("s.npy"), {k, n}, s);
  auto r = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --op gemm:3,4,5 --bits 4/4 --signed --values " +
                      tmp("s.npy") + "," + tmp("x.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("op0 element 2 is 9: outside 4-bit signed [-8, 7]"), std::string::npos) << r.err;
  r = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --op gemm:3,4,6 --bits 4/4 --values " + tmp("s.npy") + "," +
                 tmp("x.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("s.npy: shape (5, 4) does not match the pass: expected (6, 4)"), std::string::npos) << r.err;
}

// A 12-bit accumulator overflows on 8x8 products over k = 64: wrap and saturate each match the
// reference and report the same number of events; their outputs differ.
TEST(LayerValues, AccumulatorOverflowBehavesAsConfiguredAndIsReported) {
  std::stringstream ss;
  ss << std::ifstream(kSource + "/configs/hw/bitfusion.yaml").rdbuf();
  std::string text = ss.str();
  const std::string from = "accumulator_bits: 32";
  ASSERT_NE(text.find(from), std::string::npos);
  for (const char* mode : {"wrap", "saturate"}) {
    std::string t = text;
    t.replace(t.find(from), from.size(), std::string("accumulator_bits: 12, overflow: ") + mode);
    std::ofstream(tmp(std::string(mode) + ".yaml")) << t;
  }
  const std::string args = " --op gemm:8,8,64 --bits 8/8 --signed --values random:5 --dump-outputs ";
  const auto w = layerValues("--hw " + tmp("wrap.yaml") + args + tmp("w.npy"));
  const auto s = layerValues("--hw " + tmp("saturate.yaml") + args + tmp("s.npy"));
  for (const auto* j : {&w, &s}) {
    EXPECT_EQ((*j)["values"]["mismatches"], 0);
    EXPECT_GT((*j)["values"]["overflows"].get<int64_t>(), 0);
    EXPECT_EQ((*j)["values"]["overflows"], (*j)["values"]["reference_overflows"]);
    EXPECT_EQ((*j)["values"]["accumulator_bits"], 12);
  }
  EXPECT_EQ(s["values"]["overflow"], "saturate");
  const NpyInts wo = readNpyInts(tmp("w.npy")), so = readNpyInts(tmp("s.npy"));
  EXPECT_NE(wo.data, so.data);
  for (int64_t v : so.data) EXPECT_TRUE(v >= -2048 && v <= 2047) << v;
}

// A saturating accumulator makes the step grouping visible: the array adds a step's P products
// (16 lanes on Stripes) into the accumulator at once, and a compute tile's steps start at the
// tile's first k. When the compiler splits the reduction into k tiles that are not multiples of P
// (balanced splits such as 217 of 433), the reference must group as the array does, or thousands
// of saturated outputs differ (issue 13 audit: 505 of 1000 did on gemm:25,40,432).
TEST(LayerValues, SaturationOverASplitReductionFollowsTheArraysSteps) {
  std::stringstream ss;
  ss << std::ifstream(kSource + "/configs/hw/stripes.yaml").rdbuf();
  std::string text = ss.str();
  const std::string from = "accumulator_bits: 32";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "accumulator_bits: 14, overflow: saturate");
  std::ofstream(tmp("sat.yaml")) << text;
  int unaligned = 0;
  for (int k : {432, 433, 437, 301}) {
    std::vector<int64_t> outputs[2];
    for (int f = 0; f < 2; ++f) {
      const char* fidelity = f ? "cycle" : "tile";
      const auto j = layerValues("--hw " + tmp("sat.yaml") + " --op gemm:25,40," + std::to_string(k) +
                                 " --bits 8/8 --signed --values random:3 --fidelity " + fidelity + " --dump-outputs " +
                                 tmp("sat.npy"));
      ASSERT_TRUE(j.contains("values")) << k;
      EXPECT_EQ(j["values"]["mismatches"], 0) << k << " " << fidelity << ": " << j["values"]["first_mismatch"];
      EXPECT_GT(j["values"]["overflows"].get<int64_t>(), 0) << k;
      EXPECT_EQ(j["values"]["overflows"], j["values"]["reference_overflows"]) << k << " " << fidelity;
      outputs[f] = readNpyInts(tmp("sat.npy")).data;
      for (int64_t v : outputs[f]) ASSERT_TRUE(v >= -8192 && v <= 8191) << v;
      std::smatch m;
      const std::string tiling = j["tiling"];
      if (f == 0 && std::regex_search(tiling, m, std::regex(" k ([0-9]+)$"))) {
        const int tk = std::stoi(m[1].str());
        unaligned += tk < k && tk % 16 != 0;
      }
    }
    EXPECT_EQ(outputs[0], outputs[1]) << k << ": the fidelities saturate differently";
  }
  EXPECT_GE(unaligned, 1) << "no layer had k tiles that are not multiples of the 16 lanes: pick other k";
}

TEST(LayerValues, StuckAccumulatorBitIsFoundAndTheFirstDifferingElementNamed) {
  for (const char* fidelity : {"tile", "cycle"}) {
    auto r = runCommand(vpsim() +
                        " layer --hw hw/bitfusion.yaml --op conv:2,8,8,3,1,4 --bits 4/4 --values random:2 "
                        "--fault-stuck-bit 20 --fidelity " +
                        fidelity + " --json");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("bit-accuracy check failed: 256 of 256 outputs differ; first output [0, 0, 0]: PE array "),
              std::string::npos)
        << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["values"]["fault_stuck_bit"], 20);
    EXPECT_NE(j["values"]["first_mismatch"].get<std::string>().find("!= reference"), std::string::npos);
  }
}

TEST(LayerValues, BadValuesOptionsExitTwo) {
  const std::string base = vpsim() + " layer --hw hw/bitfusion.yaml --op gemm:4,4,4 --bits 4/4 ";
  auto r = runCommand(base + "--values nonsense");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--values nonsense: expected random[:SEED] or OP0.npy,OP1.npy"), std::string::npos) << r.err;
  r = runCommand(base + "--values random:x");
  EXPECT_EQ(r.exit_code, 2);
  r = runCommand(base + "--values random --fault-stuck-bit 40");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--fault-stuck-bit 40: the accumulator has 32 bits"), std::string::npos) << r.err;
  r = runCommand(base + "--values random --signed --unsigned");
  EXPECT_EQ(r.exit_code, 2);
  r = runCommand(base + "--values " + tmp("missing.npy") + "," + tmp("missing.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
}

}  // namespace vpsim
