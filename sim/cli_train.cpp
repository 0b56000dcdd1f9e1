// vpsim train: runs the embedded low-precision trainer from a YAML config (configs/train/*.yaml)
// and writes OUT/trace.jsonl, OUT/metrics.csv and OUT/checkpoint.bin.
#include <spdlog/spdlog.h>

#include "sim/cli_commands.h"
#include "workloads/train/gemm.h"
#include "workloads/train/parallel.h"
#include "workloads/train/trainer.h"

namespace vpsim::cli {

void addTrainCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("train", "train a model with a precision schedule and write its trace");
  struct Opts {
    std::string config, out = "train-out";
    std::vector<std::string> sets;
    bool resume = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_option("--config", opts->config, "train config YAML (configs/train/*.yaml)")->required();
  cmd->add_option("--set", opts->sets, "override a config key: key=value (repeatable; nested: augment.flip=false)");
  cmd->add_option("--out,-o", opts->out, "output directory (trace.jsonl, metrics.csv, checkpoint.bin)");
  cmd->add_flag("--resume", opts->resume, "continue from OUT/checkpoint.bin if present");
  cmd->callback([opts] {
    TrainConfig cfg = loadTrainConfig(opts->config, opts->sets);
    Trainer trainer(cfg);
    spdlog::info("training {} on {} with {} for {} (threads {}, gemm {})", cfg.model, cfg.dataset, cfg.schedule,
                 cfg.iterations > 0 ? std::to_string(cfg.iterations) + " iterations"
                                    : std::to_string(cfg.epochs) + " epochs",
                 trainThreads(), gemmKernelName());
    TrainResult r = trainer.run(opts->out, opts->resume);
    if (!r.finished) {
      spdlog::info("stopped after iteration {} (stop_after); resume with --resume", r.iterations);
      return;
    }
    const EpochMetrics* last = r.epochs.empty() ? nullptr : &r.epochs.back();
    spdlog::info("done: {} iterations in {:.1f} s ({:.0f} images/s){}; wrote {}/trace.jsonl and metrics.csv",
                 r.iterations, r.seconds, r.images_per_second,
                 last ? fmt::format(", test acc {:.2f}%", 100 * last->test_acc) : "", opts->out);
  });
}

}  // namespace vpsim::cli
