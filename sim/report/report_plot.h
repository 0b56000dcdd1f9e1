// ReportPlot: one figure of a report: its data (written as CSV beside the page, so every plot's
// numbers can be reused), a gnuplot script that draws it, and the SVG gnuplot rendered. gnuplot is
// a well-kept plotting tool that Debian ships (gnuplot-nox, installed by scripts/setup.sh).
#pragma once

#include <string>
#include <vector>

#include "sim/report/report_table.h"

namespace vpsim {

struct ReportPlot {
  std::string id;  // file stem: <id>.csv, <id>.gp, <id>.svg in the data directory
  std::string title;
  std::string caption;  // one sentence under the figure: what is plotted, in which unit
  ReportTable data;
  std::string script;  // gnuplot commands after the common preamble; `DATA` names the CSV file
  int width = 960, height = 460;
  std::string svg;  // filled by ReportPlotter::render
};

class ReportPlotter {
 public:
  explicit ReportPlotter(std::string data_dir);
  // Writes the CSV and the script, runs gnuplot; throws std::runtime_error with gnuplot's message.
  void render(ReportPlot& p) const;
  static std::string quote(const std::string& s);  // a gnuplot single-quoted string

 private:
  std::string dir_;
};

}  // namespace vpsim
