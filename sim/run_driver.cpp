// runTrace: unique passes -> memo cache / simulation -> per-iteration costs -> epochs.
#include "sim/run_driver.h"

#include <spdlog/spdlog.h>

#include <map>

#include "sim/memo_cache.h"
#include "sim/pass_simulator.h"
#include "traces/bitops_accounting.h"
#include "traces/trace_reader.h"

namespace vpsim {

namespace {

using LayerBits = std::pair<size_t, Bits>;

std::vector<Pass> hardwarePasses(const LayerOp& l) {
  if (l.has_bwd_data) return {Pass::Fwd, Pass::BwdData, Pass::BwdWeight};
  return {Pass::Fwd, Pass::BwdWeight};
}

// Simulates (or finds in the cache) every pass of every (layer, bits) the trace uses.
std::map<LayerBits, std::vector<PassResult>> costPasses(const HwConfig& hw, const TraceHeader& h,
                                                        const std::map<LayerBits, int64_t>& used,
                                                        const RunOptions& opt, RunReport& rep) {
  MemoCache cache(opt.cache_path);
  PassSimulator sim(hw, opt.fidelity);
  const std::string hash = hw.hash(), fid = fidelityName(opt.fidelity);
  std::map<std::string, PassResult> unique;
  std::map<LayerBits, std::vector<PassResult>> out;
  size_t done = 0;
  for (const auto& [lb, iters] : used) {
    for (Pass p : hardwarePasses(h.layers[lb.first])) {
      const GemmPass g = lowerPass(h.layers[lb.first], p, h.batch);
      const auto ob = passOperandBits(lb.second, p);
      const std::string key = passKey(hash, fid, g, ob[0], ob[1]);
      auto it = unique.find(key);
      if (it == unique.end()) {
        auto cached = cache.get(key);
        if (!cached) {
          cached = sim.simulate(g, ob[0], ob[1]);
          cache.put(key, *cached);
          ++rep.simulated;
        }
        it = unique.emplace(key, *cached).first;
      }
      out[lb].push_back(it->second);
    }
    if (opt.progress && (++done % 16 == 0 || done == used.size()))
      spdlog::info("layer/bits combinations {}/{} ({} unique passes, {} simulated)", done, used.size(), unique.size(),
                   rep.simulated);
  }
  rep.unique_passes = static_cast<int64_t>(unique.size());
  rep.cache_hits = static_cast<int64_t>(cache.hits());
  return out;
}

}  // namespace

RunReport runTrace(const HwConfig& hw, const std::string& trace_path, const RunOptions& opt) {
  RunReport rep;
  std::vector<TraceRun> runs;
  TraceReader::readAll(trace_path, rep.trace, runs);
  const TraceHeader& h = rep.trace;
  rep.hardware = hw.toJson();
  rep.hardware["hash"] = hw.hash();
  rep.clock_mhz = hw.clock_mhz;

  std::map<LayerBits, int64_t> used;
  for (const auto& r : runs)
    for (size_t i = 0; i < r.bits.size(); ++i) used[{i, r.bits[i]}] += r.length();
  const auto costs = costPasses(hw, h, used, opt, rep);

  for (const auto& [lb, iters] : used) {
    const auto passes = hardwarePasses(h.layers[lb.first]);
    for (size_t p = 0; p < passes.size(); ++p) {
      const double bitops = double(h.batch) * double(passBitops(h.layers[lb.first], passes[p], lb.second));
      rep.rows.push_back(LayerPassRow{lb.first, passes[p], lb.second, iters, bitops, costs.at(lb)[p]});
    }
  }

  BitopsAccountant acc(h);
  const int64_t n_epochs = h.epochs();
  rep.epochs.resize(static_cast<size_t>(n_epochs));
  rep.bits_per_epoch.assign(static_cast<size_t>(n_epochs), std::vector<std::array<double, 3>>(h.layers.size()));
  for (const auto& r : runs) {
    acc.add(r);
    double cycles = 0, stalls = 0;
    EnergyBreakdown e;
    for (size_t i = 0; i < r.bits.size(); ++i)
      for (const PassResult& pr : costs.at({i, r.bits[i]})) cycles += pr.cycles, stalls += pr.stall_cycles, e += pr.energy_pj;
    for (int64_t s = r.start; s < r.end;) {
      const int64_t ep = s / h.iterations_per_epoch;
      const int64_t end = std::min(r.end, (ep + 1) * h.iterations_per_epoch);
      const double n = double(end - s);
      EpochRow& row = rep.epochs[static_cast<size_t>(ep)];
      row.epoch = ep, row.iterations += end - s;
      row.cycles += cycles * n, row.stall_cycles += stalls * n, row.energy_pj += e.scaled(n);
      for (size_t i = 0; i < r.bits.size(); ++i) {
        auto& b = rep.bits_per_epoch[static_cast<size_t>(ep)][i];
        b[0] += r.bits[i].w * n, b[1] += r.bits[i].a * n, b[2] += r.bits[i].g * n;
      }
      s = end;
    }
  }
  const BitopsSummary bs = acc.finish();
  for (size_t ep = 0; ep < rep.epochs.size(); ++ep) {
    EpochRow& row = rep.epochs[ep];
    row.gbitops = bs.per_epoch[ep] / 1e9;
    size_t quantized = 0;
    for (size_t i = 0; i < h.layers.size(); ++i) {
      for (auto& v : rep.bits_per_epoch[ep][i]) v /= double(std::max<int64_t>(row.iterations, 1));
      if (!h.layers[i].quantized) continue;
      ++quantized;
      for (int k = 0; k < 3; ++k) row.avg_bits[k] += rep.bits_per_epoch[ep][i][k];
    }
    for (auto& v : row.avg_bits) v /= double(std::max<size_t>(quantized, 1));
    rep.cycles += row.cycles, rep.stall_cycles += row.stall_cycles, rep.energy_pj += row.energy_pj;
  }
  rep.gbitops = bs.total / 1e9;
  return rep;
}

}  // namespace vpsim
