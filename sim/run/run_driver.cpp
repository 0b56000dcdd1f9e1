// PassCoster (memo cache / simulation per unique pass), RunAccumulator (per-iteration costs ->
// epochs) and runTrace.
#include "sim/run/run_driver.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include "sim/arch/pass_simulator.h"
#include "sim/run/memo_cache.h"
#include "traces/bitops_accounting.h"
#include "traces/progress_line.h"
#include "traces/trace_reader.h"

namespace vpsim {

std::vector<Pass> hardwarePasses(const LayerOp& l) {
  if (l.has_bwd_data) return {Pass::Fwd, Pass::BwdData, Pass::BwdWeight};
  return {Pass::Fwd, Pass::BwdWeight};
}

PassCoster::PassCoster(const HwConfig& hw, const RunOptions& options)
    : hw_(hw),
      opt_(options),
      hash_(hw.hash()),
      cache_(std::make_unique<MemoCache>(options.cache_path)),
      sim_(std::make_unique<PassSimulator>(hw, options.fidelity)) {}

PassCoster::~PassCoster() = default;

int64_t PassCoster::cacheHits() const { return static_cast<int64_t>(cache_->hits()); }

std::string PassCoster::ignoredCacheRows() const {
  std::string s;
  for (const auto& [version, rows] : cache_->otherVersionRows())
    s += fmt::format("{}{} ({})", s.empty() ? "" : ", ", version, rows);
  return s;
}

std::vector<UniquePass> PassCoster::passes() const {
  std::vector<UniquePass> out;
  for (const auto& [key, u] : unique_) out.push_back(u);
  return out;
}

// Every field of LayerOp but the name (layers of equal shape share their costs). Plain formatting:
// reports look a key up per layer and trace run, and JSON made that most of a warm run's time.
std::string PassCoster::layerKey(const LayerOp& l, const Bits& bits, int64_t batch) {
  return fmt::format("{} {} {} {} {} {} {} {} {} {} {} {:d} {:d} {}|{}/{}/{}|{}", int(l.kind), l.in_c, l.out_c, l.in_h,
                     l.in_w, l.out_h, l.out_w, l.kernel, l.stride, l.pad, l.groups, l.has_bwd_data, l.quantized,
                     postOpsName(l.post), bits.w, bits.a, bits.g, batch);
}

const std::vector<PassResult>& PassCoster::costed(const LayerOp& layer, const Bits& bits, int64_t batch) const {
  return layer_costs_.at(layerKey(layer, bits, batch));
}

const std::vector<PassResult>& PassCoster::layerCost(const LayerOp& layer, const Bits& bits, int64_t batch) {
  const std::string layer_key = layerKey(layer, bits, batch);
  if (auto it = layer_costs_.find(layer_key); it != layer_costs_.end()) return it->second;
  std::vector<PassResult> out;
  for (Pass p : hardwarePasses(layer)) {
    const GemmPass g = lowerPass(layer, p, batch);
    const auto ob = passOperandBits(bits, p);
    const std::string key = passKey(hash_, fidelityName(opt_.fidelity), g, ob[0], ob[1]);
    auto it = unique_.find(key);
    if (it == unique_.end()) {
      UniquePass u{key, g, ob[0], ob[1], true, {}};
      auto cached = cache_->get(key);
      if (!cached) {
        cached = sim_->simulate(g, ob[0], ob[1]);
        cache_->put(key, *cached);
        u.from_cache = false;
        ++simulated_;
      }
      u.result = *cached;
      it = unique_.emplace(key, std::move(u)).first;
    }
    out.push_back(it->second.result);
  }
  return layer_costs_.emplace(layer_key, std::move(out)).first->second;
}

RunAccumulator::RunAccumulator(const HwConfig& hw, TraceHeader header, const RunOptions& options)
    : RunAccumulator(hw, std::move(header), std::make_shared<PassCoster>(hw, options)) {}

RunAccumulator::RunAccumulator(const HwConfig& hw, TraceHeader header, std::shared_ptr<PassCoster> coster)
    : hw_(hw), header_(std::move(header)), coster_(std::move(coster)) {}

void RunAccumulator::add(const TraceRun& run) {
  for (size_t i = 0; i < run.bits.size(); ++i) {
    coster_->layerCost(header_.layers[i], run.bits[i], header_.batch);
    used_[{i, run.bits[i]}] += run.length();
  }
  if (!runs_.empty() && runs_.back().end == run.start && runs_.back().bits == run.bits)
    runs_.back().end = run.end;
  else
    runs_.push_back(run);
}

namespace {

// Adds `n` iterations of one run's per-iteration cost to its epoch row.
void addToEpoch(RunReport& rep, const TraceRun& r, int64_t s, int64_t end, double cycles, double stalls,
                const EnergyBreakdown& e) {
  const int64_t ep = s / rep.trace.iterations_per_epoch;
  const double n = double(end - s);
  if (rep.epochs.size() <= size_t(ep)) {
    rep.epochs.resize(size_t(ep) + 1);
    rep.bits_per_epoch.resize(size_t(ep) + 1, std::vector<std::array<double, 3>>(rep.trace.layers.size()));
  }
  EpochRow& row = rep.epochs[size_t(ep)];
  row.epoch = ep + 1, row.iterations += end - s;  // epochs count from 1, as users (and the trainer) count
  row.cycles += cycles * n, row.stall_cycles += stalls * n, row.energy_pj += e.scaled(n);
  for (size_t i = 0; i < r.bits.size(); ++i) {
    auto& b = rep.bits_per_epoch[size_t(ep)][i];
    b[0] += r.bits[i].w * n, b[1] += r.bits[i].a * n, b[2] += r.bits[i].g * n;
  }
}

void finishEpochs(RunReport& rep, const BitopsSummary& bs) {
  const auto& layers = rep.trace.layers;
  for (size_t ep = 0; ep < rep.epochs.size(); ++ep) {
    EpochRow& row = rep.epochs[ep];
    row.epoch = int64_t(ep) + 1;
    row.gbitops = ep < bs.per_epoch.size() ? bs.per_epoch[ep] / 1e9 : 0.0;
    size_t quantized = 0;
    for (size_t i = 0; i < layers.size(); ++i) {
      for (auto& v : rep.bits_per_epoch[ep][i]) v /= double(std::max<int64_t>(row.iterations, 1));
      if (!layers[i].quantized) continue;
      ++quantized;
      for (int k = 0; k < 3; ++k) row.avg_bits[k] += rep.bits_per_epoch[ep][i][k];
    }
    for (auto& v : row.avg_bits) v /= double(std::max<size_t>(quantized, 1));
    rep.cycles += row.cycles, rep.stall_cycles += row.stall_cycles, rep.energy_pj += row.energy_pj;
  }
}

}  // namespace

RunReport RunAccumulator::report() const {
  RunReport rep;
  rep.trace = header_;
  rep.trace.iterations = runs_.empty() ? 0 : runs_.back().end;  // so far
  rep.hardware = hw_.toJson();
  rep.hardware["hash"] = hw_.hash();
  rep.clock_mhz = hw_.clock_mhz;
  const PassCoster& coster = *coster_;  // add() costed every (layer, bits) below
  for (const auto& [lb, iters] : used_) {
    const LayerOp& l = header_.layers[lb.first];
    const auto passes = hardwarePasses(l);
    const auto& costs = coster.costed(l, lb.second, header_.batch);
    for (size_t p = 0; p < passes.size(); ++p)
      rep.rows.push_back(LayerPassRow{lb.first, passes[p], lb.second, iters,
                                      double(header_.batch) * double(passBitops(l, passes[p], lb.second)), costs[p]});
  }
  BitopsAccountant acc(rep.trace);
  for (const auto& r : runs_) {
    acc.add(r);
    double cycles = 0, stalls = 0;
    EnergyBreakdown e;
    for (size_t i = 0; i < r.bits.size(); ++i)
      for (const PassResult& pr : coster.costed(header_.layers[i], r.bits[i], header_.batch))
        cycles += pr.cycles, stalls += pr.stall_cycles, e += pr.energy_pj;
    for (int64_t s = r.start; s < r.end;) {
      const int64_t end = std::min(r.end, (s / header_.iterations_per_epoch + 1) * header_.iterations_per_epoch);
      addToEpoch(rep, r, s, end, cycles, stalls, e);
      s = end;
    }
  }
  const BitopsSummary bs = acc.finish();
  finishEpochs(rep, bs);
  rep.gbitops = bs.total / 1e9;
  rep.widths = widthTable(header_, used_, *coster_);  // before the counts: it may cost new passes
  rep.unique_passes = coster_->uniquePasses();
  rep.simulated = coster_->simulated();
  rep.cache_hits = coster_->cacheHits();
  rep.model_version = kModelVersion;  // the cache serves no other version's rows
  rep.passes = coster_->passes();
  return rep;
}

namespace {

// Progress of `vpsim run` over the (layer, bits) pairs of a trace, each costed once: a line
// rewritten in place on a terminal, a log line every kLogEvery otherwise (the shared ProgressLine).
class CostProgress {
 public:
  static constexpr std::chrono::seconds kLogEvery{10};  // [s] of wall time between log lines off a terminal
  CostProgress(bool on, size_t total)
      : line_(on ? ProgressLine::modeFor("auto") : ProgressLine::Mode::Off, kLogEvery), total_(total) {
    start_ = std::chrono::steady_clock::now();
  }
  void update(size_t done, const PassCoster& c, bool last = false) {
    if (last && line_.mode() == ProgressLine::Mode::Log) return;  // off a terminal the summary line follows
    if (!line_.due(last)) return;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double eta = done > 0 ? el * double(total_ - done) / double(done) : 0.0;
    line_.show(
        fmt::format("costed {}/{} (layer, bits) pairs: {} unique passes, {} simulated, {} from the cache, "
                    "{:.0f} s, ETA {:.0f} s",
                    done, total_, c.uniquePasses(), c.simulated(), c.cacheHits(), el, eta));
    if (last) line_.finish();
  }

