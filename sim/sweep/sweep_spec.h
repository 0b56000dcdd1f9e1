// SweepSpec: a design-space sweep as written in configs/sweeps/*.yaml, checked on load.
//
//   name: array-and-buffers
//   base: hw/bitfusion.yaml            # hardware config every point starts from
//   fidelity: tile                     # optional (tile | cycle)
//   workloads:                         # generated (model/dataset/schedule) or recorded (trace)
//     - {model: resnet20, dataset: cifar10, schedule: "cpt:3-8/8", iterations: 200, batch: 128}
//     - {name: mine, trace: runs/a.trace.jsonl}
//   axes:                              # hw key paths (or `hw`, `schedule`) -> list of values
//     array.rows: [8, 16, 32]
//     dram: [{model: ideal, bits_per_cycle: 192}, {model: timing, preset: hbm2}]
//   zip: [[array.rows, array.cols]]    # optional: these axes advance together
//   filters: ["total_buffer_kib <= 256"]
//
// Special axes: `hw` (a list of hardware config files replacing `base`) and `schedule` (replaces
// the schedule of generated workloads). Every other axis key is a dotted path into the hardware
// config; see SweepGrid for how paths are checked.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vpsim {

struct SweepWorkload {
  std::string name;  // label in rows and reports: given, else model-dataset or the trace's stem
  std::string model, dataset, schedule;
  int64_t iterations = 0;  // 0: epochs
  int64_t epochs = 1;
  int64_t batch = 128;
  std::string trace;  // a recorded trace, used as is (model/dataset/schedule come from its header)
  bool generated() const { return trace.empty(); }
};

struct SweepAxis {
  std::string key;
  std::vector<YAML::Node> values;
  int line = 0;
};

struct SweepFilterSpec {
  std::string expression;
  int line = 0;
};

struct SweepSpec {
  std::string file;  // the spec file (messages name it)
  std::string name;
  std::string base;  // resolved path of the base hardware config ("" if an `hw` axis gives them)
  std::string fidelity = "tile";
  std::vector<SweepWorkload> workloads;
  std::vector<SweepAxis> axes;                // in file order; the first varies slowest
  std::vector<std::vector<std::string>> zip;  // groups of axis keys that advance together
  std::vector<SweepFilterSpec> filters;

  static SweepSpec load(const std::string& file);  // throws InputError naming file:line: key
  const SweepAxis* axis(const std::string& key) const;
};

}  // namespace vpsim
