// ReportSweep: the report of a sweep DB: per workload the Pareto front of energy vs time (all points
// grey, the front in red, numbered), each axis' effect (tied axes of a zip in one figure) (mean energy and mean time
// per axis value, per workload), a table of the front points and one of failed points.
#pragma once

#include <string>

#include "sim/report/report_page.h"
#include "sim/sweep/sweep_db.h"

namespace vpsim {

class ReportSweep {
 public:
  static ReportPage build(const std::string& db_path);

 private:
  static ReportPlot pareto(const std::string& workload, const std::vector<SweepRow>& rows, size_t n);
  static ReportPlot axisEffect(const std::vector<std::string>& tied_axes, const std::vector<SweepRow>& rows, size_t n);
  static std::string tables(const std::vector<SweepRow>& rows);
};

}  // namespace vpsim
