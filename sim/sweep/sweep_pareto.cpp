// Pareto fronts of energy vs time (see sweep_pareto.h).
#include "sim/sweep/sweep_pareto.h"

#include <algorithm>

namespace vpsim {

std::map<std::string, std::vector<const SweepRow*>> SweepPareto::fronts(const std::vector<SweepRow>& rows) {
  std::map<std::string, std::vector<const SweepRow*>> by_workload, out;
  for (const auto& r : rows)
    if (r.status == "ok") by_workload[r.workload].push_back(&r);
  for (auto& [w, pts] : by_workload) {
    // Sort by time, then energy; sweep keeping the points that lower the best energy so far.
    std::sort(pts.begin(), pts.end(), [](const SweepRow* a, const SweepRow* b) {
      const double ta = a->metric("seconds"), tb = b->metric("seconds");
      return ta != tb ? ta < tb : a->metric("energy_j") < b->metric("energy_j");
    });
    double best = 0;
    bool first = true;
    for (const SweepRow* r : pts) {
      const double e = r->metric("energy_j");
      if (first || e < best) out[w].push_back(r), best = e, first = false;
    }
  }
  return out;
}

std::set<std::string> SweepPareto::frontKeys(const std::vector<SweepRow>& rows) {
  std::set<std::string> keys;
  for (const auto& [w, front] : fronts(rows))
    for (const SweepRow* r : front) keys.insert(r->key);
  return keys;
}

}  // namespace vpsim
