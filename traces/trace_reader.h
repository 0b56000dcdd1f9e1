// TraceReader: streaming reader and validator of the trace format. Every problem is an InputError
// naming the file and line: bad JSON, truncated lines, wrong format/version, bits rows with the wrong
// number of layers, bits outside 1..32, overlapping or missing iteration ranges.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "traces/trace_format.h"

namespace vpsim {

class TraceReader {
 public:
  explicit TraceReader(const std::string& path);  // reads and validates the header
  const TraceHeader& header() const { return header_; }
  // Next run (bits fully resolved, deltas applied); false at the end of the file, after checking
  // that the runs covered [0, iterations). Metric lines met on the way are collected.
  bool next(TraceRun& run);
  const std::vector<TraceMetric>& metrics() const { return metrics_; }

  // Whole file at once.
  static void readAll(const std::string& path, TraceHeader& header, std::vector<TraceRun>& runs,
                      std::vector<TraceMetric>* metrics = nullptr);

 private:
  [[noreturn]] void fail(const std::string& msg) const;
  std::vector<Bits> parseBits(const nlohmann::json& row);
  std::string path_;
  std::ifstream in_;
  TraceHeader header_;
  std::vector<TraceMetric> metrics_;
  std::vector<Bits> current_;
  int64_t line_no_ = 0;
  int64_t covered_ = 0;
  bool done_ = false;
};

}  // namespace vpsim
