// The isa commands through the real vpsim binary: asm -> disasm round trip, errors with exit 2,
// and compile output that assembles.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "isa/assembler.h"

namespace vpsim {
namespace {

struct CliRun {
  int code;
  std::string out;
};

CliRun run(const std::string& args) {
  const std::string cmd = std::string(VPSIM_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return {WEXITSTATUS(status), out};
}

std::string tmpPath(const std::string& name) { return ::testing::TempDir() + "isa_cli_" + name; }

TEST(IsaCli, AsmThenDisasmRoundTrips) {
  const std::string text =
      "SETUP pass=bwd_data b0=3 b1=16 psum=32\nLOOP level=0 dim=k id=0 count=70000\n"
      "GENADDR buf=obuf dir=st loop=0 stride=123456789\nCOMPUTE_R level=1\nBLOCK_END last=1\n";
  std::ofstream(tmpPath("a.s")) << text;
  const CliRun as = run("isa asm " + tmpPath("a.s") + " -o " + tmpPath("a.hex"));
  ASSERT_EQ(as.code, 0) << as.out;
  const CliRun dis = run("isa disasm " + tmpPath("a.hex"));
  ASSERT_EQ(dis.code, 0) << dis.out;
  EXPECT_EQ(dis.out, disassemble(assemble(text)));
  std::ifstream hex(tmpPath("a.hex"));
  int lines = 0;
  for (std::string l; std::getline(hex, l);) ++lines;
  EXPECT_EQ(lines, 7);  // LOOP gets IMM_HI, GENADDR is a HI/LO pair
}

TEST(IsaCli, BadAssemblyExitsTwoNamingTheLine) {
  std::ofstream(tmpPath("bad.s")) << "SETUP\nLOOP count=1\nNOPE\n";
  const CliRun r = run("isa asm " + tmpPath("bad.s"));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find(tmpPath("bad.s") + ":3: unknown mnemonic 'NOPE'"), std::string::npos) << r.out;  // FILE:LINE
  EXPECT_EQ(run("isa compile --op conv:1,2,3 --bits 8/8").code, 2);
  EXPECT_EQ(run("isa compile --op gemm:4,4,4 --bits 8/20").code, 2);
}

TEST(IsaCli, CompilePrintsAProgramThatAssembles) {
  const CliRun r = run("isa compile --op conv:16,64,64,3,1,8 --bits 4/8/8 --pass bwd_weight");
  ASSERT_EQ(r.code, 0) << r.out;
  const Program p = assemble(r.out);  // summary lines are comments
  EXPECT_GT(p.code.size(), 10u);
  EXPECT_EQ(p.code.front().op, Opcode::Setup);
  EXPECT_NE(r.out.find("b0=8 b1=8"), std::string::npos);  // bwd_weight = activations x gradients
  const CliRun j = run("isa compile --op gemm:64,128,256 --bits 2/2 --json --rows 8 --cols 8");
  ASSERT_EQ(j.code, 0) << j.out;
  EXPECT_EQ(j.out.front(), '{');
  EXPECT_NE(j.out.find("\"macs\":2097152"), std::string::npos) << j.out;
}

std::string hwFile(const std::string& name) { return std::string(VPSIM_SOURCE_DIR) + "/configs/hw/" + name + ".yaml"; }

std::string jsonField(const std::string& json_text, const std::string& key) {  // a string field's value
  const std::string tag = "\"" + key + "\":";
  size_t at = json_text.find(tag);
  if (at == std::string::npos) return "";
  at = json_text.find('"', at + tag.size());
  return json_text.substr(at + 1, json_text.find('"', at + 1) - at - 1);
}

// compile --hw compiles for the target `layer` simulates: the same tiling for every pass and width.
TEST(IsaCli, CompileForAConfigChoosesTheTilingLayerRuns) {
  for (const char* hw : {"int8", "bitfusion"})
    for (const char* op : {"conv:1,64,64,3,1,8", "conv:4,16,96,1,1,14", "fc:16,1024,1000", "gemm:200,48,72"})
      for (const char* pass : {"fwd", "bwd_data", "bwd_weight"})
        for (const char* bits : {"8/8", "4/2/8"}) {
          const std::string args =
              std::string(" --hw ") + hwFile(hw) + " --op " + op + " --bits " + bits + " --pass " + pass;
          const CliRun c = run("isa compile --json" + args);
          ASSERT_EQ(c.code, 0) << args << ": " << c.out;
          const CliRun l = run("layer --json" + args);
          ASSERT_EQ(l.code, 0) << args << ": " << l.out;
          const std::string tiling = jsonField(c.out, "tiling");
          EXPECT_NE(tiling.find("order g,"), std::string::npos) << c.out;
          EXPECT_EQ(tiling, jsonField(l.out, "tiling")) << args;
          EXPECT_EQ(jsonField(c.out, "hardware"), hw);
        }
}

TEST(IsaCli, CompileReadsTheHardwareYaml) {
  std::ifstream in(hwFile("bitfusion"));
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string array = "rows: 16, cols: 32";
  yaml.replace(yaml.find(array), array.size(), "rows: 8, cols: 8");
  std::ofstream(tmpPath("hw.yaml")) << yaml;
  const CliRun r = run("isa compile --op gemm:64,64,64 --bits 8/8 --hw " + tmpPath("hw.yaml"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("; hardware: bitfusion"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; target: 8x8 array"), std::string::npos) << r.out;
  std::ofstream(tmpPath("bad.yaml")) << "array: {rows: 0}\n";
  EXPECT_EQ(run("isa compile --op gemm:64,64,64 --bits 8/8 --hw " + tmpPath("bad.yaml")).code, 2);
  // The second YAML reader is gone: a partial file is an error, as for run and layer.
  std::ofstream(tmpPath("partial.yaml")) << "name: tiny\narray: {rows: 8, cols: 8, pe: bitfusion}\n";
  EXPECT_EQ(run("isa compile --op gemm:64,64,64 --bits 8/8 --hw " + tmpPath("partial.yaml")).code, 2);
}

TEST(IsaCli, TargetFlagsAreCheckedAndExcludedByHw) {
  const std::pair<std::string, std::string> cases[] = {
      {"--rows 0", "--rows: Value 0 not in range"},
      {"--cols -4", "--cols: Value -4 not in range"},
      {"--ibuf-kib 0", "--ibuf-kib: Value 0 not in range"},
      {"--dram-bits-per-cycle 0", "--dram-bits-per-cycle: Value 0 not in range"},
      {"--hw " + hwFile("int8") + " --rows 8", "--hw excludes --rows"},
      {"--hw " + hwFile("int8") + " --single-buffered", "--hw excludes --single-buffered"},
      {"--hw " + hwFile("bitfusion") + " --bits 8/32", "runs on the vector unit"},
      {"--hw " + hwFile("bitfusion") + " --bits 8/8 --pass bwd_dat", "unknown pass 'bwd_dat'"},
  };
  for (const auto& [args, expect] : cases) {
    const std::string bits = args.find("--bits") == std::string::npos ? " --bits 8/8 " : " ";
    const CliRun r = run("isa compile --op gemm:64,64,64" + bits + args);
    EXPECT_EQ(r.code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find(expect), std::string::npos) << args << " -> " << r.out;
  }
  EXPECT_EQ(run("isa compile --op gemm:64,64,64 --bits 8/8 --rows 8 --cols 4 --obuf-kib 2").code, 0);
}

}  // namespace
}  // namespace vpsim
