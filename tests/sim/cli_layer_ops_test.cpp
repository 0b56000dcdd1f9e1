// `vpsim layer --ops` through the real binary: one result per input line, each equal to a separate
// `vpsim layer --op` run of the same line, in both formats; bad input exits 2 naming file:line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "sim/run/csv.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

std::string tmp(const std::string& name) { return ::testing::TempDir() + "cli_layer_ops_" + name; }

struct OpsLine {
  std::string op, bits, pass;
};
// Small layers of every op kind and pass, so the test stays quick.
const std::vector<OpsLine> kLines = {{"conv:2,32,32,3,1,8", "8/8", "fwd"}, {"conv:2,32,32,3,1,8", "4/4/8", "bwd_data"},
                                     {"gemm:64,96,128", "2/2", "fwd"},     {"fc:4,256,128", "4/8", "bwd_weight"},
                                     {"dw:2,16,3,2,8", "8/4", "fwd"},      {"gemm:64,96,128", "8/8", "fwd"}};

std::string writeCsv(const std::string& name) {
  std::ofstream f(tmp(name));
  f << "op,bits,pass\n";
  for (const auto& l : kLines) f << "\"" << l.op << "\"," << l.bits << "," << l.pass << "\n";
  return tmp(name);
}

std::string writeJsonl(const std::string& name) {
  std::ofstream f(tmp(name));
  for (const auto& l : kLines) {
    nlohmann::json j = {{"op", l.op}, {"bits", l.bits}};
    if (l.pass != "fwd") j["pass"] = l.pass;  // the default
    f << j.dump() << "\n\n";                  // blank lines are skipped
  }
  return tmp(name);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

const char* kColumns =
    "line,op,bits,pass,cycles,stall_cycles,compute_cycles,vector_cycles,dram_read_bits,dram_write_bits,"
    "energy_pj_total,utilization,tiling,estimated_cycles";
const char* kResults[] = {"cycles",          "stall_cycles",    "compute_cycles", "vector_cycles", "dram_read_bits",
                          "dram_write_bits", "energy_pj_total", "utilization",    "tiling",        "estimated_cycles"};

nlohmann::json layerAlone(const OpsLine& l) {
  auto r = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --json --op " + l.op + " --bits " + l.bits + " --pass " +
                      l.pass);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

}  // namespace

TEST(CliLayerOps, JsonLinesEqualSeparateLayerRuns) {
  auto r = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --ops " + writeJsonl("a.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = lines(r.out);
  ASSERT_EQ(out.size(), kLines.size()) << r.out;
  for (size_t i = 0; i < kLines.size(); ++i) {
    const auto j = nlohmann::json::parse(out[i]);
    EXPECT_EQ(j["line"], 2 * i + 1);
    EXPECT_EQ(j["op"], kLines[i].op);
    EXPECT_EQ(j["bits"], kLines[i].bits);
    EXPECT_EQ(j["pass"], kLines[i].pass);
    const auto alone = layerAlone(kLines[i]);
    for (const char* k : kResults) EXPECT_EQ(j[k], alone[k]) << kLines[i].op << " " << kLines[i].pass << ": " << k;
    EXPECT_NE(j["tiling"].get<std::string>().find("order g,"), std::string::npos);
  }
}

TEST(CliLayerOps, CsvRowsEqualTheJsonLinesForm) {
  const std::string csv = writeCsv("a.csv");
  auto c = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --ops " + csv);
  auto j = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --ops " + csv + " --json");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto rows = lines(c.out), objs = lines(j.out);
  ASSERT_EQ(rows.size(), kLines.size() + 1) << c.out;
  ASSERT_EQ(objs.size(), kLines.size()) << j.out;
  EXPECT_EQ(rows[0], kColumns);
  const auto header = splitCsvRecord(rows[0]);
  for (size_t i = 0; i < kLines.size(); ++i) {
    const auto f = splitCsvRecord(rows[i + 1]);
    const auto o = nlohmann::json::parse(objs[i]);
    ASSERT_EQ(f.size(), header.size()) << rows[i + 1];
    for (size_t k = 0; k < header.size(); ++k)
      EXPECT_EQ(f[k], o[header[k]].is_string() ? o[header[k]].get<std::string>() : o[header[k]].dump()) << header[k];
  }
  EXPECT_EQ(nlohmann::json::parse(objs[3])["cycles"], layerAlone(kLines[3])["cycles"]);
  auto f = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --ops " + writeJsonl("b.jsonl") + " --format csv");
  ASSERT_EQ(f.exit_code, 0) << f.err;
  EXPECT_EQ(lines(f.out)[0], kColumns);
  EXPECT_EQ(lines(f.out).size(), kLines.size() + 1);
}

TEST(CliLayerOps, BadInputExitsTwoNamingFileAndLine) {
  const std::string bad = tmp("bad.csv");
  std::ofstream(bad) << "op,bits,pass\n\"gemm:64,64,64\",8/8,fwd\n\n\"gemm:64,64,64\",8/8,fwdd\n";
  auto r = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml --ops " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vpsim: error: " + bad + ":4: unknown pass 'fwdd' (expected fwd, bwd_data or bwd_weight)\n");
  EXPECT_EQ(r.out, "");  // every line is checked before anything runs
  const std::string ok = writeCsv("ok.csv");
  const std::pair<std::string, std::string> cases[] = {
      {"--ops " + ok + " --op gemm:4,4,4", "--op excludes --ops"},
      {"--ops " + ok + " --bits 8/8", "--bits excludes --ops"},
      {"--ops " + ok + " --pass fwd", "--pass excludes --ops"},
      {"--ops " + ok + " --values random", "--values excludes --ops"},
      {"--op gemm:4,4,4 --bits 8/8 --format csv", "--format requires --ops"},
      {"--ops " + ok + " --format xml", "--format"},
      {"--op gemm:4,4,4", "--op and --bits are required"},
      {"--ops " + tmp("missing.jsonl"), "missing.jsonl: cannot open file"},
      {"--ops " + tmp("ops.txt"), "ops.txt: unknown ops file type"},
  };
  for (const auto& [args, expect] : cases) {
    auto c = runCommand(vpsim() + " layer --hw hw/bitfusion.yaml " + args);
    EXPECT_EQ(c.exit_code, 2) << args << ": " << c.err;
    EXPECT_NE(c.err.find(expect), std::string::npos) << args << " -> " << c.err;
  }
}

}  // namespace vpsim
