// ReportPage: what one HTML report shows: a title, a table of key facts, figures, and optional
// extra HTML (tables). Built by ReportRun (a run directory) or ReportSweep (a sweep DB), written
// by ReportHtml.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/report/report_plot.h"

namespace vpsim {

struct ReportPage {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  // shown as a two-column table
  std::vector<ReportPlot> plots;
  std::string extra_html;  // already escaped
};

std::string htmlEscape(const std::string& s);

}  // namespace vpsim
