// The layer trace (JSON Lines, `.trace.jsonl`): a header line describing the model and schedule,
// then one line per run of identical precision, plus optional metric lines. Schema: traces/SCHEMA.md.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "traces/layer_op.h"

namespace vpsim {

inline constexpr int kTraceVersion = 2;  // written; 1 is still read (its layers have no post ops)
inline constexpr const char* kTraceFormat = "vpsim-trace";
// Limits on what a header may claim (checked on read; trace gen checks its request against them):
// work over a trace grows with its runs and epochs, never with its iterations.
inline constexpr int64_t kMaxTraceIterations = int64_t(1) << 40;  // about 1.1e12
inline constexpr int64_t kMaxTraceEpochs = 1000000;
inline constexpr size_t kMaxTraceLayers = 100000;
// Arrays and objects nest at most this deep in a trace line (nlohmann's dump and comparisons recurse).
inline constexpr int kMaxJsonDepth = 64;

// The deepest nesting of arrays and objects in JSON text (brackets inside strings skipped); the
// scan stops once it passes `limit`. Checked before parsing text from users.
int jsonNestingDepth(const std::string& text, int limit = kMaxJsonDepth);

struct TraceHeader {
  std::string model;
  std::string dataset;
  int64_t batch = 1;
  int64_t iterations = 0;            // total iterations the runs cover: [0, iterations)
  int64_t iterations_per_epoch = 1;  // ceil(train set size / batch)
  std::string schedule;              // the schedule string, e.g. "cpt:3-8/8"
  nlohmann::json schedule_params = nlohmann::json::object();
  std::string producer;  // e.g. "vpsim 0.1.0 trace gen"
  std::vector<LayerOp> layers;

  int64_t epochs() const { return (iterations + iterations_per_epoch - 1) / iterations_per_epoch; }
};

// Iterations [start, end) all run with `bits` (one entry per layer).
struct TraceRun {
  int64_t start = 0, end = 0;
  std::vector<Bits> bits;
  int64_t length() const { return end - start; }
};

// A metric line: {"epoch": e, ...any numbers...}, written by the trainer.
struct TraceMetric {
  int64_t epoch = 0;
  nlohmann::json values = nlohmann::json::object();
};

nlohmann::json headerToJson(const TraceHeader& h);
TraceHeader headerFromJson(const nlohmann::json& j, const std::string& where);  // throws InputError
nlohmann::json layerToJson(const LayerOp& l);
LayerOp layerFromJson(const nlohmann::json& j, const std::string& where);

}  // namespace vpsim
