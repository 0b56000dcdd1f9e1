// vpsim report DIR|DB --html FILE: one self-contained HTML page (and a CSV per figure) for a run
// directory (`vpsim run --out DIR`) or a sweep results DB (`vpsim sweep --db FILE`).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "sim/cli/cli_commands.h"
#include "sim/report/report_html.h"
#include "sim/report/report_run.h"
#include "sim/report/report_sweep.h"
#include "sim/run/atomic_file.h"
#include "traces/input_error.h"

namespace vpsim::cli {

namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  std::string input, html, data_dir, trace, window;
};

void parseWindow(const std::string& w, RunReportOptions& opt) {
  std::istringstream in(w);
  char colon = 0;
  if (!(in >> opt.window_start >> colon >> opt.window_end) || colon != ':' || opt.window_start < 0 ||
      opt.window_end <= opt.window_start)
    throw InputError("--window: expected START:END iterations with START < END, got '" + w + "'");
}

void report(ReportArgs a) {
  if (!fs::exists(a.input)) throw InputError(a.input + ": no such run directory or results database");
  const bool run = fs::is_directory(a.input);
  if (a.html.empty())
    a.html = run ? (fs::path(a.input) / "report.html").string() : fs::path(a.input).replace_extension(".html").string();
  if (a.data_dir.empty()) a.data_dir = fs::path(a.html).replace_extension("").string() + "_data";
  checkOutputPath(a.html);  // before any work, and nothing left behind
  RunReportOptions opt;
  opt.trace = a.trace;
  if (!a.window.empty()) {
    if (a.trace.empty()) throw InputError("--window needs --trace FILE (the run's trace)");
    parseWindow(a.window, opt);
  }
  if (!run && !a.trace.empty()) throw InputError("--trace is for run directories, not sweep databases");
  ReportPage page = run ? ReportRun::build(a.input, opt) : ReportSweep::build(a.input);
  ReportPlotter plotter(a.data_dir);
  for (auto& p : page.plots) plotter.render(p);
  ReportHtml::write(page, a.html);
  spdlog::info("report: {} figures -> {} (data: {})", page.plots.size(), a.html, a.data_dir);
  std::cout << a.html << "\n";
}

}  // namespace

void addReportCommand(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  auto* r = app.add_subcommand("report", "HTML report (plots inlined, CSV per plot) of a run directory or a sweep DB");
  r->add_option("input", a->input, "run directory (vpsim run --out DIR) or sweep results DB")->required();
  r->add_option("--html", a->html, "HTML file to write (default DIR/report.html or DB.html)");
  r->add_option("--data-dir", a->data_dir, "where each plot's CSV, gnuplot script and SVG go (default <html>_data)");
  r->add_option("--trace", a->trace, "run reports: the run's trace, for a layers x iterations heat map");
  r->add_option("--window", a->window, "with --trace: iterations START:END of that heat map (default: all)");
  r->callback([a] { report(*a); });
}

}  // namespace vpsim::cli
