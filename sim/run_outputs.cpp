// The files of a run: summary.json, epochs.csv, layers.csv, bits_per_epoch.csv, widths.csv.
#include <fmt/format.h>

#include <filesystem>
#include <sstream>

#include "sim/atomic_file.h"
#include "sim/run_driver.h"

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
          {"trace", {{"model", r.trace.model}, {"dataset", r.trace.dataset}, {"schedule", r.trace.schedule},
                     {"batch", r.trace.batch}, {"iterations", r.trace.iterations},
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
    passes.push_back({{"key", u.key}, {"pass", passName(u.gemm.pass)},
                      {"gemm", {{"m", u.gemm.m}, {"n", u.gemm.n}, {"k", u.gemm.k}, {"groups", u.gemm.groups}}},
                      {"bits", {u.b0, u.b1}}, {"source", u.from_cache ? "cache" : "simulated"},
                      {"result", u.result.toJson()}});
  return {{"model_version", r.model_version}, {"hardware_hash", r.hardware.value("hash", "")}, {"passes", passes}};
}

namespace {

std::string epochsCsv(const RunReport& r) {
  std::ostringstream os;
  os << "epoch,iterations,cycles,stall_cycles,seconds,gbitops,energy_j_total,energy_j_compute,energy_j_sram,"
        "energy_j_dram,energy_j_vector,energy_j_leakage,avg_w,avg_a,avg_g\n";
  for (const auto& e : r.epochs) {
    const EnergyBreakdown j = e.energy_pj.scaled(1e-12);
    os << fmt::format("{},{},{:.0f},{:.0f},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.4f},{:.4f},{:.4f}\n",
                      e.epoch, e.iterations, e.cycles, e.stall_cycles, e.cycles / (r.clock_mhz * 1e6), e.gbitops,
                      j.total(), j.compute, j.sram, j.dram, j.vector, j.leakage, e.avg_bits[0], e.avg_bits[1],
                      e.avg_bits[2]);
  }
  return os.str();
}

std::string layersCsv(const RunReport& r) {
  std::ostringstream os;
  os << "layer,kind,pass,w,a,g,iterations,cycles_per_iter,stall_cycles_per_iter,utilization,gbitops_per_iter,"
        "energy_pj_per_iter,energy_pj_compute,energy_pj_sram,energy_pj_dram,energy_pj_vector,energy_pj_leakage,"
        "total_cycles,total_energy_j\n";
  for (const auto& row : r.rows) {
    const LayerOp& l = r.trace.layers[row.layer];
    const PassResult& p = row.result;
    const double it = double(row.iterations);
    os << fmt::format("{},{},{},{},{},{},{},{},{},{:.6f},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.0f},{:.9g}\n",
                      l.name, layerKindName(l.kind), passName(row.pass), row.bits.w, row.bits.a, row.bits.g,
                      row.iterations, p.cycles, p.stall_cycles, p.utilization, row.bitops_per_iter / 1e9,
                      p.energy_pj.total(), p.energy_pj.compute, p.energy_pj.sram, p.energy_pj.dram, p.energy_pj.vector,
                      p.energy_pj.leakage, double(p.cycles) * it, p.energy_pj.total() * it * 1e-12);
  }
  return os.str();
}

std::string bitsCsv(const RunReport& r) {
  std::ostringstream os;
  os << "epoch,layer,w,a,g\n";
  for (size_t e = 0; e < r.bits_per_epoch.size(); ++e)
    for (size_t i = 0; i < r.bits_per_epoch[e].size(); ++i) {
      const auto& b = r.bits_per_epoch[e][i];
      os << fmt::format("{},{},{:.4f},{:.4f},{:.4f}\n", e, r.trace.layers[i].name, b[0], b[1], b[2]);
    }
  return os.str();
}

}  // namespace

std::string runTable(const RunReport& r) {
  std::ostringstream out;
  out << fmt::format("{} on {} (schedule {}, batch {}) simulated on {}\n", r.trace.model, r.trace.dataset,
                     r.trace.schedule, r.trace.batch, r.hardware["name"].get<std::string>());
  out << fmt::format("{} iterations, {} epochs: {:.6g} cycles ({:.2f}% stalls), {:.4g} s, {:.6g} GBitOPs, {:.6g} J\n",
                           r.trace.iterations, r.epochs.size(), r.cycles, 100.0 * r.stall_cycles / std::max(r.cycles, 1.0),
                           r.seconds(), r.gbitops, r.energy_pj.total() * 1e-12);
  out << fmt::format("unique passes {}, simulated {}, from cache {}; model version {}\n\n", r.unique_passes, r.simulated,
                     r.cache_hits, r.model_version);
  out << fmt::format("{:>5} {:>6} {:>14} {:>10} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>5}\n", "epoch", "iters",
                           "cycles", "seconds", "GBitOPs", "energy_J", "compute", "sram", "dram", "vector", "leakage", "bits");
  for (const auto& e : r.epochs) {
    const EnergyBreakdown j = e.energy_pj.scaled(1e-12);
    out << fmt::format("{:>5} {:>6} {:>14.6g} {:>10.4g} {:>12.6g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} {:>10.4g} {:>5.2f}\n",
                             e.epoch, e.iterations, e.cycles, e.cycles / (r.clock_mhz * 1e6), e.gbitops, j.total(), j.compute,
                             j.sram, j.dram, j.vector, j.leakage, e.avg_bits[0]);
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
