// SweepPareto: the Pareto front of a sweep's finished points, per workload, minimizing time
// (seconds) and energy (energy_j). A point is on the front when no other point of the same
// workload is at least as good in both and better in one.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/sweep/sweep_db.h"

namespace vpsim {

class SweepPareto {
 public:
  static std::set<std::string> frontKeys(const std::vector<SweepRow>& rows);
  // workload -> its front, sorted by time.
  static std::map<std::string, std::vector<const SweepRow*>> fronts(const std::vector<SweepRow>& rows);
};

}  // namespace vpsim
