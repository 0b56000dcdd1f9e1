// vpsim layer --ops: every line of an ops file through one PassSimulator (see cli_layer_ops.h).
#include "sim/cli/cli_layer_ops.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "sim/arch/pass_simulator.h"
#include "sim/run/csv.h"
#include "sim/run/layer_ops_file.h"
#include "traces/input_error.h"

namespace vpsim::cli {
namespace {

// One output row, keys in layerOpsColumns() order.
nlohmann::ordered_json resultRow(const LayerOpsLine& l, const PassResult& r) {
  nlohmann::ordered_json j;
  j["line"] = l.line, j["op"] = l.op, j["bits"] = l.bits, j["pass"] = l.pass;
  j["cycles"] = r.cycles, j["stall_cycles"] = r.stall_cycles;
  j["compute_cycles"] = r.compute_cycles, j["vector_cycles"] = r.vector_cycles;
  j["dram_read_bits"] = r.dram_read_bits, j["dram_write_bits"] = r.dram_write_bits;
  j["energy_pj_total"] = r.energy_pj.total();
  j["utilization"] = r.utilization;
  j["tiling"] = r.tiling;
  j["estimated_cycles"] = r.estimated_cycles;
  return j;
}

// Numbers print as in the JSON form, so both formats carry the same digits.
std::string csvRow(const nlohmann::ordered_json& row) {
  std::string out;
  for (const auto& kv : row.items())
    out += (out.empty() ? "" : ",") +
           (kv.value().is_string() ? csvField(kv.value().get<std::string>()) : kv.value().dump());
  return out;
}

PassResult simulateLine(PassSimulator& sim, const LayerOpsLine& l) {
  try {
    const GemmPass g = lowerPass(l.spec.layer, l.parsed_pass, l.spec.batch);
    const auto ob = passOperandBits(l.parsed_bits, l.parsed_pass);
    return sim.simulate(g, ob[0], ob[1]);
  } catch (const InputError& e) {
    throw InputError(l.where + ": " + e.what());
  }
}

}  // namespace

const std::vector<std::string>& layerOpsColumns() {
  static const std::vector<std::string> columns = {"line",
                                                   "op",
                                                   "bits",
                                                   "pass",
                                                   "cycles",
                                                   "stall_cycles",
                                                   "compute_cycles",
                                                   "vector_cycles",
                                                   "dram_read_bits",
                                                   "dram_write_bits",
                                                   "energy_pj_total",
                                                   "utilization",
                                                   "tiling",
                                                   "estimated_cycles"};
  return columns;
}

void addLayerOpsOptions(CLI::App* cmd, LayerOpsArgs& a, const std::vector<CLI::Option*>& single_layer) {
  auto* ops = cmd->add_option("--ops", a.file,
                              "many layer passes, one per line: CSV (header op,bits[,pass]; quote the op) or JSON "
                              "Lines ({\"op\": ..., \"bits\": ..., \"pass\": ...}); one result per line");
  for (CLI::Option* o : single_layer) ops->excludes(o);
  cmd->add_option("--format", a.format, "with --ops: output csv or jsonl (default: the input's; jsonl with --json)")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->needs(ops);
}

void runLayerOps(const HwConfig& hw, Fidelity fidelity, const LayerOpsArgs& a, bool json) {
  const std::vector<LayerOpsLine> lines = readLayerOps(a.file);
  const OpsFormat format = !a.format.empty() ? parseOpsFormat(a.format) : json ? OpsFormat::Jsonl : opsFormatOf(a.file);
  if (format == OpsFormat::Csv) {
    std::string header;
    for (const std::string& c : layerOpsColumns()) header += (header.empty() ? "" : ",") + c;
    std::cout << header << "\n";
  }
  PassSimulator sim(hw, fidelity);  // one accelerator, elaborated once, for every line
  for (const LayerOpsLine& l : lines) {
    const nlohmann::ordered_json row = resultRow(l, simulateLine(sim, l));
    std::cout << (format == OpsFormat::Csv ? csvRow(row) : row.dump()) << std::endl;
  }
}

}  // namespace vpsim::cli
