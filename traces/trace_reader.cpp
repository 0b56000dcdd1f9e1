// TraceReader: line-by-line parsing with validation; every error names file and line.
#include "traces/trace_reader.h"

#include <filesystem>

#include "traces/input_error.h"

namespace vpsim {

using nlohmann::json;

TraceReader::TraceReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory (expected a trace file)");
  if (!in_) throw InputError(path + ": cannot open trace file");
  std::string line;
  if (!std::getline(in_, line)) throw InputError(path + ": empty file (expected a vpsim-trace header)");
  line_no_ = 1;
  if (jsonNestingDepth(line) > kMaxJsonDepth)
    fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded()) fail("header is not valid JSON");
  header_ = headerFromJson(j, path_ + ":1");
}

void TraceReader::fail(const std::string& msg) const {
  throw InputError(path_ + ":" + std::to_string(line_no_) + ": " + msg);
}

static Bits bitsTriple(const json& t, size_t at, const std::function<void(const std::string&)>& fail) {
  if (!t.is_array() || t.size() != at + 3) fail("bits entry must be [w, a, g]");
  Bits b;
  int* fields[3] = {&b.w, &b.a, &b.g};
  for (int i = 0; i < 3; ++i) {
    const json& v = t[at + i];
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > 32) || v.get<int64_t>() < 1 ||
        v.get<int64_t>() > 32)
      fail("bits must be integers in 1..32, got " + v.dump());
    *fields[i] = static_cast<int>(v.get<int64_t>());
  }
  return b;
}

std::vector<Bits> TraceReader::parseBits(const json& row) {
  auto err = [this](const std::string& m) { fail(m); };
  const size_t n = header_.layers.size();
  if (row.contains("bits")) {
    const json& rows = row.at("bits");
    if (!rows.is_array() || rows.size() != n)
      fail("bits row has " + std::to_string(rows.is_array() ? rows.size() : 0) + " layers, header has " +
           std::to_string(n));
    std::vector<Bits> out;
    for (const auto& t : rows) out.push_back(bitsTriple(t, 0, err));
    return out;
  }
  if (!row.contains("delta") || !row.at("delta").is_array()) fail("run line needs 'bits' or 'delta'");
  if (current_.empty()) fail("a 'delta' row cannot be the first run");
  std::vector<Bits> out = current_;
  for (const auto& d : row.at("delta")) {
    if (!d.is_array() || d.size() != 4 || !d[0].is_number_unsigned() || d[0].get<size_t>() >= n)
      fail("delta entry must be [layer_index < " + std::to_string(n) + ", w, a, g]");
    out[d[0].get<size_t>()] = bitsTriple(d, 1, err);
  }
  return out;
}

bool TraceReader::next(TraceRun& run) {
  std::string line;
  while (!done_ && std::getline(in_, line)) {
    ++line_no_;
    if (line.empty()) continue;
    if (jsonNestingDepth(line) > kMaxJsonDepth)
      fail("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    json row = json::parse(line, nullptr, false);
    if (row.is_discarded() || !row.is_object()) fail("not a valid JSON object (truncated line?)");
    if (row.contains("epoch") && !row.contains("iters")) {
      if (!row.at("epoch").is_number_integer()) fail("'epoch' must be an integer");
      metrics_.push_back(TraceMetric{row.at("epoch").get<int64_t>(), row});
      continue;
    }
    const json* it = row.contains("iters") ? &row.at("iters") : nullptr;
    if (!it || !it->is_array() || it->size() != 2 || !(*it)[0].is_number_integer() || !(*it)[1].is_number_integer())
      fail("run line needs \"iters\": [start, end)");
    run.start = (*it)[0].get<int64_t>();
    run.end = (*it)[1].get<int64_t>();
    if (run.start != covered_)
      fail(run.start < covered_
               ? "iteration range overlaps the previous run (starts at " + std::to_string(run.start) +
                     ", previous ended at " + std::to_string(covered_) + ")"
               : "missing iterations " + std::to_string(covered_) + ".." + std::to_string(run.start - 1));
    if (run.end <= run.start) fail("empty or reversed iteration range");
    if (run.end > header_.iterations)
      fail("run ends past the header's " + std::to_string(header_.iterations) + " iterations");
    run.bits = parseBits(row);
    current_ = run.bits;
    covered_ = run.end;
    return true;
  }
  if (!done_ && covered_ != header_.iterations)
    fail("trace ends at iteration " + std::to_string(covered_) + " but the header says " +
         std::to_string(header_.iterations) + " (truncated file?)");
  done_ = true;
  return false;
}

void TraceReader::readAll(const std::string& path, TraceHeader& header, std::vector<TraceRun>& runs,
                          std::vector<TraceMetric>* metrics) {
  TraceReader r(path);
  header = r.header();
  runs.clear();
  TraceRun run;
  while (r.next(run)) runs.push_back(run);
  if (metrics) *metrics = r.metrics();
}

}  // namespace vpsim
