// EnergyTable: named per-action energies (pJ) loaded from configs/energy/*.yaml, optionally scaled
// from the table's technology node to another (28/16/7 nm, monotonic factors from Accelergy's
// hwcomponents scaling, relative to 45 nm). Every entry's key carries its unit (`_pj_per_bit`,
// `_pj_per_op`, `_pj_per_cycle`, ...) and every entry has a source; loading rejects unknown keys,
// missing units or sources and negative values, naming file, key and line.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace vpsim {

struct EnergyEntry {
  std::string name;           // key, e.g. "sram_ibuf_read_pj_per_bit"
  double pj = 0;              // [pJ per unit] value at the loaded node (scaled)
  double pj_table = 0;        // [pJ per unit] value as written in the file
  std::string unit;           // "pJ/bit", "pJ/op", "pJ/cycle", ... from the key suffix
  std::string source;         // where the number comes from
  bool interpolated = false;  // derived or interpolated here, not read from the source
  bool scales = true;         // false: off-chip (DRAM), not scaled with the logic node
  int line = 0;               // line in the file, for messages
};

class EnergyTable {
 public:
  // node_nm = 0 keeps the table's own node; otherwise one of 45, 28, 16, 7.
  static EnergyTable load(const std::string& file, int node_nm = 0);
  // Technology factor relative to 45 nm (45: 1, 28: 0.51, 16: 0.17, 7: 0.094); InputError otherwise.
  static double nodeScale(int node_nm);

  double get(const std::string& name) const;  // [pJ per unit]; InputError naming key and file
  const EnergyEntry& entry(const std::string& name) const;
  bool has(const std::string& name) const { return entries_.count(name) != 0; }
  std::vector<std::string> names() const;
  const std::string& name() const { return name_; }
  const std::string& file() const { return file_; }
  int tableNodeNm() const { return table_node_nm_; }
  int nodeNm() const { return node_nm_; }
  double scale() const { return scale_; }  // factor applied to scaling entries

 private:
  std::string name_;
  std::string file_;
  int table_node_nm_ = 45;
  int node_nm_ = 45;
  double scale_ = 1.0;
  std::map<std::string, EnergyEntry> entries_;
};

}  // namespace vpsim
