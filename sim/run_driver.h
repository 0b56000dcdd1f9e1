// The run driver: simulates every unique (layer pass, bits) of a trace once per hardware config
// (memo cache), multiplies by run lengths, and rolls the costs up per layer pass, per iteration, per
// epoch and for the whole run. Hardware skips the first layer's bwd_data pass (nobody needs the
// gradient of the input image); BitOPs follow the trace accounting (traces/bitops_accounting.h).
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "pe/array_config.h"
#include "sim/hw_config.h"
#include "sim/pass_result.h"
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
  PassResult result;       // per iteration
};

struct EpochRow {
  int64_t epoch = 0, iterations = 0;
  double cycles = 0, stall_cycles = 0, gbitops = 0;
  EnergyBreakdown energy_pj;
  std::array<double, 3> avg_bits{};  // mean over quantized layers and iterations
};

struct RunReport {
  nlohmann::json hardware;  // resolved config, with "hash"
  double clock_mhz = 0;
  TraceHeader trace;
  std::vector<LayerPassRow> rows;
  std::vector<EpochRow> epochs;
  std::vector<std::vector<std::array<double, 3>>> bits_per_epoch;  // [epoch][layer] w, a, g
  double cycles = 0, stall_cycles = 0, gbitops = 0;
  EnergyBreakdown energy_pj;
  int64_t unique_passes = 0, simulated = 0, cache_hits = 0;
  double seconds() const { return cycles / (clock_mhz * 1e6); }
};

RunReport runTrace(const HwConfig& hw, const std::string& trace_path, const RunOptions& options);
nlohmann::json summaryJson(const RunReport& r);
// DIR/summary.json, epochs.csv, layers.csv, bits_per_epoch.csv, each written atomically.
void writeRunReports(const RunReport& r, const std::string& dir);

}  // namespace vpsim
