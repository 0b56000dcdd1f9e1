// ReportRun: the report of one `vpsim run --out DIR`: summary facts from DIR/summary.json, and per
// epoch: energy stacked by component (epochs.csv), cycles and time, average bits; then the
// precision heat maps, the widths used against their hardware cost (widths.csv) and per-layer
// energy (ReportLayers).
#pragma once

#include <string>

#include "sim/report/report_page.h"

namespace vpsim {

struct RunReportOptions {
  std::string trace;                            // optional: the run's trace, for a layers x iterations heat map
  long long window_start = 0, window_end = -1;  // iterations [start, end) of that map (-1: to the end)
};

class ReportRun {
 public:
  static ReportPage build(const std::string& dir, const RunReportOptions& opt);

 private:
  static ReportPlot energyPerEpoch(const ReportTable& epochs);
  static ReportPlot timePerEpoch(const ReportTable& epochs);
  static ReportPlot bitsPerEpoch(const ReportTable& epochs);
  static ReportPlot widthsUsed(const ReportTable& widths);
};

}  // namespace vpsim
