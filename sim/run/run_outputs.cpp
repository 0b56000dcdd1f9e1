// The files of a run: summary.json, epochs.csv, layers.csv, bits_per_epoch.csv, widths.csv.
#include "sim/run/run_outputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "sim/run/atomic_file.h"
#include "sim/run/csv.h"

namespace vpsim {

nlohmann::json summaryJson(const RunReport& r) {
  const EnergyBreakdown e = r.energy_pj.scaled(1e-12);
  nlohmann::json energy = e.toJson();
  energy["other"] = 0.0;  // every joule is attributed to a component above
  return {{"cycles", r.cycles},
          {"stall_cycles", r.stall_cycles},
          {"seconds", r.seconds()},
          {"gbitops", r.gbitops},
          {"energy_j", energy},
          {"epochs", r.epochs.size()},
          {"iterations", r.trace.iterations},
          {"hardware", r.hardware},
          {"trace",
           {{"model", r.trace.model},
            {"dataset", r.trace.dataset},
            {"schedule", r.trace.schedule},
            {"batch", r.trace.batch},
            {"iterations", r.trace.iterations},
            {"iterations_per_epoch", r.trace.iterations_per_epoch}}},
          {"unique_passes", r.unique_passes},
          {"simulated_passes", r.simulated},
          {"cache_hits", r.cache_hits},
          {"model_version", r.model_version}};
}

// Every unique pass with its identity and provenance: what a published number can be traced to.
static nlohmann::json passesJson(const RunReport& r) {
  nlohmann::json passes = nlohmann::json::array();
  for (const UniquePass& u : r.passes)
    passes.push_back({{"key", u.key},
                      {"pass", passName(u.gemm.pass)},
                      {"gemm", {{"m", u.gemm.m}, {"n", u.gemm.n}, {"k", u.gemm.k}, {"groups", u.gemm.groups}}},
                      {"bits", {u.b0, u.b1}},
                      {"source", u.from_cache ? "cache" : "simulated"},
                      {"result", u.result.toJson()}});
  return {{"model_version", r.model_version}, {"hardware_hash", r.hardware.value("hash", "")}, {"passes", passes}};
}

namespace {

std::string epochsCsv(const RunReport& r) {
  std::ostringstream os;
  // Units in the names: sim_seconds is simulated accelerator time (cycles / clock), not wall time.
  os << "epoch,iterations,cycles,stall_cycles,sim_seconds,gbitops,energy_j_total,energy_j_compute,energy_j_sram,"
        "energy_j_dram,energy_j_vector,energy_j_leakage,avg_w_bits,avg_a_bits,avg_g_bits\n";
  for (const auto& e : r.epochs) {
    const EnergyBreakdown j = e.energy_pj.scaled(1e-12);
    os << fmt::format(
        "{},{},{:.0f},{:.0f},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.4f},{:.4f},{:.4f}\n", e.epoch,
        e.iterations, e.cycles, e.stall_cycles, e.cycles / (r.clock_mhz * 1e6), e.gbitops, j.total(), j.compute, j.sram,
        j.dram, j.vector, j.leakage, e.avg_bits[0], e.avg_bits[1], e.avg_bits[2]);
  }
  return os.str();
}

std::string layersCsv(const RunReport& r) {
  std::ostringstream os;
  os << "layer,kind,pass,w_bits,a_bits,g_bits,iterations,cycles_per_iter,stall_cycles_per_iter,utilization,gbitops_per_"
        "iter,"
        "energy_pj_per_iter,energy_pj_compute,energy_pj_sram,energy_pj_dram,energy_pj_vector,energy_pj_leakage,"
        "total_cycles,total_energy_j\n";
  for (const auto& row : r.rows) {
    const LayerOp& l = r.trace.layers[row.layer];
    const PassResult& p = row.result;
    const double it = double(row.iterations);
    os << fmt::format(
        "{},{},{},{},{},{},{},{},{},{:.6f},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.0f},{:.9g}\n",
        csvField(l.name), layerKindName(l.kind), passName(row.pass), row.bits.w, row.bits.a, row.bits.g, row.iterations,
        p.cycles, p.stall_cycles, p.utilization, row.bitops_per_iter / 1e9, p.energy_pj.total(), p.energy_pj.compute,
        p.energy_pj.sram, p.energy_pj.dram, p.energy_pj.vector, p.energy_pj.leakage, double(p.cycles) * it,
        p.energy_pj.total() * it * 1e-12);
  }
  return os.str();
}

std::string bitsCsv(const RunReport& r) {
  std::ostringstream os;
  os << "epoch,layer,w_bits,a_bits,g_bits\n";
  for (size_t e = 0; e < r.bits_per_epoch.size(); ++e)
    for (size_t i = 0; i < r.bits_per_epoch[e].size(); ++i) {
      const auto& b = r.bits_per_epoch[e][i];
      os << fmt::format("{},{},{:.4f},{:.4f},{:.4f}\n", e + 1, csvField(r.trace.layers[i].name), b[0], b[1], b[2]);
    }
  return os.str();
}

}  // namespace

namespace {

bool sameCost(const EpochRow& a, const EpochRow& b) {
  return a.iterations == b.iterations && a.cycles == b.cycles && a.stall_cycles == b.stall_cycles &&
         a.gbitops == b.gbitops && a.energy_pj.total() == b.energy_pj.total() && a.avg_bits == b.avg_bits;
}

// What a reader should look at first: the largest energy component, the layer pass that costs the
// most, and the layer pass that uses the array least.
std::string costSummary(const RunReport& r) {
  const EnergyBreakdown& e = r.energy_pj;
  std::vector<std::pair<const char*, double>> parts = {
      {"DRAM", e.dram}, {"SRAM", e.sram}, {"compute", e.compute}, {"vector unit", e.vector}, {"leakage", e.leakage}};
  std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  const auto* top = &parts[0];
  const double total = std::max(e.total(), 1e-300);
  std::string out = fmt::format("top cost: {} {:.0f}% of the energy (", top->first, 100 * top->second / total);
  bool first = true;
  for (const auto& p : parts)
    if (&p != top)
      out += fmt::format("{}{} {:.0f}%", first ? "" : ", ", p.first, 100 * p.second / total), first = false;
  out += fmt::format("); {:.1f}% of the cycles stalled on memory or the vector unit\n",
                     100 * r.stall_cycles / std::max(r.cycles, 1.0));
  std::vector<double> layer_pj(r.trace.layers.size(), 0.0);  // every pass and width of a layer
  const LayerPassRow* least = nullptr;
  for (const auto& row : r.rows) {
    layer_pj[row.layer] += row.result.energy_pj.total() * double(row.iterations);
    if (!row.result.on_vector_unit && row.result.macs > 0 &&
        (!least || row.result.utilization < least->result.utilization))
      least = &row;
  }
  auto name = [&](const LayerPassRow& row) {
    return fmt::format("{} {} at w/a/g {}/{}/{}", r.trace.layers[row.layer].name, passName(row.pass), row.bits.w,
                       row.bits.a, row.bits.g);
  };
  if (!layer_pj.empty()) {
    const size_t top_layer = size_t(std::max_element(layer_pj.begin(), layer_pj.end()) - layer_pj.begin());
    out += fmt::format("costliest layer: {} ({:.0f}% of the energy, all passes and widths)\n",
                       r.trace.layers[top_layer].name, 100 * layer_pj[top_layer] / total);
  }
  if (least)
    out += fmt::format("least utilized layer pass: {} ({:.1f}% of the array's peak)\n", name(*least),
                       100 * least->result.utilization);
  return out;
}

}  // namespace

std::string runTable(const RunReport& r) {
  std::ostringstream out;
  out << fmt::format("{} on {} (schedule {}, batch {}) simulated on {}\n", r.trace.model, r.trace.dataset,
                     r.trace.schedule, r.trace.batch, r.hardware["name"].get<std::string>());
  out << fmt::format(
      "{} iterations, {} epochs: {:.6g} cycles ({:.2f}% stalls), {:.4g} s simulated, {:.6g} GBitOPs, {:.6g} J\n",
      r.trace.iterations, r.epochs.size(), r.cycles, 100.0 * r.stall_cycles / std::max(r.cycles, 1.0), r.seconds(),
      r.gbitops, r.energy_pj.total() * 1e-12);
  out << fmt::format("unique passes {}, simulated {}, from cache {}; model version {}\n", r.unique_passes, r.simulated,
                     r.cache_hits, r.model_version);
  out << "GBitOPs: batch x MACs x (w*a + w*g + a*g) of the quantized layers, the stem's bwd_data included, "
         "FP32 layers apart (as `trace info`)\n";
  out << costSummary(r) << "\n";
  out << fmt::format("{:>5} {:>6} {:>14} {:>11} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>17}\n", "epoch",
                     "iters", "cycles", "sim_s", "GBitOPs", "energy_J", "compute_J", "sram_J", "dram_J", "vector_J",
                     "leakage_J", "avg bits w/a/g");
  for (size_t i = 0; i < r.epochs.size();) {
    const EpochRow& e = r.epochs[i];
    size_t ref = i;  // an earlier epoch that cost exactly the same (a periodic schedule)
    for (size_t k = 0; k < i && ref == i; ++k)
      if (sameCost(r.epochs[k], e)) ref = k;
    if (ref != i) {
      size_t j = i + 1;
      while (j < r.epochs.size() && sameCost(r.epochs[j], r.epochs[ref])) ++j;
      const std::string span =
          j - i == 1 ? std::to_string(e.epoch) : fmt::format("{}-{}", e.epoch, r.epochs[j - 1].epoch);
      out << fmt::format("{:>5} {}\n", span,
                         fmt::format("cost{} exactly what epoch {} costs (same bits, the schedule repeats)",
                                     j - i == 1 ? "s" : " each", r.epochs[ref].epoch));
      i = j;
      continue;
    }
    const EnergyBreakdown j = e.energy_pj.scaled(1e-12);
    out << fmt::format(
        "{:>5} {:>6} {:>14.6g} {:>11.4g} {:>12.6g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} "
        "{:>17}\n",
        e.epoch, e.iterations, e.cycles, e.cycles / (r.clock_mhz * 1e6), e.gbitops, j.total(), j.compute, j.sram,
        j.dram, j.vector, j.leakage, fmt::format("{:.2f}/{:.2f}/{:.2f}", e.avg_bits[0], e.avg_bits[1], e.avg_bits[2]));
    ++i;
  }
  return out.str();
}

void writeRunReports(const RunReport& r, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path d(dir);
  writeFileAtomic((d / "summary.json").string(), summaryJson(r).dump(2) + "\n");
  writeFileAtomic((d / "epochs.csv").string(), epochsCsv(r));
  writeFileAtomic((d / "layers.csv").string(), layersCsv(r));
  writeFileAtomic((d / "bits_per_epoch.csv").string(), bitsCsv(r));
  writeFileAtomic((d / "widths.csv").string(), widthsCsv(r.widths));
  writeFileAtomic((d / "passes.json").string(), passesJson(r).dump(1) + "\n");
}

}  // namespace vpsim
