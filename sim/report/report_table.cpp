// CSV tables for reports (see report_table.h).
#include "sim/report/report_table.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "traces/input_error.h"

namespace vpsim {

std::string human(double v) {
  const char* units[] = {"", " k", " M", " G", " T", " P", " E", " Z"};
  int u = 0;
  while (std::fabs(v) >= 1000.0 && u < 7) v /= 1000.0, ++u;
  return fmt::format("{:.3g}{}", v, units[u]);
}

ReportTable ReportTable::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read");
  ReportTable t;
  t.file_ = path;
  std::string line;
  if (!std::getline(in, line)) throw InputError(path + ": empty CSV (no header)");
  t.header_ = splitCsvRecord(line);
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto row = splitCsvRecord(line);
    if (row.size() != t.header_.size())
      throw InputError(path + ":" + std::to_string(n) + ": " + std::to_string(row.size()) + " cells, header has " +
                       std::to_string(t.header_.size()));
    t.cells_.push_back(std::move(row));
  }
  return t;
}

int ReportTable::column(const std::string& name) const {
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

const std::string& ReportTable::cell(size_t row, const std::string& col) const {
  const int c = column(col);
  if (c < 0) throw InputError(file_ + ": no column '" + col + "'");
  return cells_.at(row)[static_cast<size_t>(c)];
}

double ReportTable::num(size_t row, const std::string& col) const {
  return std::strtod(cell(row, col).c_str(), nullptr);
}

std::string ReportTable::csv() const {
  std::ostringstream out;
  auto line = [&](const std::vector<std::string>& cells) { out << csvRecord(cells); };
  line(header_);
  for (const auto& r : cells_) line(r);
  return out.str();
}

std::string ReportTable::label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ',')
      out += ';';
    else if (c == '"' || c == '\'' || c == '{' || c == '}')
      continue;
    else
      out += c;
  }
  return out.empty() ? "-" : out;
}

}  // namespace vpsim
