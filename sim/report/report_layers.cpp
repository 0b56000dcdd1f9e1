// Heat maps and per-layer energy bars (see report_layers.h).
#include "sim/report/report_layers.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "traces/input_error.h"
#include "traces/trace_reader.h"

namespace vpsim {

namespace {

const std::vector<std::string> kComponents = {"compute", "sram", "dram", "vector", "leakage"};

size_t indexOf(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<size_t>(it - names.begin());
  names.push_back(name);
  return names.size() - 1;
}

// Colour range of a heat map: FP32 layers (32 bits) would squeeze the quantized range into one
// colour, so they are left out of the range and drawn in the top colour.
void widen(double v, double& lo, double& hi) {
  lo = std::min(lo, v);
  if (v < 32) hi = std::max(hi, v);
}

}  // namespace

std::string ReportLayers::heatScript(const std::vector<std::string>& layers, double lo, double hi,
                                     const std::string& xlabel) {
  std::string ytics;
  for (size_t i = 0; i < layers.size(); ++i)
    ytics += fmt::format("{}{} {}", i ? ", " : "", ReportPlotter::quote(layers[i]), i);
  // Boxes rather than `with image`: a run of one epoch is a one-column map, which images refuse.
  std::string s = fmt::format(
      "unset key\nunset grid\nset palette defined (0 '#313695', 0.35 '#74add1', 0.6 '#fee090', 1 '#a50026')\n"
      "set cbrange [{}:{}]\nset cblabel 'bits'\nset ytics ({}) font ',8'\nset yrange [{}:-0.5]\n"
      "set xlabel '{}'\nset autoscale xfix\nset style fill solid 1.0 noborder\nset multiplot layout 1,3\n",
      lo, hi <= lo ? lo + 1 : hi, ytics, layers.size() - 0.5, xlabel);
  const char* names[] = {"weights (w)", "activations (a)", "gradients (g)"};
  for (int t = 0; t < 3; ++t)
    s += fmt::format("set title '{}'\nplot DATA using 3:1:4:(0.5):{} with boxxyerror lc palette\n", names[t], 5 + t);
  return s + "unset multiplot\n";
}

ReportPlot ReportLayers::epochHeatMap(const ReportTable& bits) {
  ReportPlot p;
  p.id = "precision_heatmap_epochs", p.title = "Precision per layer and epoch";
  p.caption = "Iteration-averaged bits of each layer in each epoch, for weights, activations and gradients.";
  p.data = ReportTable({"layer_index", "layer", "epoch", "half_width", "w_bits", "a_bits", "g_bits"});
  std::vector<std::string> layers;
  double lo = 1e9, hi = 0;
  for (size_t r = 0; r < bits.rows(); ++r) {
    const size_t li = indexOf(layers, bits.cell(r, "layer"));
    p.data.add({std::to_string(li), ReportTable::label(bits.cell(r, "layer")), bits.cell(r, "epoch"), "0.5",
                bits.cell(r, "w_bits"), bits.cell(r, "a_bits"), bits.cell(r, "g_bits")});
    for (const char* t : {"w_bits", "a_bits", "g_bits"}) widen(bits.num(r, t), lo, hi);
  }
  if (layers.empty()) throw InputError("bits_per_epoch.csv: no rows");
  p.height = std::max(460, static_cast<int>(layers.size()) * 16 + 120), p.width = 1280;
  const bool few = p.data.rows() / layers.size() <= 20;  // integer epoch tics when they fit
  p.script = (few ? "set xtics 1\n" : "") + heatScript(layers, lo, hi, "epoch");
  return p;
}

ReportPlot ReportLayers::iterationHeatMap(const std::string& trace, long long start, long long end) {
  TraceReader reader(trace);
  const TraceHeader& h = reader.header();
  if (end < 0 || end > h.iterations) end = h.iterations;
  if (start < 0 || start >= end)
    throw InputError(fmt::format("--window {}:{}: outside the trace's iterations [0, {})", start, end, h.iterations));
  ReportPlot p;
  p.id = "precision_heatmap_iterations", p.title = fmt::format("Precision per layer, iterations {} to {}", start, end);
  p.caption =
      "Bits of each layer at each iteration of the window (from the trace), for weights, activations and gradients.";
  p.data = ReportTable({"layer_index", "layer", "iteration", "half_width", "w_bits", "a_bits", "g_bits"});
  std::vector<std::string> layers;
  for (const auto& l : h.layers) layers.push_back(ReportTable::label(l.name));
  double lo = 1e9, hi = 0;
  TraceRun run;
  while (reader.next(run)) {
    const long long s = std::max<long long>(run.start, start), e = std::min<long long>(run.end, end);
    if (s >= e) continue;
    for (size_t li = 0; li < run.bits.size(); ++li) {
      const Bits& b = run.bits[li];
      p.data.add({std::to_string(li), layers[li], fmt::format("{}", (s + e) / 2.0), fmt::format("{}", (e - s) / 2.0),
                  std::to_string(b.w), std::to_string(b.a), std::to_string(b.g)});
      for (int v : {b.w, b.a, b.g}) widen(v, lo, hi);
    }
  }
  p.height = std::max(460, static_cast<int>(layers.size()) * 16 + 120), p.width = 1280;
  p.script = heatScript(layers, lo, hi, "iteration");
  return p;
}

ReportPlot ReportLayers::layerEnergy(const ReportTable& layers) {
  ReportPlot p;
  p.id = "energy_per_layer", p.title = "Energy per layer by component";
  p.caption = "Energy of each layer over the whole run [J] (all passes and precisions), stacked by component.";
  std::vector<std::string> names;
  std::map<std::string, std::vector<double>> energy;  // layer -> per component [J]
  for (size_t r = 0; r < layers.rows(); ++r) {
    const std::string name = layers.cell(r, "layer");
    indexOf(names, name);
    auto& e = energy[name];
    e.resize(kComponents.size());
    // Components are split in proportion to their pJ columns, scaled to the row's total energy.
    double parts = 0;
    for (const auto& c : kComponents) parts += layers.num(r, "energy_pj_" + c);
    const double total = layers.num(r, "total_energy_j");
    for (size_t c = 0; c < kComponents.size(); ++c)
      e[c] += parts > 0 ? total * layers.num(r, "energy_pj_" + kComponents[c]) / parts : 0.0;
  }
  std::vector<std::string> header = {"layer"};
  for (const auto& c : kComponents) header.push_back(c + "_j");
  p.data = ReportTable(header);
  for (const auto& n : names) {
    std::vector<std::string> row = {ReportTable::label(n)};
    for (double v : energy[n]) row.push_back(fmt::format("{:.9g}", v));
    p.data.add(row);
  }
  p.width = std::max(960, static_cast<int>(names.size()) * 28 + 240);
  p.script =
      "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.85 border -1\n"
      "set boxwidth 0.75\nset xtics rotate by -45 font ',9'\nset ylabel 'energy [J]'\nset yrange [0:*]\n"
      "set bmargin 8\nplot for [i=2:6] DATA using i:xtic(1) title columnheader(i)";
  return p;
}

}  // namespace vpsim
