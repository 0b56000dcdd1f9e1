// SweepExport: a sweep's rows as CSV, one line per point: identity, one column per axis, status,
// the metric columns, whether the point is on its workload's Pareto front, and the error if any.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/sweep_db.h"

namespace vpsim {

class SweepExport {
 public:
  static std::string csv(const std::vector<SweepRow>& rows);
  static std::vector<std::string> axisKeys(const std::vector<SweepRow>& rows);  // in first-seen order
  static std::string value(const nlohmann::json& v);  // axis value as a cell ("8", "hbm2", "{...}")
};

}  // namespace vpsim
