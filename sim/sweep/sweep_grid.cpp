// Grid expansion, per-point validation and keys (see sweep_grid.h).
#include "sim/sweep/sweep_grid.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "sim/arch/hw_config.h"
#include "sim/arch/model_version.h"
#include "sim/arch/result_identity.h"
#include "sim/sweep/sweep_filter.h"
#include "sim/sweep/sweep_yaml.h"
#include "traces/config_node.h"

namespace vpsim {

namespace {

using sweep_yaml::ScalarKind;

// One dimension of the product: a lone axis or a zip group (advancing together).
using Dimension = std::vector<const SweepAxis*>;

std::vector<Dimension> dimensions(const SweepSpec& spec) {
  std::vector<Dimension> dims;
  std::set<std::string> done;
  for (const auto& a : spec.axes) {
    if (done.count(a.key)) continue;
    Dimension d{&a};
    for (const auto& g : spec.zip)
      if (std::find(g.begin(), g.end(), a.key) != g.end()) {
        d.clear();
        for (const auto& k : g) d.push_back(spec.axis(k)), done.insert(k);
      }
    done.insert(a.key);
    dims.push_back(d);
  }
  return dims;
}

std::string where(const SweepSpec& spec, const SweepAxis& a) {
  return spec.file + (a.line > 0 ? ":" + std::to_string(a.line) : "") + ": axes." + a.key;
}

// A value must have the type of what it replaces, so `array.rows: [eight]` fails by name here.
void checkType(const SweepSpec& spec, const SweepAxis& a, const YAML::Node& base, const YAML::Node& v) {
  const YAML::Node old = sweep_yaml::getPath(base, a.key);
  if (!old.IsDefined()) return;
  auto fail = [&](const std::string& want) {
    throw InputError(where(spec, a) + ": value " + sweep_yaml::shortText(v) + " is not " + want +
                     " (the base config has " + sweep_yaml::shortText(old) + ")");
  };
  if (old.IsMap() && !v.IsMap()) fail("a mapping");
  if (old.IsScalar() && !v.IsScalar()) fail("a single value");
  if (!old.IsScalar() || !v.IsScalar()) return;
  const ScalarKind ko = sweep_yaml::scalarKind(old), kv = sweep_yaml::scalarKind(v);
  const bool num_o = ko == ScalarKind::Int || ko == ScalarKind::Float;
  const bool num_v = kv == ScalarKind::Int || kv == ScalarKind::Float;
  if (num_o && !num_v) fail("a number");
  if (ko == ScalarKind::Int && kv == ScalarKind::Float) fail("an integer");
  if (ko == ScalarKind::Bool && kv != ScalarKind::Bool) fail("true or false");
}

YAML::Node loadBase(const std::string& file) { return YAML::Clone(ConfigNode::loadFile(file).yaml()); }

bool filterLookup(const SweepPoint& p, const std::string& name, FilterValue& out) {
  if (name == "schedule") return out = p.workload.schedule, true;
  if (name == "workload") return out = p.workload.name, true;
  if (name == "total_buffer_kib") {
    double kib = 0;
    for (const auto& b : p.hw["buffers"]) kib += b.second["kib"] ? b.second["kib"].as<double>() : 0.0;
    return out = kib, true;
  }
  if (name == "pes") return out = p.hw["array"]["rows"].as<double>() * p.hw["array"]["cols"].as<double>(), true;
  const YAML::Node n = sweep_yaml::getPath(p.hw, name);
  if (!n.IsDefined() || !n.IsScalar()) return false;
  const nlohmann::json j = sweep_yaml::toJson(n);
  if (j.is_number())
    out = j.get<double>();
  else
    out = n.Scalar();
  return true;
}

}  // namespace

std::string SweepGrid::workloadIdentity(const SweepWorkload& w) {
  if (!w.generated()) {
    return nlohmann::json{{"trace_sha256", sha256File(w.trace)}}.dump();
  }
  return nlohmann::json{{"model", w.model},
                        {"dataset", w.dataset},
                        {"schedule", w.schedule},
                        {"iterations", w.iterations},
                        {"epochs", w.iterations ? 0 : w.epochs},
                        {"batch", w.batch}}
      .dump();
}

std::string SweepPoint::label() const {
  std::string s;
  for (auto it = axes.begin(); it != axes.end(); ++it)
    s += fmt::format("{}{}={}", s.empty() ? "" : " ", it.key(), it->is_string() ? it->get<std::string>() : it->dump());
  return s + (s.empty() ? "" : " | ") + workload.name + (workload.schedule.empty() ? "" : " " + workload.schedule);
}

namespace {

// Builds one point from a choice of value per axis; throws InputError naming the point.
SweepPoint makePoint(const SweepSpec& spec, const SweepWorkload& w,
                     const std::vector<std::pair<const SweepAxis*, size_t>>& choice) {
  SweepPoint p;
  p.workload = w;
  std::string base = spec.base;
  for (const auto& [a, i] : choice) {
    p.axes[a->key] = sweep_yaml::toJson(a->values[i]);
    if (a->key != "hw") continue;
    base = a->values[i].Scalar();
    p.axes["hw"] = std::filesystem::path(base).stem().string();  // "bitfusion": short in labels and plots
  }
  p.hw = loadBase(base);
  for (const auto& [a, i] : choice) {
    if (a->key == "hw") continue;
    if (a->key == "schedule") {
      if (!w.generated())
        throw InputError(where(spec, *a) + ": workload '" + w.name +
                         "' is a recorded trace; a schedule axis needs generated workloads");
      p.workload.schedule = a->values[i].Scalar();
      continue;
    }
    checkType(spec, *a, p.hw, a->values[i]);
    const std::string err = sweep_yaml::setPath(p.hw, a->key, a->values[i]);
    if (!err.empty()) throw InputError(where(spec, *a) + ": unknown key path: " + err + " (" + base + ")");
  }
  if (p.workload.generated() && p.workload.schedule.empty())
    throw InputError(spec.file + ": workload '" + w.name + "' has no schedule (give `schedule:` or a schedule axis)");
  return p;
}

void resolve(SweepPoint& p, const SweepSpec& spec, const std::string& configs_dir) {
  // Errors read "<spec> point [array.rows=8 ...]: <key>: <why>", naming the point and the key.
  const HwConfig hw = parseHwConfig(ConfigNode(p.hw, spec.file + " point [" + p.label() + "]"), configs_dir);
  p.hw_name = hw.name;
  p.hw_hash = hw.hash();
  p.hw_resolved = hw.toJson();
  // The model version is part of the key: a sweep resumed after a model change runs every point again.
  p.key = identityDigest({{"model_version", kModelVersion},
                          {"hardware", p.hw_hash},
                          {"workload", SweepGrid::workloadIdentity(p.workload)},
                          {"fidelity", spec.fidelity}})
              .substr(0, 32);
}

}  // namespace

std::vector<SweepPoint> SweepGrid::expand(const SweepSpec& spec, const std::string& configs_dir,
                                          SweepGridStats* stats) {
  const auto dims = dimensions(spec);
  // Counted in closed form before anything is expanded (also for --dry-run): workloads x the product
  // of the axis lengths, overflow-checked.
  uint64_t combinations = spec.workloads.size();
  bool over = false;
  for (const auto& d : dims)
    over |= __builtin_mul_overflow(combinations, uint64_t(d.front()->values.size()), &combinations);
  if (over || combinations > kMaxSweepCombinations)
    throw InputError(spec.file + ": the grid has " +
                     (over ? std::string("more than 2^64") : std::to_string(combinations)) +
                     " combinations (workloads x axes), above the limit of " + std::to_string(kMaxSweepCombinations) +
                     "; split the sweep or zip axes");
  std::vector<SweepFilter> filters;
  for (const auto& f : spec.filters)
    filters.emplace_back(f.expression, spec.file + (f.line ? ":" + std::to_string(f.line) : ""));
  SweepGridStats st;
  std::vector<SweepPoint> out;
  std::set<std::string> keys;
  for (const auto& w : spec.workloads) {
    std::vector<size_t> idx(dims.size(), 0);
    for (bool more = true; more;) {
      std::vector<std::pair<const SweepAxis*, size_t>> choice;
      for (size_t d = 0; d < dims.size(); ++d)
        for (const SweepAxis* a : dims[d]) choice.emplace_back(a, idx[d]);
      ++st.combinations;
      SweepPoint p = makePoint(spec, w, choice);
      bool keep = true;
      for (const auto& f : filters)
        keep = keep && f.accepts([&](const std::string& n, FilterValue& v) { return filterLookup(p, n, v); });
      if (!keep) ++st.filtered_out;
      if (keep) resolve(p, spec, configs_dir);
      if (keep && !keys.insert(p.key).second) ++st.duplicates, keep = false;
      if (keep) p.index = static_cast<int>(out.size()), out.push_back(std::move(p));
      // Mixed-radix increment, last dimension fastest.
      more = false;
      for (size_t d = dims.size(); d-- > 0;) {
        if (++idx[d] < dims[d].front()->values.size()) {
          more = true;
          break;
        }
        idx[d] = 0;
      }
    }
  }
  if (stats) *stats = st;
  return out;
}

}  // namespace vpsim
