// SweepRunner: runs the points of a sweep that have no row yet in N worker processes and writes one
// row per finished point. Only this process writes the DB (one transaction per row), so a sweep
// killed at any moment keeps every finished row and a rerun skips exactly those points.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/sweep/sweep_db.h"
#include "sim/sweep/sweep_grid.h"
#include "sim/sweep/sweep_progress.h"
#include "sim/sweep/sweep_worker.h"

namespace vpsim {

struct SweepRunStats {
  size_t total = 0;    // points of this run (or shard)
  size_t skipped = 0;  // already in the DB
  size_t ok = 0, failed = 0;
  double seconds = 0;
};

class SweepRunner {
 public:
  SweepRunner(const SweepRunOptions& opt, SweepDb& db) : opt_(opt), db_(db) {}
  // `traces`: workload identity -> trace file (SweepTraces::prepare).
  SweepRunStats run(const std::vector<SweepPoint>& points, const std::map<std::string, std::string>& traces);

  // Points of shard `shard` of `shards` (round robin on the point index).
  static std::vector<SweepPoint> shard(const std::vector<SweepPoint>& points, int shard, int shards);

 private:
  std::vector<const SweepPoint*> pending(const std::vector<SweepPoint>& points, SweepRunStats& st) const;
  void record(const SweepAttempt& a, int wait_status, SweepRunStats& st, SweepProgress& progress);
  SweepRunOptions opt_;
  SweepDb& db_;
};

}  // namespace vpsim
