// The run driver: simulates every unique (layer pass, bits) of a trace once per hardware config
// (memo cache), multiplies by run lengths, and rolls the costs up per layer pass, per iteration, per
// epoch and for the whole run. Hardware skips the first layer's bwd_data pass (nobody needs the
// gradient of the input image); BitOPs follow the trace accounting (traces/bitops_accounting.h).
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pe/array_config.h"
#include "sim/arch/hw_config.h"
#include "sim/arch/pass_result.h"
#include "sim/run/run_widths.h"
#include "traces/trace_format.h"

namespace vpsim {

struct RunOptions {
  Fidelity fidelity = Fidelity::Tile;
  std::string cache_path;  // "" : in-memory cache only
  bool progress = true;    // unique passes done / total on stderr
};

struct LayerPassRow {
  size_t layer = 0;
  Pass pass = Pass::Fwd;
  Bits bits;
  int64_t iterations = 0;  // iterations that ran this layer pass at these bits
  double bitops_per_iter = 0;
  PassResult result;  // per iteration
};

struct EpochRow {
  int64_t epoch = 0, iterations = 0;  // epoch: 1-based, as in the trainer's log and metrics.csv
  double cycles = 0, stall_cycles = 0, gbitops = 0;
  EnergyBreakdown energy_pj;
  std::array<double, 3> avg_bits{};  // mean over quantized layers and iterations
};

// One unique pass of a run with its identity and where its result came from (provenance).
struct UniquePass {
  std::string key;  // result identity (sim/arch/result_identity.h)
  GemmPass gemm;
  int b0 = 0, b1 = 0;       // operand widths
  bool from_cache = false;  // served by the persistent memo cache (made by model_version)
  PassResult result;
};

struct RunReport {
  nlohmann::json hardware;  // resolved config, with "hash"
  double clock_mhz = 0;
  TraceHeader trace;
  std::vector<LayerPassRow> rows;
  std::vector<EpochRow> epochs;
  std::vector<std::vector<std::array<double, 3>>> bits_per_epoch;  // [epoch][layer] w, a, g
  std::vector<WidthRow> widths;                                    // widths used and what each costs (run_widths.h)
  double cycles = 0, stall_cycles = 0, gbitops = 0;
  EnergyBreakdown energy_pj;
  int64_t unique_passes = 0, simulated = 0, cache_hits = 0;
  std::string model_version;       // made every number above (cache hits included)
  std::vector<UniquePass> passes;  // in identity order
  double seconds() const { return cycles / (clock_mhz * 1e6); }
};

// The cost of (layer, bits) on the hardware: one PassResult per hardware pass, simulated once per
// unique pass shape and bits (memo cache first).
class PassCoster {
 public:
  PassCoster(const HwConfig& hw, const RunOptions& options);
  ~PassCoster();
  const std::vector<PassResult>& layerCost(const LayerOp& layer, const Bits& bits, int64_t batch);
  // A cost layerCost already computed (std::out_of_range otherwise).
  const std::vector<PassResult>& costed(const LayerOp& layer, const Bits& bits, int64_t batch) const;
  int64_t uniquePasses() const { return static_cast<int64_t>(unique_.size()); }
  int64_t simulated() const { return simulated_; }
  int64_t cacheHits() const;
  // "vpsim-model-5 (11), unversioned (40)": rows of the persistent cache no result was served from.
  std::string ignoredCacheRows() const;
  std::vector<UniquePass> passes() const;  // every unique pass costed so far
  class PassSimulator& simulator() {
    return *sim_;
  }

 private:
  static std::string layerKey(const LayerOp& layer, const Bits& bits, int64_t batch);
  const HwConfig& hw_;
  RunOptions opt_;
  std::string hash_;
  std::unique_ptr<class MemoCache> cache_;
  std::unique_ptr<class PassSimulator> sim_;
  std::map<std::string, UniquePass> unique_;
  std::map<std::string, std::vector<PassResult>> layer_costs_;  // by layer shape + bits + batch
  int64_t simulated_ = 0;
};

// Runs in, report out: the costs of every run added so far, rolled up per layer pass and epoch.
// `vpsim run` feeds it a whole trace; co-simulation feeds it iteration by iteration.
class RunAccumulator {
 public:
  RunAccumulator(const HwConfig& hw, TraceHeader header, const RunOptions& options);
  // Shares the coster (one SystemC elaboration per process) with other users, e.g. LDP's cost model.
  RunAccumulator(const HwConfig& hw, TraceHeader header, std::shared_ptr<PassCoster> coster);
  void add(const TraceRun& run);  // runs in order, starting at iteration 0
  RunReport report() const;       // everything added so far
  PassCoster& coster() { return *coster_; }
  std::shared_ptr<PassCoster> costerPtr() const { return coster_; }
  const TraceHeader& header() const { return header_; }

 private:
  const HwConfig& hw_;
  TraceHeader header_;
  std::shared_ptr<PassCoster> coster_;
  std::vector<TraceRun> runs_;
  std::map<std::pair<size_t, Bits>, int64_t> used_;
};

// Hardware passes of a layer: the first layer has no bwd_data pass on hardware.
std::vector<Pass> hardwarePasses(const LayerOp& l);

RunReport runTrace(const HwConfig& hw, const std::string& trace_path, const RunOptions& options);

}  // namespace vpsim