 private:
  ProgressLine line_;
  size_t total_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

RunReport runTrace(const HwConfig& hw, const std::string& trace_path, const RunOptions& opt) {
  std::set<std::pair<size_t, Bits>> pairs;  // what will be costed: a first pass over the trace
  {
    TraceReader counter(trace_path);
    TraceRun run;
    while (counter.next(run))
      for (size_t i = 0; i < run.bits.size(); ++i) pairs.insert({i, run.bits[i]});
  }
  TraceReader reader(trace_path);
  RunAccumulator acc(hw, reader.header(), opt);
  CostProgress progress(opt.progress, pairs.size());
  std::set<std::pair<size_t, Bits>> done;
  TraceRun run;
  while (reader.next(run)) {
    acc.add(run);
    for (size_t i = 0; i < run.bits.size(); ++i) done.insert({i, run.bits[i]});
    progress.update(done.size(), acc.coster());
  }
  progress.update(done.size(), acc.coster(), true);
  RunReport rep = acc.report();
  if (opt.progress) {
    spdlog::info("{} unique passes: {} simulated, {} from the cache (model {})", rep.unique_passes, rep.simulated,
                 rep.cache_hits, rep.model_version);
    if (const std::string other = acc.coster().ignoredCacheRows(); !other.empty())
      spdlog::info("{}: results of other model versions ignored (never served): {}", opt.cache_path, other);
  }
  return rep;
}

}  // namespace vpsim
