// vpsim trace gen | info: generate a trace from the zoo and a schedule; account its BitOPs.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <limits>

#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_util.h"
#include "traces/bitops_accounting.h"
#include "traces/trace_reader.h"
#include "workloads/trace_generation.h"

namespace vpsim::cli {

namespace {

nlohmann::json infoJson(const TraceHeader& h, const BitopsSummary& s, const AccountingOptions& opt) {
  int64_t macs = 0, qmacs = 0;
  for (const auto& l : h.layers) macs += l.macsPerSample(), qmacs += l.quantized ? l.macsPerSample() : 0;
  nlohmann::json avg = nlohmann::json::array(), per_layer = nlohmann::json::array();
  for (size_t i = 0; i < h.layers.size(); ++i) {
    avg.push_back(
        {{"layer", h.layers[i].name}, {"w", s.avg_bits[i][0]}, {"a", s.avg_bits[i][1]}, {"g", s.avg_bits[i][2]}});
    per_layer.push_back(
        {{"layer", h.layers[i].name}, {"bitops", s.per_layer[i]}, {"quantized", h.layers[i].quantized}});
  }
  const double fp32 = 3.0 * 32 * 32 * static_cast<double>(qmacs) * h.batch * h.iterations;
  return {
      {"model", h.model},
      {"dataset", h.dataset},
      {"schedule", h.schedule},
      {"iterations", h.iterations},
      {"iterations_per_epoch", h.iterations_per_epoch},
      {"epochs", h.epochs()},
      {"batch", h.batch},
      {"layers", h.layers.size()},
      {"macs_per_sample", macs},
      {"quantized_macs_per_sample", qmacs},
      {"bitops", {{"total", s.total}, {"fwd", s.by_pass[0]}, {"bwd_data", s.by_pass[1]}, {"bwd_weight", s.by_pass[2]}}},
      {"gbitops_total", s.total / 1e9},
      {"fp32_layer_bitops", s.fp32_layers},
      {"relative_to_fp32", fp32 > 0 ? s.total / fp32 : 0.0},
      {"bitops_per_epoch", s.per_epoch},
      {"avg_bits", avg},
      {"bitops_per_layer", per_layer},
      {"inference_bitops_per_sample", s.inference_per_sample},
      {"options",
       {{"count_unneeded_bwd_data", opt.count_unneeded_bwd_data}, {"count_fp32_layers", opt.count_fp32_layers}}}};
}

void printInfoTable(const TraceHeader& h, const BitopsSummary& s, const nlohmann::json& j) {
  std::cout << fmt::format("trace: {} on {}, schedule {}, batch {}\n", h.model, h.dataset, h.schedule, h.batch);
  std::cout << fmt::format("iterations {} ({} per epoch, {} epochs), {} layers, {} MACs/sample\n", h.iterations,
                           h.iterations_per_epoch, h.epochs(), h.layers.size(),
                           human(j["macs_per_sample"].get<double>()));
  std::cout << fmt::format("GBitOPs total {:.6g} (fwd {:.6g}, bwd_data {:.6g}, bwd_weight {:.6g}); {:.4f} of FP32\n",
                           s.total / 1e9, s.by_pass[0] / 1e9, s.by_pass[1] / 1e9, s.by_pass[2] / 1e9,
                           j["relative_to_fp32"].get<double>());
  std::cout << fmt::format("inference BitOPs/sample at final bits: {}\n\n", human(s.inference_per_sample));
  std::cout << fmt::format("{:<24} {:>9} {:>12} {:>6} {:>6} {:>6} {:>12}\n", "layer", "kind", "MACs/sample", "w", "a",
                           "g", "GBitOPs");
  for (size_t i = 0; i < h.layers.size(); ++i)
    std::cout << fmt::format("{:<24} {:>9} {:>12} {:>6.2f} {:>6.2f} {:>6.2f} {:>12.6g}{}\n", h.layers[i].name,
                             layerKindName(h.layers[i].kind), h.layers[i].macsPerSample(), s.avg_bits[i][0],
                             s.avg_bits[i][1], s.avg_bits[i][2], s.per_layer[i] / 1e9,
                             h.layers[i].quantized ? "" : " (fp32)");
  std::cout << fmt::format("\n{:>6} {:>14}\n", "epoch", "GBitOPs");
  for (size_t e = 0; e < s.per_epoch.size(); ++e)
    std::cout << fmt::format("{:>6} {:>14.6g}\n", e, s.per_epoch[e] / 1e9);
}

}  // namespace

void addTraceCommands(CLI::App& app) {
  auto* trace = app.add_subcommand("trace", "generate and inspect layer traces");
  trace->require_subcommand(1);

  auto req = std::make_shared<TraceGenRequest>();
  const auto kPositive = CLI::Range(int64_t(1), std::numeric_limits<int64_t>::max());
  auto* gen = trace->add_subcommand("gen", "write the trace of a model zoo entry under a precision schedule");
  gen->add_option("--model", req->model, "model of the zoo (resnet20, resnet74, mobilenetv2, resnet50, cnn, ...)")
      ->required();
  gen->add_option("--dataset", req->dataset, "cifar10, cifar100, imagenet, fashion-mnist, wikitext103, ptb")
      ->required();
  gen->add_option("--schedule", req->schedule,
                  "schedule string (cpt:3-8/8, static:8/8, ...) or YAML (configs/schedules/)")
      ->required();
  auto* iters = gen->add_option("--iterations", req->iterations, "number of iterations")->check(kPositive);
  gen->add_option("--epochs", req->epochs, "number of epochs (default 1), if --iterations is not given")
      ->check(kPositive)
      ->excludes(iters);
  gen->add_option("--batch", req->batch, "batch size (default 128)")->check(CLI::Range(int64_t(1), kMaxLayerDim));
  gen->add_option("--seed", req->seed, "seed of random schedules (default 1)");
  gen->add_option("-o,--output", req->output, "trace file to write (.trace.jsonl)")->required();
  gen->callback([req] {
    const int64_t runs = generateTrace(*req, configsDir());
    spdlog::info("wrote {} ({} runs)", req->output, runs);
  });

  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto opt = std::make_shared<AccountingOptions>();
  auto* info = trace->add_subcommand("info", "layers, iterations, epochs, MACs and BitOPs of a trace");
  info->add_option("file", *file, "trace file")->required();
  info->add_flag("--json", *json, "print one JSON object");
  info->add_flag("!--no-stem-bwd-data", opt->count_unneeded_bwd_data,
                 "leave out the bwd_data GEMM of the first layer (counted by default, as in methods.md)");
  info->add_flag("--count-fp32-layers", opt->count_fp32_layers, "count FP32 layers (final FC) in the totals");
  info->callback([file, json, opt] {
    TraceReader r(*file);
    BitopsAccountant acc(r.header(), *opt);
    TraceRun run;
    while (r.next(run)) acc.add(run);
    const BitopsSummary s = acc.finish();
    const auto j = infoJson(r.header(), s, *opt);
    if (*json)
      printJson(j);
    else
      printInfoTable(r.header(), s, j);
  });
}

}  // namespace vpsim::cli
