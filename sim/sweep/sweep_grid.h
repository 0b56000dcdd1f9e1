// SweepGrid: expands a SweepSpec into points (workloads x grid product of axes, zipped axes
// advancing together), applies filters, validates every point's hardware config with the
// hardware config parser and keys each point by a hash of what it resolves to. All of this runs
// before any work starts, so a bad spec (unknown key path, wrong type, impossible value, unknown
// filter name) fails with a message naming the key and nothing is simulated.
//
// Key paths: an axis key must lead through mappings that exist in the base config (`array.rows`
// needs `array:`); the leaf may be new (an optional key the base leaves at its default, e.g.
// `vector.lanes`), and then the hardware parser decides whether it is allowed. A value must have
// the base value's type: number for a number, string for a string, mapping for a mapping.
#pragma once

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/sweep/sweep_spec.h"

namespace vpsim {

struct SweepPoint {
  int index = 0;           // position in the expanded grid (after filters); shards split on it
  std::string key;         // SHA-256 (hex, first 32) of model version, hw hash, workload identity, fidelity
  SweepWorkload workload;  // schedule resolved
  nlohmann::json axes = nlohmann::json::object();  // axis key -> value, as in the spec
  YAML::Node hw;                                   // the point's hardware YAML
  std::string hw_name, hw_hash;
  nlohmann::json hw_resolved;  // HwConfig::toJson()
  std::string label() const;   // "array.rows=8 dram.preset=hbm2 | resnet20-cifar10 cpt:3-8/8"
};

inline constexpr uint64_t kMaxSweepCombinations = 100000;  // checked before expansion

struct SweepGridStats {
  size_t combinations = 0;  // before filters
  size_t filtered_out = 0;
  size_t duplicates = 0;  // points that resolve to an earlier point's key
};

class SweepGrid {
 public:
  static std::vector<SweepPoint> expand(const SweepSpec& spec, const std::string& configs_dir,
                                        SweepGridStats* stats = nullptr);
  static std::string workloadIdentity(const SweepWorkload& w);  // JSON text, stable
};

}  // namespace vpsim
