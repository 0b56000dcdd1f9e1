// ReportHtml: writes a ReportPage as one self-contained HTML file that opens offline: every figure
// is an SVG inlined as a data: URI, every figure's data is a CSV download inlined the same way, no
// scripts or styles are fetched. A small inline script reports in #status how many figures loaded
// and how many errors the page raised (the headless-browser test reads it).
#pragma once

#include <string>

#include "sim/report/report_page.h"

namespace vpsim {

class ReportHtml {
 public:
  static std::string render(const ReportPage& page);
  static void write(const ReportPage& page, const std::string& file);  // atomically
  static std::string base64(const std::string& bytes);
};

}  // namespace vpsim
