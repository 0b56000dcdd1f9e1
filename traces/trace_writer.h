// TraceWriter: appends per-iteration bits, merging identical consecutive iterations into runs, and
// writes the file atomically (a temporary beside the target, renamed on close()). A run whose bits
// differ from the previous run in few layers is written as a delta to keep LDP traces small.
#pragma once

#include <fstream>
#include <memory>
#include <string>

#include "traces/trace_format.h"

namespace vpsim {

class TraceWriter {
 public:
  TraceWriter(const std::string& path, const TraceHeader& header);
  ~TraceWriter();  // an unclosed writer removes its temporary file: no half-written traces
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Bits of iteration `iter`; iterations must be appended in order 0, 1, 2, ...
  void append(int64_t iter, const std::vector<Bits>& bits);
  // Bits for iterations [start, end) at once.
  void appendRun(int64_t start, int64_t end, const std::vector<Bits>& bits);
  void metric(const TraceMetric& m);
  // Flushes the last run, checks the runs cover [0, header.iterations), renames into place.
  void close();
  int64_t iterationsWritten() const { return next_iter_; }

 private:
  void flushRun();
  std::string path_, tmp_path_;
  TraceHeader header_;
  std::ofstream out_;
  TraceRun pending_;
  std::vector<Bits> last_written_;
  int64_t next_iter_ = 0;
  bool closed_ = false;
};

}  // namespace vpsim
