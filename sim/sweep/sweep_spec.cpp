// Loading of sweep specs: structure, types and references are checked here; the hardware key
// paths and values are checked per point by SweepGrid (against the hardware config parser).
#include "sim/sweep/sweep_spec.h"

#include <filesystem>
#include <set>

#include "sim/run/config_paths.h"
#include "traces/config_node.h"
#include "workloads/model_zoo.h"
#include "workloads/precision_schedule.h"

namespace vpsim {

namespace {

SweepWorkload parseWorkload(const ConfigNode& n) {
  SweepWorkload w;
  if (!n.isMap())
    n.fail("a workload is a mapping (model, dataset, schedule, iterations|epochs, batch) or {trace: FILE}");
  n.allowOnly({"name", "model", "dataset", "schedule", "iterations", "epochs", "batch", "trace"});
  if (n.has("trace")) {
    for (const char* k : {"model", "dataset", "schedule", "iterations", "epochs", "batch"})
      if (n.has(k)) n.child(k).fail("not allowed with `trace` (the trace file says it)");
    w.trace = resolveConfigPath(n.get<std::string>("trace"));
    if (!std::filesystem::exists(w.trace)) n.child("trace").fail("trace file '" + w.trace + "' not found");
    w.name = n.get<std::string>("name", std::filesystem::path(w.trace).stem().stem().string());
    return w;
  }
  w.model = n.get<std::string>("model");
  w.dataset = n.get<std::string>("dataset");
  w.schedule = n.get<std::string>("schedule", "");
  if (n.has("iterations") && n.has("epochs")) n.child("epochs").fail("give iterations or epochs, not both");
  w.iterations = n.getInt("iterations", 1, int64_t{1} << 40, 0);
  w.epochs = n.getInt("epochs", 1, 100000, 1);
  w.batch = n.getInt("batch", 1, 1 << 20, 128);
  w.name = n.get<std::string>("name", w.model + "-" + w.dataset);
  // Checked now, so the error names the spec file and line (not a worker's log much later).
  try {
    buildModel(w.model, datasetInfo(w.dataset));
  } catch (const InputError& e) {
    n.fail(e.what());
  }
  if (!w.schedule.empty()) {
    try {
      parseScheduleSpec(resolveScheduleArgument(w.schedule, configsDir()));
    } catch (const InputError& e) {
      n.child("schedule").fail(e.what());
    }
  }
  return w;
}

SweepAxis parseAxis(const ConfigNode& axes, const std::string& key) {
  ConfigNode n = axes.child(key);
  SweepAxis a;
  a.key = key;
  a.line = n.line();
  if (!n.isSequence()) n.fail("an axis is a list of values, e.g. [8, 16, 32]");
  if (n.items().empty()) n.fail("empty axis (give at least one value)");
  for (const auto& v : n.items()) {
    if ((key == "hw" || key == "schedule") && !v.isScalar()) v.fail("a " + key + " value is a string");
    if (key != "hw") {
      a.values.push_back(v.yaml());
      continue;
    }
    // Hardware configs resolve like --hw: as given, else under configs/ (hw/bitfusion.yaml).
    const std::string file = resolveConfigPath(v.as<std::string>());
    if (!std::filesystem::exists(file)) v.fail("hardware config '" + file + "' not found");
    a.values.push_back(YAML::Node(file));
  }
  return a;
}

void parseZip(const ConfigNode& n, SweepSpec& s) {
  if (!n.isSequence()) n.fail("zip is a list of groups, e.g. [[array.rows, array.cols]]");
  std::set<std::string> seen;
  for (const auto& g : n.items()) {
    if (!g.isSequence() || g.items().size() < 2) g.fail("a zip group lists two or more axis keys");
    std::vector<std::string> group;
    size_t len = 0;
    for (const auto& k : g.items()) {
      const auto key = k.as<std::string>();
      const SweepAxis* a = s.axis(key);
      if (!a) k.fail("'" + key + "' is not an axis of this sweep");
      if (!seen.insert(key).second) k.fail("'" + key + "' is in two zip groups");
      if (len && a->values.size() != len)
        k.fail("zipped axes need equal lengths: '" + key + "' has " + std::to_string(a->values.size()) + " values, '" +
               group.front() + "' has " + std::to_string(len));
      len = a->values.size();
      group.push_back(key);
    }
    s.zip.push_back(group);
  }
}

}  // namespace

const SweepAxis* SweepSpec::axis(const std::string& key) const {
  for (const auto& a : axes)
    if (a.key == key) return &a;
  return nullptr;
}

SweepSpec SweepSpec::load(const std::string& file) {
  ConfigNode root = ConfigNode::loadFile(file);
  if (!root.isMap()) root.fail("a sweep spec is a mapping (name, base, workloads, axes, zip, filters)");
  root.allowOnly({"name", "description", "base", "fidelity", "workloads", "axes", "zip", "filters", "area_note"});
  SweepSpec s;
  s.file = file;
  s.name = root.get<std::string>("name", std::filesystem::path(file).stem().string());
  s.fidelity = root.get<std::string>("fidelity", "tile");
  if (s.fidelity != "tile" && s.fidelity != "cycle") root.child("fidelity").fail("tile or cycle");
  ConfigNode wl = root.child("workloads");
  if (!wl.isSequence() || wl.items().empty()) wl.fail("a non-empty list of workloads");
  for (const auto& w : wl.items()) s.workloads.push_back(parseWorkload(w));
  if (auto axes = root.optChild("axes")) {
    if (!axes->isMap()) axes->fail("axes map key paths to lists of values");
    for (const auto& k : axes->keys()) s.axes.push_back(parseAxis(*axes, k));
  }
  if (root.has("base")) {
    s.base = resolveConfigPath(root.get<std::string>("base"));
    if (!std::filesystem::exists(s.base)) root.child("base").fail("hardware config '" + s.base + "' not found");
  } else if (!s.axis("hw")) {
    root.fail("missing key 'base' (the hardware config every point starts from) or an `hw` axis");
  }
  if (auto z = root.optChild("zip")) parseZip(*z, s);
  if (auto f = root.optChild("filters")) {
    if (!f->isSequence()) f->fail("filters are a list of expressions, e.g. [\"total_buffer_kib <= 256\"]");
    for (const auto& e : f->items()) s.filters.push_back({e.as<std::string>(), e.line()});
  }
  return s;
}

}  // namespace vpsim
