// SweepTraces: the workload traces of a sweep, generated once per (model, dataset, schedule,
// iterations|epochs, batch) into a directory beside the results DB and reused by every point,
// every resumed run and every Slurm shard (written atomically, so a half-written trace is never used).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/sweep/sweep_grid.h"

namespace vpsim {

class SweepTraces {
 public:
  // Returns workload identity -> trace path for the given points; generates what is missing.
  static std::map<std::string, std::string> prepare(const std::vector<SweepPoint>& points, const std::string& dir,
                                                    const std::string& configs_dir);
  static std::string fileName(const SweepWorkload& w);
};

}  // namespace vpsim
