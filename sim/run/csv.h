// RFC 4180 CSV, the one reader and writer of vpsim's CSV files (run outputs, layer --ops, sweep
// exports, report tables): fields quoted only when they hold a comma, a quote or a newline, so
// plain numeric tables stay plain.
#pragma once

#include <string>
#include <vector>

namespace vpsim {

// One CSV record ("" inside quotes is a quote; no newlines inside fields; a trailing \r dropped).
// `unterminated` (optional) is set when the record ends inside quotes.
std::vector<std::string> splitCsvRecord(const std::string& line, bool* unterminated = nullptr);
// `s` as one field: as is, or in quotes with quotes doubled when it needs them.
std::string csvField(const std::string& s);
// One record of fields (each through csvField) and a newline.
std::string csvRecord(const std::vector<std::string>& fields);

}  // namespace vpsim
