// SweepWorker: runs one sweep point as its own process (SystemC allows one elaboration per
// process): `vpsim run --hw <point yaml> --trace <trace> --json --fidelity F [--cache C]`, stdout and
// stderr to files in the work directory, and turns how it ended into a result row.
#pragma once

#include <sys/types.h>

#include <set>
#include <string>

#include "sim/sweep/sweep_db.h"
#include "sim/sweep/sweep_grid.h"

namespace vpsim {

struct SweepRunOptions {
  std::string program;  // what runs a point: the vpsim binary, or a stand-in (--worker)
  std::string cache;    // memo cache passed to every worker ("" = the workers' default)
  bool no_cache = false;
  std::string work_dir;  // point YAMLs and worker output
  std::string fidelity = "tile";
  std::string sweep_name;
  int jobs = 1;
  bool retry_failed = false;
  bool progress = true;
};

struct SweepAttempt {
  pid_t pid = -1;
  const SweepPoint* point = nullptr;
  std::string out_file, err_file;
  double started = 0;  // seconds on a monotonic clock
};

class SweepWorker {
 public:
  // Writes the point's YAML and starts the worker; throws std::runtime_error if fork fails.
  static SweepAttempt start(const SweepPoint& p, const std::string& trace, const SweepRunOptions& opt);
  // The row for a finished attempt; `wait_status` as from waitpid.
  static SweepRow finish(const SweepAttempt& a, int wait_status, const SweepRunOptions& opt);
  static double now();
  // Removes what workers of dead sweep processes on this host left in `work_dir` (a killed sweep's
  // <key>.<host>.<pid>.out.json, .err.txt and .tmp.<host>.<pid> files); an .err.txt of a point in
  // `failed_keys` stays (it is that point's log). Files of live processes and of other hosts (a
  // Slurm array shares the work folder) are left alone. Returns how many were removed.
  static size_t removeStale(const std::string& work_dir, const std::set<std::string>& failed_keys);
};

}  // namespace vpsim
