// gnuplot rendering of report figures (see report_plot.h).
#include "sim/report/report_plot.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "traces/yaml_guard.h"

namespace vpsim {

ReportPlotter::ReportPlotter(std::string data_dir) : dir_(std::move(data_dir)) {
  std::filesystem::create_directories(dir_);
}

std::string ReportPlotter::quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

void ReportPlotter::render(ReportPlot& p) const {
  const std::string stem = dir_ + "/" + p.id;
  std::ofstream(stem + ".csv") << p.data.csv();
  // noenhanced: layer names such as conv_1 must not turn into subscripts.
  const std::string preamble = fmt::format(
      "set terminal svg size {},{} dynamic noenhanced font 'Helvetica,12' background rgb 'white'\n"
      "set output {}\nset datafile separator ','\nset key outside right top\n"
      "set grid ytics lc rgb '#dddddd'\nset title {}\nDATA = {}\n",
      p.width, p.height, quote(stem + ".svg"), quote(p.title), quote(stem + ".csv"));
  std::ofstream(stem + ".gp") << preamble << p.script << "\nunset output\n";
  const std::string cmd = "gnuplot " + quote(stem + ".gp") + " 2> " + quote(stem + ".gp.log");
  const int status = std::system(cmd.c_str());
  if (status != 0) {
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 127)
      throw std::runtime_error("gnuplot not found: install it (apt-get install gnuplot-nox, scripts/setup.sh)");
    throw std::runtime_error("gnuplot failed on " + stem + ".gp: " + readFileOrEmpty(stem + ".gp.log"));
  }
  p.svg = readFileOrEmpty(stem + ".svg");
  if (p.svg.find("<svg") == std::string::npos) throw std::runtime_error("gnuplot wrote no SVG for " + p.id);
}

}  // namespace vpsim
