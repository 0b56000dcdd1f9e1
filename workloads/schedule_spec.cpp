// Parsing of schedule strings (grammar: configs/schedules/README.md) and of schedule YAML files.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "traces/config_node.h"
#include "traces/input_error.h"
#include "workloads/precision_schedule.h"

namespace vpsim {

namespace {

const char* kKinds[] = {"static", "cpt", "pfq", "dpc", "twophase", "random", "ldp", "file"};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}

int bitsValue(const std::string& s, const std::string& text) {
  size_t used = 0;
  int v = 0;
  try {
    v = std::stoi(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != s.size() || s.empty() || v < 1 || v > 32)
    throw InputError("schedule '" + text + "': bits '" + s + "' must be an integer in 1..32");
  return v;
}

// "8", "3-8" (range) or "3,4,6,8" (list).
std::vector<int> bitsField(const std::string& s, const std::string& text, bool* is_range) {
  std::vector<int> out;
  const auto dash = s.find('-');
  if (dash != std::string::npos) {
    out = {bitsValue(s.substr(0, dash), text), bitsValue(s.substr(dash + 1), text)};
    if (out[0] > out[1]) throw InputError("schedule '" + text + "': range '" + s + "' must be low-high");
    if (is_range) *is_range = true;
    return out;
  }
  for (const auto& part : split(s, ',')) out.push_back(bitsValue(part, text));
  return out;
}

// The parameters each kind reads (configs/schedules/README.md); every kind also takes the depthwise
// pins. Anything else is a typo that would otherwise run with the default (`cylces=16`).
std::vector<std::string> allowedParams(const std::string& kind) {
  static const std::map<std::string, std::vector<std::string>> kParams = {
      {"static", {}},
      {"cpt", {"cycles"}},
      {"pfq", {"turns", "eps", "alpha", "window"}},
      {"dpc", {"capacity", "cpt_min", "cycles"}},
      {"twophase", {"switch", "switch_iter", "underflow", "window"}},
      {"random", {"k", "seed", "per_layer"}},
      {"ldp", {"target", "run_target", "alpha", "lr", "N", "cost", "flat"}},
      {"file", {}}};
  std::vector<std::string> out = kParams.at(kind);
  out.insert(out.end(), {"dw_grad_bits", "dw_fwd_bits"});
  return out;
}

void checkParamNames(const ScheduleSpec& spec) {
  const auto allowed = allowedParams(spec.kind);
  for (const auto& [key, value] : spec.params) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw InputError("schedule '" + spec.text + "': unknown parameter '" + key + "' for " + spec.kind +
                     " (allowed: " + list + ")");
  }
}

}  // namespace

double ScheduleSpec::param(const std::string& key, double fallback) const {
  auto it = params.find(key);
  if (it == params.end()) return fallback;
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(it->second, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != it->second.size() || it->second.empty())
    throw InputError("schedule '" + text + "': parameter " + key + "='" + it->second + "' is not a number");
  if (!std::isfinite(v) || std::fabs(v) > 1e15)
    throw InputError("schedule '" + text + "': parameter " + key + "='" + it->second +
                     "' is out of range (|value| <= 1e15)");
  return v;
}

int64_t ScheduleSpec::intParam(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) const {
  if (!has(key)) return fallback;
  const double v = param(key, 0);  // a finite number, |v| <= 1e15
  if (v != std::floor(v) || v < static_cast<double>(lo) || v > static_cast<double>(hi))
    throw InputError("schedule '" + text + "': parameter " + key + "='" + params.at(key) + "' must be an integer in " +
                     std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int64_t>(v);
}

ScheduleSpec parseScheduleSpec(const std::string& text) {
  if (text == "fp32") {  // full precision by name: static 32/32 (every quantizer passes 32 bits through)
    ScheduleSpec fp = parseScheduleSpec("static:32/32");
    fp.text = text;
    return fp;
  }
  ScheduleSpec spec;
  spec.text = text;
  const auto colon = text.find(':');
  if (colon == std::string::npos)
    throw InputError("schedule '" + text + "': expected KIND:BITS (e.g. static:8/8, cpt:3-8/8)");
  spec.kind = text.substr(0, colon);
  if (std::find(std::begin(kKinds), std::end(kKinds), spec.kind) == std::end(kKinds))
    throw InputError("schedule '" + text + "': unknown kind '" + spec.kind +
                     "' (static, cpt, pfq, dpc, twophase, random, ldp, file)");
  std::string bits;
  for (const auto& tok : split(text.substr(colon + 1), ',')) {
    const auto eq = tok.find('=');
    if (eq == std::string::npos) {
      bits += (bits.empty() ? "" : ",") + tok;
    } else if (eq == 0 || eq + 1 == tok.size()) {
      throw InputError("schedule '" + text + "': parameter '" + tok + "' must be key=value");
    } else if (!spec.params.emplace(tok.substr(0, eq), tok.substr(eq + 1)).second) {
      throw InputError("schedule '" + text + "': parameter '" + tok.substr(0, eq) + "' given twice");
    }
  }
  checkParamNames(spec);
  if (spec.kind == "file") {
    if (bits.empty()) throw InputError("schedule '" + text + "': file: needs a trace path");
    spec.path = bits;
    return spec;
  }
  const auto parts = split(bits, '/');
  if (parts.size() == 3) {  // W/A/G
    spec.w_override = bitsValue(parts[0], text);
    spec.fwd = {bitsValue(parts[1], text)};
    spec.grad = {bitsValue(parts[2], text)};
  } else if (parts.size() == 2) {
    spec.fwd = bitsField(parts[0], text, &spec.fwd_is_range);
    spec.grad = bitsField(parts[1], text, nullptr);
  } else {
    throw InputError("schedule '" + text + "': bits must be FWD/GRAD or W/A/G (e.g. 8/8, 3-8/8, 4/6/8)");
  }
  return spec;
}

std::string resolveScheduleArgument(const std::string& arg, const std::string& configs_dir) {
  namespace fs = std::filesystem;
  std::string file;
  const bool yaml_ext =
      arg.size() > 5 && (arg.substr(arg.size() - 5) == ".yaml" || arg.substr(arg.size() - 4) == ".yml");
  if (yaml_ext) {
    file = arg;
  } else if (arg == "fp32") {
    return arg;
  } else if (arg.find(':') == std::string::npos) {
    file = (fs::path(configs_dir) / "schedules" / (arg + ".yaml")).string();
    if (!fs::exists(file)) throw InputError("schedule '" + arg + "': not a schedule string and no " + file);
  } else {
    return arg;
  }
  ConfigNode n = ConfigNode::loadFile(file);
  n.allowOnly({"kind", "bits", "params", "description", "source"});
  std::string out = n.get<std::string>("kind") + ":" + n.get<std::string>("bits");
  if (auto p = n.optChild("params"))
    for (const auto& k : p->keys()) out += "," + k + "=" + p->get<std::string>(k);
  try {
    parseScheduleSpec(out);  // validate now, so the message names the file
  } catch (const InputError& e) {
    n.fail(e.what());
  }
  return out;
}

}  // namespace vpsim
