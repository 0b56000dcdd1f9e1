// SweepProgress: a progress bar with throughput and ETA on stderr (the shared ProgressLine). On a
// terminal it redraws one line; otherwise (logs, CI, Slurm) it logs a line per finished point.
#pragma once

#include <cstddef>
#include <string>

#include "traces/progress_line.h"

namespace vpsim {

class SweepProgress {
 public:
  SweepProgress(size_t total, size_t already_done, bool enabled);
  void pointDone(bool ok, const std::string& label);
  void finish();

 private:
  std::string line() const;
  size_t total_, done_, start_done_, failed_ = 0;
  double started_;
  ProgressLine line_;
};

}  // namespace vpsim
