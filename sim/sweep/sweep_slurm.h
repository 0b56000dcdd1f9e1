// SweepSlurm: the Slurm backend of `vpsim sweep`. Writes two batch scripts next to the results DB
// and submits them with sbatch: a job array whose task i runs shard i of the points
// (`vpsim sweep SPEC --shard i/K`) into its own SQLite file, and a merge job, dependent on the whole
// array (afterany: a task that died still has its finished rows), that merges the shard files into
// the results DB. Traces are generated before submission, so the tasks only simulate.
#pragma once

#include <string>

#include "sim/sweep/sweep_worker.h"

namespace vpsim {

struct SlurmOptions {
  int shards = 4;
  int cpus_per_task = 1;    // --jobs inside each task
  std::string sbatch_args;  // extra sbatch options, e.g. "--partition=long --time=4:00:00"
  bool wait = false;        // block until the merge job has finished
};

struct SlurmSubmission {
  std::string array_job, merge_job, dir;
};

class SweepSlurm {
 public:
  // `spec`, `db`, `traces_dir` absolute; `self` the vpsim binary.
  static SlurmSubmission submit(const std::string& self, const std::string& spec, const std::string& db,
                                const std::string& traces_dir, const SlurmOptions& slurm, const SweepRunOptions& run);
};

}  // namespace vpsim
