// EnergyTable loading: schema checks per entry, then technology scaling of on-chip entries.
#include "memory/energy_table.h"

#include <cmath>

#include "traces/config_node.h"

namespace vpsim {
namespace {

// "sram_ibuf_read_pj_per_bit" -> "pJ/bit"; empty when the key names no unit.
std::string unitOf(const std::string& key) {
  const std::string marker = "_pj_per_";
  size_t pos = key.rfind(marker);
  if (pos == std::string::npos || pos + marker.size() >= key.size()) return "";
  return "pJ/" + key.substr(pos + marker.size());
}

EnergyEntry readEntry(const ConfigNode& n, const std::string& key) {
  n.allowOnly({"value", "source", "interpolated", "scaling"});
  EnergyEntry e;
  e.name = key;
  e.line = n.line();
  e.unit = unitOf(key);
  if (e.unit.empty()) n.fail("key names no unit (expected '<action>_pj_per_<unit>', e.g. read_pj_per_bit)");
  e.pj_table = n.child("value").as<double>();
  if (!(e.pj_table >= 0) || !std::isfinite(e.pj_table))
    n.child("value").fail("energy must be a finite non-negative number");
  e.source = n.get<std::string>("source");
  if (e.source.empty()) n.child("source").fail("empty source");
  e.interpolated = n.get<bool>("interpolated", false);
  std::string scaling = n.get<std::string>("scaling", "logic");
  if (scaling != "logic" && scaling != "none") n.child("scaling").fail("expected 'logic' or 'none'");
  e.scales = scaling == "logic";
  return e;
}

}  // namespace

double EnergyTable::nodeScale(int node_nm) {
  // Accelergy hwcomponents technology scaling (monotonic), relative to 45 nm; see hardware.md s4.
  switch (node_nm) {
    case 45:
      return 1.0;
    case 28:
      return 0.51;
    case 16:
      return 0.17;
    case 7:
      return 0.094;
    default:
      throw InputError("no technology scaling for " + std::to_string(node_nm) + " nm (known: 45, 28, 16, 7)");
  }
}

EnergyTable EnergyTable::load(const std::string& file, int node_nm) {
  ConfigNode root = ConfigNode::loadFile(file);
  root.allowOnly({"name", "node_nm", "source", "entries"});
  EnergyTable t;
  t.file_ = file;
  t.name_ = root.get<std::string>("name");
  root.get<std::string>("source");
  t.table_node_nm_ = int(root.getInt("node_nm", 1, 1000));
  const double from = nodeScale(t.table_node_nm_);  // validates the table's own node too
  t.node_nm_ = node_nm == 0 ? t.table_node_nm_ : node_nm;
  t.scale_ = nodeScale(t.node_nm_) / from;
  ConfigNode entries = root.child("entries");
  if (!entries.isMap() || entries.keys().empty()) entries.fail("expected a non-empty mapping of entries");
  for (const std::string& key : entries.keys()) {
    EnergyEntry e = readEntry(entries.child(key), key);
    e.pj = e.scales ? e.pj_table * t.scale_ : e.pj_table;
    t.entries_.emplace(key, e);
  }
  return t;
}

const EnergyEntry& EnergyTable::entry(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw InputError(file_ + ": energy table '" + name_ + "' has no entry '" + name + "'");
  return it->second;
}

double EnergyTable::get(const std::string& name) const { return entry(name).pj; }

std::vector<std::string> EnergyTable::names() const {
  std::vector<std::string> out;
  for (const auto& kv : entries_) out.push_back(kv.first);
  return out;
}

}  // namespace vpsim
