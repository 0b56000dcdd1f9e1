// Trace generation without a trainer: model zoo + data-independent schedule -> trace file.
#pragma once

#include <cstdint>
#include <string>

namespace vpsim {

struct TraceGenRequest {
  std::string model, dataset, schedule;  // schedule: string or YAML name/path
  int64_t batch = 128;
  int64_t iterations = 0;  // 0: use epochs
  int64_t epochs = 1;
  uint64_t seed = 1;
  std::string output;
};

inline constexpr int64_t kMaxGenIterations = 100000000;  // trace gen walks every iteration

// Writes the trace atomically; returns the number of runs written.
int64_t generateTrace(const TraceGenRequest& req, const std::string& configs_dir);

}  // namespace vpsim
