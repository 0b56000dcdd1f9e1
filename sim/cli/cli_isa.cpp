// vpsim isa asm|disasm|compile: the ISA tools on the command line.
//   asm FILE [-o OUT]    assembly text -> hex words (8 hex digits per line; '#'/';' comments allowed)
//   disasm FILE          hex words -> assembly text
//   compile --op OP --bits W/A[/G] [--pass P] (--hw HW.yaml | target flags) [--hex] [--json]
// With --hw, compile loads the config as `run` and `layer` do and compiles for the same target
// (compilerTargetFor, the PE's own throughput and tile-timing rules, the config's forced widths), so
// it prints the program they execute. Without it, the target flags describe an array with the Bit
// Fusion rule (bitFusionTarget), for quick what-ifs on dimensions no config file has.
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "isa/assembler.h"
#include "isa/compiler.h"
#include "isa/encoding.h"
#include "isa/op_spec.h"
#include "pe/throughput.h"
#include "sim/arch/hw_config.h"
#include "sim/arch/pass_simulator.h"
#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_util.h"
#include "traces/input_error.h"
#include "traces/yaml_guard.h"

namespace vpsim::cli {
namespace {

// Runs f on the text of `path`; the assembler's "line N: ..." errors become "path:N: ...".
template <typename F>
auto withFile(const std::string& path, F f) {
  const std::string text = readInputFile(path);
  try {
    return f(text);
  } catch (const InputError& e) {
    const std::string m = e.what();
    if (m.rfind("line ", 0) == 0 && m.find(':') != std::string::npos) throw InputError(path + ":" + m.substr(5));
    throw InputError(path + ": " + m);
  }
}

struct CompileArgs {
  std::string op, bits, pass = "fwd", hw;
  int64_t rows = 16, cols = 32, dram = 192;
  double ibuf_kib = 32, wbuf_kib = 64, obuf_kib = 16;
  bool single_buffered = false, free_weight_load = false, hex = false, json = false;
};

// What to compile for: the target, the widths the array runs, and the config's name ("" for flags).
struct CompileSetup {
  CompilerTarget target;
  int b0 = 0, b1 = 0;
  std::string hardware;
};

CompilerTarget flagsTarget(const CompileArgs& a) {
  CompilerTarget t = bitFusionTarget();
  t.rows = a.rows, t.cols = a.cols, t.dram_bits_per_cycle = a.dram;
  t.ibuf_bits = static_cast<int64_t>(a.ibuf_kib * 8192);
  t.wbuf_bits = static_cast<int64_t>(a.wbuf_kib * 8192);
  t.obuf_bits = static_cast<int64_t>(a.obuf_kib * 8192);
  t.ibuf_double = t.wbuf_double = t.obuf_double = !a.single_buffered;
  t.weight_load_cycles = a.free_weight_load ? 0 : t.rows;
  setBitFusionBanks(t);
  return t;
}

// As PassSimulator::simulate prepares a pass: forced widths, and passes the array cannot run go to
// the vector unit, which has no program to print.
CompileSetup setupOf(const CompileArgs& a, Pass pass, std::array<int, 2> ob) {
  if (a.hw.empty()) return {flagsTarget(a), ob[0], ob[1], ""};
  const HwConfig hw = loadHwConfig(resolveConfigPath(a.hw), configsDir());
  if (hw.force_bits > 0) ob = {hw.force_bits, hw.force_bits};
  try {
    checkOperandBits(hw.array.pe.forPass(pass), ob[0], ob[1]);
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) + "; on " + hw.name +
                     " this pass runs on the vector unit (no array program)");
  }
  return {compilerTargetFor(hw, pass), ob[0], ob[1], hw.name};
}

nlohmann::json toJson(const CompiledPass& c, const std::string& hardware) {
  const TilingCost& k = c.cost;
  nlohmann::json j = {{"pass", passName(c.gemm.pass)},
                      {"groups", c.gemm.groups},
                      {"m", c.gemm.m},
                      {"n", c.gemm.n},
                      {"k", c.gemm.k},
                      {"b0", c.b0},
                      {"b1", c.b1},
                      {"macs", c.macs},
                      {"tile", {{"m", c.tiling.tm}, {"n", c.tiling.tn}, {"k", c.tiling.tk}}},
                      {"tiling", describeTiling(c.tiling)},
                      {"hardware", hardware},
                      {"tiles", k.tiles},
                      {"cycles", k.total_cycles},
                      {"compute_cycles", k.compute_cycles},
                      {"stall_cycles", k.stall_cycles},
                      {"dram_read_bits", k.dram_read_bits},
                      {"dram_write_bits", k.dram_write_bits},
                      {"energy_pj", k.energy_pj},
                      {"tilings_searched", c.evaluated}};
  j["order"] = {"g", gemmDimName(c.tiling.order[0]), gemmDimName(c.tiling.order[1]), gemmDimName(c.tiling.order[2])};
  for (Scratchpad s : {Scratchpad::Ibuf, Scratchpad::Wbuf, Scratchpad::Obuf})
    j[std::string(scratchpadName(s)) + "_bits"] = {{"read", k.sram_read_bits[static_cast<int>(s)]},
                                                   {"written", k.sram_write_bits[static_cast<int>(s)]}};
  j["program"] = disassemble(c.program);
  return j;
}

