// Reading `vpsim layer --ops` files (see layer_ops_file.h).
#include "sim/run/layer_ops_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/run/csv.h"
#include "traces/input_error.h"
#include "traces/trace_format.h"
#include "traces/yaml_guard.h"

namespace vpsim {
namespace {

constexpr const char* kFields = "op, bits, pass";

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

// One CSV record (RFC 4180 quoting, no newlines inside fields); `where` names it in errors.
std::vector<std::string> splitCsv(const std::string& line, const std::string& where) {
  bool unterminated = false;
  std::vector<std::string> out = splitCsvRecord(line, &unterminated);
  if (unterminated) throw InputError(where + ": unterminated quote");
  for (std::string& f : out) {  // "op, bits" reads as "op,bits"
    const size_t b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
    f = b == std::string::npos ? "" : f.substr(b, e - b + 1);
  }
  return out;
}

// Fills the parsed fields of `l` from its strings; errors carry l.where.
void check(LayerOpsLine& l) {
  try {
    if (l.op.empty()) throw InputError("missing op");
    if (l.bits.empty()) throw InputError("missing bits");
    if (l.pass.empty()) l.pass = "fwd";
    l.spec = parseOpSpec(l.op);
    l.parsed_bits = parseBitsSpec(l.bits);
    l.parsed_pass = parsePass(l.pass);
  } catch (const InputError& e) {
    throw InputError(l.where + ": " + e.what());
  }
}

std::vector<LayerOpsLine> parseCsv(std::istream& in, const std::string& name) {
  std::string text;
  int n = 0;
  bool have_header = false;
  while (!have_header && std::getline(in, text)) ++n, have_header = !blank(text);
  if (!have_header) throw InputError(name + ": empty file (expected a header naming " + kFields + ")");
  std::map<std::string, size_t> col;
  const std::vector<std::string> header = splitCsv(text, name + ":" + std::to_string(n));
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i];
    if (h != "op" && h != "bits" && h != "pass")
      throw InputError(name + ":" + std::to_string(n) + ": unknown column '" + h + "' (expected " + kFields + ")");
    if (!col.emplace(h, i).second) throw InputError(name + ":" + std::to_string(n) + ": column '" + h + "' twice");
  }
  for (const char* need : {"op", "bits"})
    if (!col.count(need)) throw InputError(name + ":" + std::to_string(n) + ": no '" + need + "' column in the header");
  std::vector<LayerOpsLine> out;
  while (std::getline(in, text)) {
    if (++n, blank(text)) continue;
    LayerOpsLine l;
    l.line = n;
    l.where = name + ":" + std::to_string(n);
    const std::vector<std::string> f = splitCsv(text, l.where);
    if (f.size() != header.size())
      throw InputError(l.where + ": " + std::to_string(f.size()) + " fields, the header has " +
                       std::to_string(header.size()) + " (quote op strings: \"conv:1,64,64,3,1,8\")");
    l.op = f[col["op"]];
    l.bits = f[col["bits"]];
    if (col.count("pass")) l.pass = f[col["pass"]];
    check(l);
    out.push_back(l);
  }
  return out;
}

std::string stringField(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) return "";
  if (!j[key].is_string()) throw InputError(where + ": '" + key + "' must be a string, got " + j[key].dump());
  return j[key].get<std::string>();
}

std::vector<LayerOpsLine> parseJsonl(std::istream& in, const std::string& name) {
  std::vector<LayerOpsLine> out;
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    if (blank(text)) continue;
    LayerOpsLine l;
    l.line = n;
    l.where = name + ":" + std::to_string(n);
    if (jsonNestingDepth(text) > kMaxJsonDepth)
      throw InputError(l.where + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) throw InputError(l.where + ": not valid JSON");
    if (!j.is_object()) throw InputError(l.where + ": expected one JSON object with keys " + kFields);
    for (const auto& kv : j.items())
      if (kv.key() != "op" && kv.key() != "bits" && kv.key() != "pass")
        throw InputError(l.where + ": unknown key '" + kv.key() + "' (expected " + kFields + ")");
    l.op = stringField(j, "op", l.where);
    l.bits = stringField(j, "bits", l.where);
    l.pass = stringField(j, "pass", l.where);
    check(l);
    out.push_back(l);
  }
  return out;
}

}  // namespace

OpsFormat opsFormatOf(const std::string& path) {
  if (endsWith(path, ".csv")) return OpsFormat::Csv;
  if (endsWith(path, ".jsonl") || endsWith(path, ".json")) return OpsFormat::Jsonl;
  throw InputError(path + ": unknown ops file type (expected .csv, .jsonl or .json)");
}

const char* opsFormatName(OpsFormat f) { return f == OpsFormat::Csv ? "csv" : "jsonl"; }

OpsFormat parseOpsFormat(const std::string& s) {
  if (s == "csv") return OpsFormat::Csv;
  if (s == "jsonl") return OpsFormat::Jsonl;
  throw InputError("unknown format '" + s + "' (expected csv or jsonl)");
}

std::vector<LayerOpsLine> parseLayerOps(const std::string& text, const std::string& name, OpsFormat format) {
  std::istringstream in(text);
  std::vector<LayerOpsLine> out = format == OpsFormat::Csv ? parseCsv(in, name) : parseJsonl(in, name);
  if (out.empty()) throw InputError(name + ": no layer passes in the file");
  return out;
}

std::vector<LayerOpsLine> readLayerOps(const std::string& path) {
  const OpsFormat format = opsFormatOf(path);
  return parseLayerOps(readInputFile(path), path, format);
}

}  // namespace vpsim
