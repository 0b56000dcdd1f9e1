// vpsim train: runs the embedded low-precision trainer from a YAML config (configs/train/*.yaml)
// and writes OUT/trace.jsonl, OUT/metrics.csv and OUT/checkpoint.bin.
#include <spdlog/spdlog.h>

#include <cmath>
#include <iostream>

#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_util.h"
#include "sim/cosim/cosim.h"
#include "sim/run/atomic_file.h"
#include "sim/run/memo_cache.h"
#include "sim/run/run_outputs.h"
#include "traces/input_error.h"
#include "workloads/precision_schedule.h"
#include "workloads/train/gemm.h"
#include "workloads/train/parallel.h"
#include "workloads/train/trainer.h"

namespace vpsim::cli {

namespace {

struct CosimOpts {
  std::string hw, cache, fidelity = "tile";
  bool no_cache = false;
  int spot_check = 0;
};

// LDP's cost term: `cost=` in the schedule string (bitops by default; energy or cycles need --cosim).
CostMetric ldpCost(const TrainConfig& cfg, const std::string& configs_dir, bool cosim) {
  const ScheduleSpec spec = parseScheduleSpec(resolveScheduleArgument(cfg.schedule, configs_dir));
  if (spec.kind != "ldp" || !spec.has("cost")) return CostMetric::Bitops;
  const CostMetric m = parseCostMetric(spec.params.at("cost"));
  if (m != CostMetric::Bitops && !cosim)
    throw InputError("schedule '" + spec.text + "': cost=" + spec.params.at("cost") + " needs --cosim HW.yaml");
  return m;
}

// Trains with the accelerator in the loop: LDP may take its cost from the simulated hardware, and
// OUT/cosim/ gets the per-epoch cycles/energy report (the files of `vpsim run`) after every epoch.
TrainResult trainCosim(const TrainConfig& cfg, const CosimOpts& co, const std::string& out, bool resume) {
  const HwConfig hw = loadHwConfig(resolveConfigPath(co.hw), configsDir());
  RunOptions opt;
  opt.cache_path = co.no_cache ? "" : co.cache.empty() ? defaultCachePath() : co.cache;
  opt.progress = false;
  opt.fidelity = parseFidelity(co.fidelity);
  auto coster = std::make_shared<PassCoster>(hw, opt);
  const CostMetric metric = ldpCost(cfg, configsDir(), true);
  std::shared_ptr<IterationCostModel> cost_model;
  if (metric != CostMetric::Bitops)  // the trainer binds its own layer list (bindLayers)
    cost_model = std::make_shared<SimulatedCostModel>(coster, std::vector<LayerOp>{}, cfg.batch, metric);
  Trainer trainer(cfg, cost_model);
  auto acc = std::make_shared<RunAccumulator>(hw, trainer.traceHeader(), coster);
  trainer.setObserver(std::make_shared<CosimReporter>(acc, out.empty() ? "" : out + "/cosim", co.spot_check));
  // Schedule-specific settings only for that schedule: LDP's cost term.
  const bool ldp = parseScheduleSpec(resolveScheduleArgument(cfg.schedule, configsDir())).kind == "ldp";
  spdlog::info("co-simulating on {} ({}){}", hw.name, hw.file,
               !ldp                           ? ""
               : metric == CostMetric::Energy ? "; LDP cost: energy"
               : metric == CostMetric::Cycles ? "; LDP cost: cycles"
                                              : "; LDP cost: bitops");
  TrainResult r = trainer.run(out, resume);
  std::cout << runTable(acc->report());  // the per-epoch cycles / energy table on stdout
  return r;
}

}  // namespace

void addTrainCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "train a model with a precision schedule and write its trace");
  struct Opts {
    std::string config, out = "train-out";
    std::vector<std::string> sets;
    bool resume = false;
    CosimOpts cosim;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("--config", opts->config, "train config YAML (configs/train/*.yaml)")->required();
  cmd->add_option("--set", opts->sets, "override a config key: key=value (repeatable; nested: augment.flip=false)");
  cmd->add_option("--out,-o", opts->out, "output directory (trace.jsonl, metrics.csv, checkpoint.bin)");
  cmd->add_flag("--resume", opts->resume, "continue from OUT/checkpoint.bin if present");
  cmd->add_option("--cosim", opts->cosim.hw,
                  "co-simulate on this hardware config: OUT/cosim/ gets the per-epoch cycles/energy report; "
                  "LDP may use cost=energy|cycles");
  cmd->add_option("--cache", opts->cosim.cache,
                  "memo cache for --cosim (default $VPSIM_CACHE or ~/.cache/vpsim/memo.sqlite)");
  cmd->add_flag("--no-cache", opts->cosim.no_cache, "with --cosim: do not read or write the persistent memo cache");
  cmd->add_option("--spot-check", opts->cosim.spot_check,
                  "with --cosim: every N iterations run a sampled tile of one of a layer's three GEMMs (fwd, "
                  "bwd_data, bwd_weight in turn) on its real integer codes through the SystemC accelerator and "
                  "compare every output with the trainer's GEMM on the same codes (0 = off)")
      ->check(CLI::Range(0, 1 << 30));
  cmd->add_option("--fidelity", opts->cosim.fidelity, "with --cosim: tile (default) or cycle")
      ->check(CLI::IsMember({"tile", "cycle"}));
  cmd->callback([opts] {
    if (!opts->out.empty()) checkOutputDir(opts->out);
    TrainConfig cfg = loadTrainConfig(opts->config, opts->sets);
    if (opts->cosim.hw.empty()) ldpCost(cfg, configsDir(), false);  // cost=energy without --cosim: error
    if (opts->cosim.hw.empty() && opts->cosim.spot_check > 0) throw InputError("--spot-check needs --cosim HW.yaml");
    setTrainThreads(cfg.threads);  // the count actually used (threads 0 = all cores), logged below
    spdlog::info(
        "training {} on {} with {} for {} (threads {}, gemm {})", cfg.model, cfg.dataset, cfg.schedule,
        cfg.iterations > 0 ? std::to_string(cfg.iterations) + " iterations" : std::to_string(cfg.epochs) + " epochs",
        trainThreads(), gemmKernelName());
    TrainResult r = opts->cosim.hw.empty() ? Trainer(cfg).run(opts->out, opts->resume)
                                           : trainCosim(cfg, opts->cosim, opts->out, opts->resume);
    if (!r.finished) {
      spdlog::info("stopped after iteration {} (stop_after); resume with --resume", r.iterations);
      return;
    }
    const EpochMetrics* last = r.epochs.empty() ? nullptr : &r.epochs.back();
    const bool lm = isLanguageModel(cfg.model);
    spdlog::info(
        "done: {} iterations in {:.1f} s (training {:.0f} {}/s; test evaluation and checkpoints {:.1f} s){}; "
        "wrote {}/trace.jsonl, metrics.csv and iterations.csv",
        r.iterations, r.seconds, r.images_per_second, lm ? "sequences" : "images", r.eval_seconds,
        !last ? ""
        : lm  ? fmt::format(", valid perplexity {:.2f}", std::exp(last->test_loss))
              : fmt::format(", test acc {:.2f}%", 100 * last->test_acc),
        opts->out);
  });
}

}  // namespace vpsim::cli
