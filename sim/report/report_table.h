// ReportTable: a small CSV table (header + rows of cells) for reports: read the run driver's CSV
// outputs (epochs.csv, layers.csv, bits_per_epoch.csv) and write each plot's data.
#pragma once

#include <string>
#include <vector>

#include "sim/run/csv.h"

namespace vpsim {

std::string human(double v);  // 1.23e+09 -> "1.23 G"

class ReportTable {
 public:
  ReportTable() = default;
  explicit ReportTable(std::vector<std::string> header) : header_(std::move(header)) {}
  static ReportTable load(const std::string& path);  // throws InputError naming the file

  const std::vector<std::string>& header() const { return header_; }
  size_t rows() const { return cells_.size(); }
  int column(const std::string& name) const;                          // -1 if absent
  const std::string& cell(size_t row, const std::string& col) const;  // throws InputError if absent
  double num(size_t row, const std::string& col) const;
  void add(std::vector<std::string> row) { cells_.push_back(std::move(row)); }
  std::string csv() const;

  static std::string label(const std::string& s);  // safe as a gnuplot CSV cell: no commas or quotes

 private:
  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> cells_;
};

}  // namespace vpsim
