// Per-epoch figures and facts of a run report (see report_run.h).
#include "sim/report/report_run.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sim/report/report_layers.h"
#include "sim/report/report_table.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {

const std::vector<std::string> kComponents = {"compute", "sram", "dram", "vector", "leakage"};

nlohmann::json loadSummary(const std::string& dir) {
  const std::string path = dir + "/summary.json";
  std::ifstream in(path);
  if (!in) throw InputError(dir + ": not a run directory (no summary.json; write one with vpsim run --out DIR)");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw InputError(path + ": not a JSON object");
  return j;
}

std::string num(const nlohmann::json& j, const char* key, const char* unit = "") {
  return j.contains(key) && j[key].is_number() ? human(j[key].get<double>()) + unit : "-";
}

}  // namespace

ReportPlot ReportRun::energyPerEpoch(const ReportTable& epochs) {
  ReportPlot p;
  p.id = "energy_per_epoch", p.title = "Energy per epoch by component";
  p.caption = "Energy of each epoch [J], stacked by component (compute, SRAM, DRAM, vector unit, leakage).";
  std::vector<std::string> header = {"epoch"};
  for (const auto& c : kComponents) header.push_back(c + "_j");
  p.data = ReportTable(header);
  for (size_t r = 0; r < epochs.rows(); ++r) {
    std::vector<std::string> row = {epochs.cell(r, "epoch")};
    for (const auto& c : kComponents) row.push_back(epochs.cell(r, "energy_j_" + c));
    p.data.add(row);
  }
  // A label on every bar of a 160-epoch run would overlap: label about 20 of them.
  const size_t every = std::max<size_t>(1, (epochs.rows() + 19) / 20);
  p.script = fmt::format(
      "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.85 border -1\n"
      "set boxwidth 0.75\nset xlabel 'epoch'\nset ylabel 'energy [J]'\nset yrange [0:*]\n"
      "plot for [i=2:6] DATA using i:xtic(int($0) % {} == 0 ? stringcolumn(1) : '') title columnheader(i)",
      every);
  return p;
}

ReportPlot ReportRun::timePerEpoch(const ReportTable& epochs) {
  ReportPlot p;
  p.id = "time_per_epoch", p.title = "Cycles and time per epoch";
  p.caption =
      "Accelerator cycles per epoch (total and stalled on memory) and the epoch's simulated time on the accelerator "
      "[s] (not the simulator's wall time).";
  p.data = ReportTable({"epoch", "cycles", "stall_cycles", "sim_seconds"});
  for (size_t r = 0; r < epochs.rows(); ++r)
    p.data.add({epochs.cell(r, "epoch"), epochs.cell(r, "cycles"), epochs.cell(r, "stall_cycles"),
                epochs.cell(r, "sim_seconds")});
  p.script =
      std::string(epochs.rows() <= 20 ? "set xtics 1\n" : "") +  // whole epochs when they fit
      "set xlabel 'epoch'\nset ylabel 'cycles'\nset y2label 'simulated time [s]'\nset y2tics\nset ytics nomirror\n"
      "set yrange [0:*]\nset y2range [0:*]\nset autoscale xfix\nset offsets 0.5, 0.5, 0, 0\n"
      "plot DATA using 1:2 with linespoints lw 2 pt 7 title 'cycles', "
      "DATA using 1:3 with linespoints lw 2 pt 5 title 'stall cycles', "
      "DATA using 1:4 axes x1y2 with points pt 6 ps 1.5 title 'simulated time [s] (right axis)'";
  return p;
}

ReportPlot ReportRun::bitsPerEpoch(const ReportTable& epochs) {
  ReportPlot p;
  p.id = "bits_per_epoch", p.title = "Average bits per epoch";
  p.caption =
      "Average operand width per epoch [bits], over layers and iterations: weights (w), activations (a), gradients "
      "(g).";
  p.data = ReportTable({"epoch", "avg_w_bits", "avg_a_bits", "avg_g_bits"});
  for (size_t r = 0; r < epochs.rows(); ++r)
    p.data.add({epochs.cell(r, "epoch"), epochs.cell(r, "avg_w_bits"), epochs.cell(r, "avg_a_bits"),
                epochs.cell(r, "avg_g_bits")});
  // w and a are often equal (CPT): a wide solid line under a dashed one with other points keeps both visible.
  p.script = std::string(epochs.rows() <= 20 ? "set xtics 1\n" : "") +
             "set xlabel 'epoch'\nset ylabel 'bits'\nset yrange [0:*]\nset autoscale xfix\nset offsets 0.5, 0.5, 0, 0\n"
             "set key bottom right\n"
             "plot DATA using 1:2 with linespoints lw 5 dt 1 pt 7 ps 1.6 title 'weights (w)', "
             "DATA using 1:3 with linespoints lw 2 dt 2 pt 4 ps 1.2 title 'activations (a)', "
             "DATA using 1:4 with linespoints lw 2 dt 3 pt 8 ps 1.2 title 'gradients (g)'";
  return p;
}