void runCompile(const CompileArgs& a) {
  for (const auto& [flag, v] : {std::pair<const char*, double>{"--ibuf-kib", a.ibuf_kib},
                                {"--wbuf-kib", a.wbuf_kib},
                                {"--obuf-kib", a.obuf_kib}})
    if (!std::isfinite(v)) throw InputError(std::string(flag) + ": not a finite number");
  const OpSpec spec = parseOpSpec(a.op);
  const Pass pass = parsePass(a.pass);
  const CompileSetup s = setupOf(a, pass, passOperandBits(parseBitsSpec(a.bits), pass));
  const CompiledPass c = compilePass(s.target, lowerPass(spec.layer, pass, spec.batch), s.b0, s.b1);
  if (a.json) {
    std::cout << toJson(c, s.hardware).dump() << "\n";
    return;
  }
  if (a.hex) {
    std::cout << wordsToHex(encode(c.program));
    return;
  }
  if (!s.hardware.empty()) std::cout << "; hardware: " << s.hardware << " (" << a.hw << ")\n";
  std::cout << "; target: " << describeTarget(s.target) << "\n" << describeCompiledPass(c) << disassemble(c.program);
}

void addCompile(CLI::App& isa) {
  auto args = std::make_shared<CompileArgs>();
  auto* cmd = isa.add_subcommand("compile", "compile one layer pass to a tiled program and print it");
  cmd->add_option("--op", args->op, "conv:B,IC,OC,K,S,OH[,OW] | dw:B,C,K,S,OH[,OW] | fc:B,IN,OUT | gemm:M,N,K")
      ->required();
  cmd->add_option("--bits", args->bits, "W/A[/G], 1..16 each (G defaults to A)")->required();
  cmd->add_option("--pass", args->pass, "fwd | bwd_data | bwd_weight")->capture_default_str();
  auto* hw =
      cmd->add_option("--hw", args->hw, "hardware config (YAML), as for run and layer: the program they execute");
  const auto size = CLI::Range(int64_t(1), int64_t(1) << 16), kib = CLI::Range(1.0 / 1024, double(1 << 20));
  const std::vector<CLI::Option*> flags = {
      cmd->add_option("--rows", args->rows, "array rows (without --hw)")->check(size)->capture_default_str(),
      cmd->add_option("--cols", args->cols, "array columns (without --hw)")->check(size)->capture_default_str(),
      cmd->add_option("--ibuf-kib", args->ibuf_kib, "input buffer KiB (without --hw)")
          ->check(kib)
          ->capture_default_str(),
      cmd->add_option("--wbuf-kib", args->wbuf_kib, "weight buffer KiB (without --hw)")
          ->check(kib)
          ->capture_default_str(),
      cmd->add_option("--obuf-kib", args->obuf_kib, "output buffer KiB (without --hw)")
          ->check(kib)
          ->capture_default_str(),
      cmd->add_option("--dram-bits-per-cycle", args->dram, "ideal off-chip bits per cycle (without --hw)")
          ->check(CLI::Range(int64_t(1), int64_t(1) << 20))
          ->capture_default_str(),
      cmd->add_flag("--single-buffered", args->single_buffered, "buffers are not double buffered (without --hw)"),
      cmd->add_flag("--free-weight-load", args->free_weight_load,
                    "weight loads into the array cost nothing (the public Bit Fusion simulator's rule; without --hw)")};
  for (CLI::Option* f : flags) hw->excludes(f);
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
    const std::string hex = withFile(*in, [](const std::string& text) { return wordsToHex(encode(assemble(text))); });
    if (out->empty()) return void(std::cout << hex);
    std::ofstream f(*out);
    if (!(f << hex)) throw InputError(*out + ": cannot write file");
  });
  auto* dis = isa->add_subcommand("disasm", "hex words -> assembly text");
  dis->add_option("FILE", *in, "hex word file")->required();
  dis->callback([in] {
    std::cout << withFile(*in, [](const std::string& text) { return disassemble(decode(hexToWords(text))); });
  });
  addCompile(*isa);
}

}  // namespace vpsim::cli
