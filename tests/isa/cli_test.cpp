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
  EXPECT_NE(r.out.find("line 3: unknown mnemonic 'NOPE'"), std::string::npos) << r.out;
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

TEST(IsaCli, CompileReadsTheHardwareYaml) {
  std::ofstream(tmpPath("hw.yaml")) << "name: tiny\narray: {rows: 8, cols: 8, pe: bitfusion}\n"
                                       "buffers:\n  ibuf: {kib: 4, double_buffered: true}\n"
                                       "dram: {model: ideal, bits_per_cycle: 64}\n";
  const CliRun r = run("isa compile --op gemm:64,64,64 --bits 8/8 --json --hw " + tmpPath("hw.yaml"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"compute_cycles\":4096"), std::string::npos) << r.out;  // 64 * (64/8) * (64/8)
  std::ofstream(tmpPath("bad.yaml")) << "array: {rows: 0}\n";
  EXPECT_EQ(run("isa compile --op gemm:64,64,64 --bits 8/8 --hw " + tmpPath("bad.yaml")).code, 2);
}

}  // namespace
}  // namespace vpsim
