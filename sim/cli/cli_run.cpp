// vpsim run (a trace on a hardware config) and vpsim layer (one layer pass).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "isa/op_spec.h"
#include "sim/arch/pass_simulator.h"
#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_layer_ops.h"
#include "sim/cli/cli_layer_values.h"
#include "sim/cli/cli_util.h"
#include "sim/run/atomic_file.h"
#include "sim/run/memo_cache.h"
#include "sim/run/run_driver.h"
#include "sim/run/run_outputs.h"
#include "traces/input_error.h"

namespace vpsim::cli {

namespace {

struct RunArgs {
  std::string hw, trace, out, cache, fidelity = "tile";
  bool json = false, no_cache = false;
};

void addRun(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run", "simulate every layer pass of a trace: cycles, BitOPs, energy per layer/epoch");
  run->add_option("--hw", a->hw, "hardware config (YAML; e.g. configs/hw/bitfusion.yaml or hw/bitfusion.yaml)")
      ->required();
  run->add_option("--trace", a->trace, "trace file (vpsim trace gen / vpsim train)")->required();
  run->add_option("--fidelity", a->fidelity, "tile (default) or cycle")->check(CLI::IsMember({"tile", "cycle"}));
  run->add_option("--out", a->out, "write summary.json, epochs.csv, layers.csv, bits_per_epoch.csv here");
  run->add_option("--cache", a->cache, "memo cache (SQLite; default $VPSIM_CACHE or ~/.cache/vpsim/memo.sqlite)");
  run->add_flag("--no-cache", a->no_cache, "do not read or write the persistent memo cache");
  run->add_flag("--json", a->json, "print summary.json's object on stdout");
  run->callback([a] {
    if (!a->out.empty()) checkOutputDir(a->out);
    const HwConfig hw = loadHwConfig(resolveConfigPath(a->hw), configsDir());
    RunOptions opt;
    opt.fidelity = parseFidelity(a->fidelity);
    opt.cache_path = a->no_cache ? "" : a->cache.empty() ? defaultCachePath() : a->cache;
    opt.progress = !a->json;
    const RunReport r = runTrace(hw, a->trace, opt);
    if (!a->out.empty()) writeRunReports(r, a->out);
    if (a->json)
      printJson(summaryJson(r));
    else
      std::cout << runTable(r);
  });
}

struct LayerArgs {
  std::string hw, op, bits, pass = "fwd", fidelity = "tile";
  bool json = false;
};

void addLayer(CLI::App& app) {
  auto a = std::make_shared<LayerArgs>();
  auto* cmd = app.add_subcommand("layer", "simulate one layer pass at given bits (or many: --ops FILE)");
  cmd->add_option("--hw", a->hw, "hardware config (YAML)")->required();
  auto* op = cmd->add_option("--op", a->op, "'conv:B,IC,OC,K,S,OH[,OW]' (OH = output size) or 'gemm:M,N,K'");
  auto* bits = cmd->add_option("--bits", a->bits, "W/A[/G]: weight, activation (and gradient) widths");
  auto* pass = cmd->add_option("--pass", a->pass, "fwd (default), bwd_data or bwd_weight")
                   ->check(CLI::IsMember({"fwd", "bwd_data", "bwd_weight"}));
  cmd->add_option("--fidelity", a->fidelity, "tile (default) or cycle")->check(CLI::IsMember({"tile", "cycle"}));
  cmd->add_flag("--json", a->json, "print one JSON object (with --ops: one per line)");
  auto values = std::make_shared<LayerValuesArgs>();
  addLayerValuesOptions(cmd, *values);
  auto ops = std::make_shared<LayerOpsArgs>();
  addLayerOpsOptions(cmd, *ops, {op, bits, pass, cmd->get_option("--values")});
  cmd->callback([a, values, ops] {
    const HwConfig hw = loadHwConfig(resolveConfigPath(a->hw), configsDir());
    if (ops->requested()) return runLayerOps(hw, parseFidelity(a->fidelity), *ops, a->json);
    if (a->op.empty() || a->bits.empty()) throw InputError("layer: --op and --bits are required (or --ops FILE)");
    const OpSpec op = parseOpSpec(a->op);
    const Bits bits = parseBitsSpec(a->bits);
    const Pass pass = parsePass(a->pass);
    const GemmPass g = lowerPass(op.layer, pass, op.batch);
    const auto ob = passOperandBits(bits, pass);
    if (values->requested()) return runLayerValues(hw, parseFidelity(a->fidelity), g, ob[0], ob[1], *values, a->json);
    PassSimulator sim(hw, parseFidelity(a->fidelity));
    const PassResult r = sim.simulate(g, ob[0], ob[1]);
    nlohmann::json j = r.toJson();
    j["energy_pj_total"] = r.energy_pj.total();
    j["gemm"] = {{"pass", passName(pass)}, {"m", g.m},    {"n", g.n},   {"k", g.k},
                 {"groups", g.groups},     {"b0", ob[0]}, {"b1", ob[1]}};
    j["hardware"] = hw.name;
    addResultIdentity(j, hw, parseFidelity(a->fidelity), g, ob[0], ob[1]);
    if (a->json) return printJson(j);
    std::cout << fmt::format("{} {} on {}: GEMM {}x{}x{} (x{} groups) at {}x{} bits\n", a->op, a->pass, hw.name, g.m,
                             g.n, g.k, g.groups, ob[0], ob[1]);
    std::cout << fmt::format("cycles {} (stall {}, array {}, vector {}), utilization {:.3f}, energy {:.6g} pJ\n",
                             r.cycles, r.stall_cycles, r.compute_cycles, r.vector_cycles, r.utilization,
                             r.energy_pj.total());
    std::cout << j.dump(2) << "\n";
  });
}

}  // namespace

void addRunCommands(CLI::App& app) {
  addRun(app);
  addLayer(app);
}

}  // namespace vpsim::cli
