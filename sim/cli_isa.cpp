// vpsim isa asm|disasm|compile: the ISA tools on the command line.
//   asm FILE [-o OUT]    assembly text -> hex words (8 hex digits per line; '#'/';' comments allowed)
//   disasm FILE          hex words -> assembly text
//   compile --op OP --bits W/A[/G] [--pass P] [target flags | --hw HW.yaml] [--hex] [--json]
// Until pe/ exposes its throughput rule by name, compile uses the Bit Fusion rule.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "isa/assembler.h"
#include "isa/compiler.h"
#include "isa/encoding.h"
#include "isa/op_spec.h"
#include "isa/target_config.h"
#include "sim/cli_commands.h"
#include "traces/input_error.h"

namespace vpsim::cli {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct CompileArgs {
  std::string op, bits, pass = "fwd", hw;
  int64_t rows = 16, cols = 32, dram = 192;
  double ibuf_kib = 32, wbuf_kib = 64, obuf_kib = 16;
  bool single_buffered = false, free_weight_load = false, hex = false, json = false;
};

CompilerTarget targetOf(const CompileArgs& a) {
  CompilerTarget t = bitFusionTarget();
  t.rows = a.rows, t.cols = a.cols, t.dram_bits_per_cycle = a.dram;
  t.ibuf_bits = static_cast<int64_t>(a.ibuf_kib * 8192);
  t.wbuf_bits = static_cast<int64_t>(a.wbuf_kib * 8192);
  t.obuf_bits = static_cast<int64_t>(a.obuf_kib * 8192);
  t.ibuf_double = t.wbuf_double = t.obuf_double = !a.single_buffered;
  if (!a.hw.empty()) t = targetFromConfig(ConfigNode::loadFile(a.hw), t);
  t.weight_load_cycles = a.free_weight_load ? 0 : t.rows;
  return t;
}

nlohmann::json toJson(const CompiledPass& c) {
  const TilingCost& k = c.cost;
  nlohmann::json j = {{"pass", passName(c.gemm.pass)}, {"groups", c.gemm.groups}, {"m", c.gemm.m},
                      {"n", c.gemm.n}, {"k", c.gemm.k}, {"b0", c.b0}, {"b1", c.b1}, {"macs", c.macs},
                      {"tile", {{"m", c.tiling.tm}, {"n", c.tiling.tn}, {"k", c.tiling.tk}}},
                      {"tiles", k.tiles}, {"cycles", k.total_cycles}, {"compute_cycles", k.compute_cycles},
                      {"stall_cycles", k.stall_cycles}, {"dram_read_bits", k.dram_read_bits},
                      {"dram_write_bits", k.dram_write_bits}, {"energy_pj", k.energy_pj},
                      {"tilings_searched", c.evaluated}};
  j["order"] = {"g", gemmDimName(c.tiling.order[0]), gemmDimName(c.tiling.order[1]), gemmDimName(c.tiling.order[2])};
  for (Scratchpad s : {Scratchpad::Ibuf, Scratchpad::Wbuf, Scratchpad::Obuf})
    j[std::string(scratchpadName(s)) + "_bits"] = {{"read", k.sram_read_bits[static_cast<int>(s)]},
                                                   {"written", k.sram_write_bits[static_cast<int>(s)]}};
  j["program"] = disassemble(c.program);
  return j;
}

void runCompile(const CompileArgs& a) {
  const OpSpec spec = parseOpSpec(a.op);
  const Pass pass = parsePass(a.pass);
  const auto ob = passOperandBits(parseBitsSpec(a.bits), pass);
  const CompiledPass c = compilePass(targetOf(a), lowerPass(spec.layer, pass, spec.batch), ob[0], ob[1]);
  if (a.json) {
    std::cout << toJson(c).dump() << "\n";
    return;
  }
  if (a.hex) {
    std::cout << wordsToHex(encode(c.program));
    return;
  }
  std::cout << "; target: " << describeTarget(targetOf(a)) << "\n" << describeCompiledPass(c) << disassemble(c.program);
}

void addCompile(CLI::App& isa) {
  auto args = std::make_shared<CompileArgs>();
  auto* cmd = isa.add_subcommand("compile", "compile one layer pass to a tiled program and print it");
  cmd->add_option("--op", args->op, "conv:B,IC,OC,K,S,OH[,OW] | dw:B,C,K,S,OH[,OW] | fc:B,IN,OUT | gemm:M,N,K")->required();
  cmd->add_option("--bits", args->bits, "W/A[/G], 1..16 each (G defaults to A)")->required();
  cmd->add_option("--pass", args->pass, "fwd | bwd_data | bwd_weight")->capture_default_str();
  cmd->add_option("--hw", args->hw, "hardware YAML (array, buffers, pe.accumulator_bits, dram.bits_per_cycle)");
  cmd->add_option("--rows", args->rows, "array rows")->capture_default_str();
  cmd->add_option("--cols", args->cols, "array columns")->capture_default_str();
  cmd->add_option("--ibuf-kib", args->ibuf_kib, "input buffer KiB")->capture_default_str();
  cmd->add_option("--wbuf-kib", args->wbuf_kib, "weight buffer KiB")->capture_default_str();
  cmd->add_option("--obuf-kib", args->obuf_kib, "output buffer KiB")->capture_default_str();
  cmd->add_option("--dram-bits-per-cycle", args->dram, "ideal off-chip bits per cycle")->capture_default_str();
  cmd->add_flag("--single-buffered", args->single_buffered, "buffers are not double buffered");
  cmd->add_flag("--free-weight-load", args->free_weight_load,
                "weight loads into the array cost nothing (the public Bit Fusion simulator's rule)");
  cmd->add_flag("--hex", args->hex, "print the encoded program as hex words");
  cmd->add_flag("--json", args->json, "print one JSON object (summary and program text)");
  cmd->callback([args] { runCompile(*args); });
}

}  // namespace

void addIsaCommands(CLI::App& app) {
  auto* isa = app.add_subcommand("isa", "assemble, disassemble and compile block ISA programs");
  isa->require_subcommand(1);
  auto in = std::make_shared<std::string>(), out = std::make_shared<std::string>();
  auto* as = isa->add_subcommand("asm", "assembly text -> hex words, one per line");
  as->add_option("FILE", *in, "assembly file")->required();
  as->add_option("-o,--output", *out, "output file (default stdout)");
  as->callback([in, out] {
    const std::string hex = wordsToHex(encode(assemble(readFile(*in))));
    if (out->empty()) return void(std::cout << hex);
    std::ofstream f(*out);
    if (!(f << hex)) throw InputError(*out + ": cannot write file");
  });
  auto* dis = isa->add_subcommand("disasm", "hex words -> assembly text");
  dis->add_option("FILE", *in, "hex word file")->required();
  dis->callback([in] { std::cout << disassemble(decode(hexToWords(readFile(*in)))); });
  addCompile(*isa);
}

}  // namespace vpsim::cli
