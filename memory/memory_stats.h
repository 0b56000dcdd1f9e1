// Named statistics of the memory components: each counter with its name, unit and one-line
// description, so report columns and help text come from the code (SST ELI / DRAMsim3 style).
// Counters stay plain integers on the hot path; these lists are built once at the end of a pass.
#pragma once

#include <string>
#include <vector>

#include "memory/dram_energy.h"
#include "memory/dram_stats.h"
#include "memory/ideal_dram.h"
#include "memory/sram_buffer.h"

namespace vpsim {

struct NamedStat {
  std::string name;         // e.g. "dram.activates", "ibuf.read_bits"
  std::string unit;         // "count", "bit", "B", "tCK", "cycle", "pJ"
  std::string description;  // one line
  double value = 0;
};

std::vector<NamedStat> namedStats(const DramStats& s, const std::string& prefix = "dram");
std::vector<NamedStat> namedStats(const DramEnergy& e, const std::string& prefix = "dram");
std::vector<NamedStat> namedStats(const IdealDramStats& s, const std::string& prefix = "dram");
std::vector<NamedStat> namedStats(const SramStats& s, const std::string& prefix);  // prefix = buffer name

}  // namespace vpsim