ReportPlot ReportRun::widthsUsed(const ReportTable& widths) {
  ReportPlot p;
  p.id = "widths_used", p.title = "Widths used and what the hardware charges for them";
  p.caption =
      "Bars: share of quantized layer-iterations at each weight width (and weighted by MACs). Lines: cycles and "
      "energy of one iteration with every quantized layer at that width, relative to the widest. Bars where the "
      "lines are flat pay for a wider width's cost with less precision.";
  p.data = ReportTable({"width_bits", "share", "mac_share", "cycles_rel", "energy_rel"});
  for (size_t r = 0; r < widths.rows(); ++r)
    p.data.add({widths.cell(r, "width_bits"), widths.cell(r, "share"), widths.cell(r, "mac_share"),
                widths.cell(r, "cycles_rel"), widths.cell(r, "energy_rel")});
  p.script =
      "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.7 border -1\n"
      "set xlabel 'weight width [bits]'\nset ylabel 'share of layer-iterations'\nset y2label 'cost relative to the "
      "widest'\n"
      "set yrange [0:1]\nset y2range [0:1.05]\nset y2tics\nset ytics nomirror\nset key top left\n"
      "plot DATA using 2:xtic(1) title 'layer-iterations', DATA using 3 title 'MAC-weighted', "
      "DATA using 0:4 axes x1y2 with linespoints lw 2 pt 7 title 'cycles (right axis)', "
      "DATA using 0:5 axes x1y2 with linespoints lw 2 pt 5 title 'energy (right axis)'";
  return p;
}

ReportPage ReportRun::build(const std::string& dir, const RunReportOptions& opt) {
  const nlohmann::json s = loadSummary(dir);
  ReportPage page;
  const auto hw = s.value("hardware", nlohmann::json::object());
  const auto tr = s.value("trace", nlohmann::json::object());
  page.title = fmt::format("vpsim run: {} on {}", tr.value("model", "?") + "/" + tr.value("dataset", "?"),
                           hw.value("name", "?"));
  page.facts = {
      {"hardware", hw.value("name", "?") + " (hash " + hw.value("hash", "?") + ")"},
      {"workload", fmt::format("{} / {}, schedule {}, batch {}", tr.value("model", "?"), tr.value("dataset", "?"),
                               tr.value("schedule", "?"), tr.contains("batch") ? tr["batch"].dump() : "?")},
      {"iterations / epochs", num(s, "iterations") + " / " + num(s, "epochs")},
      {"cycles", num(s, "cycles")},
      {"simulated time", num(s, "seconds", "s")},
      {"energy", s.contains("energy_j") ? human(s["energy_j"].value("total", 0.0)) + "J" : "-"},
      {"GBitOPs", num(s, "gbitops")},
      {"unique passes / cache hits", num(s, "unique_passes") + " / " + num(s, "cache_hits")}};
  const ReportTable epochs = ReportTable::load(dir + "/epochs.csv");
  page.plots.push_back(energyPerEpoch(epochs));
  page.plots.push_back(timePerEpoch(epochs));
  page.plots.push_back(bitsPerEpoch(epochs));
  page.plots.push_back(ReportLayers::epochHeatMap(ReportTable::load(dir + "/bits_per_epoch.csv")));
  if (std::filesystem::exists(dir + "/widths.csv")) {  // run directories of vpsim before widths.csv lack it
    const ReportTable widths = ReportTable::load(dir + "/widths.csv");
    if (widths.rows() > 0) page.plots.push_back(widthsUsed(widths));
  }
  if (!opt.trace.empty())
    page.plots.push_back(ReportLayers::iterationHeatMap(opt.trace, opt.window_start, opt.window_end));
  page.plots.push_back(ReportLayers::layerEnergy(ReportTable::load(dir + "/layers.csv")));
  return page;
}

}  // namespace vpsim
