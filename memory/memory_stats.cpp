// Named statistics: one table per counter struct; names are "<prefix>.<field>".
#include "memory/memory_stats.h"

namespace vpsim {
namespace {

void add(std::vector<NamedStat>& out, const std::string& prefix, const char* name, const char* unit,
         const char* description, double value) {
  out.push_back(NamedStat{prefix + "." + name, unit, description, value});
}

}  // namespace

std::vector<NamedStat> namedStats(const DramStats& s, const std::string& p) {
  std::vector<NamedStat> o;
  add(o, p, "activates", "count", "ACT commands", double(s.activates));
  add(o, p, "precharges", "count", "PRE commands", double(s.precharges));
  add(o, p, "reads", "count", "RD commands (one burst each)", double(s.reads));
  add(o, p, "writes", "count", "WR commands (one burst each)", double(s.writes));
  add(o, p, "refreshes", "count", "all-bank REF commands", double(s.refreshes));
  add(o, p, "row_hits", "count", "requests served from an open row", double(s.row_hits));
  add(o, p, "row_misses", "count", "requests that needed an ACT on a closed bank", double(s.row_misses));
  add(o, p, "row_conflicts", "count", "requests that needed PRE + ACT", double(s.row_conflicts));
  add(o, p, "active_cycles", "tCK", "channel-cycles with a bank open", double(s.active_cycles));
  add(o, p, "precharged_cycles", "tCK", "channel-cycles with all banks closed", double(s.precharged_cycles));
  add(o, p, "bytes", "B", "data moved on the bus", double(s.bytes));
  add(o, p, "requests", "count", "completed requests", double(s.requests));
  add(o, p, "avg_read_latency", "tCK", "mean arrival -> data done of reads",
      s.read_requests ? double(s.read_latency) / double(s.read_requests) : 0.0);
  add(o, p, "forwarded_reads", "count", "reads answered from the write queue", double(s.forwarded_reads));
  add(o, p, "write_drains", "count", "switches to write drain mode", double(s.write_drains));
  add(o, p, "avg_latency", "tCK", "mean arrival -> data done",
      s.requests ? double(s.total_latency) / double(s.requests) : 0.0);
  return o;
}

std::vector<NamedStat> namedStats(const DramEnergy& e, const std::string& p) {
  std::vector<NamedStat> o;
  add(o, p, "activate_pj", "pJ", "ACT/PRE energy from IDD0", e.activate_pj);
  add(o, p, "read_pj", "pJ", "read burst energy from IDD4R", e.read_pj);
  add(o, p, "write_pj", "pJ", "write burst energy from IDD4W", e.write_pj);
  add(o, p, "refresh_pj", "pJ", "refresh energy from IDD5AB", e.refresh_pj);
  add(o, p, "background_pj", "pJ", "standby energy from IDD3N / IDD2N", e.background_pj);
  add(o, p, "io_pj", "pJ", "interface energy, io_pj_per_bit", e.io_pj);
  add(o, p, "total_pj", "pJ", "core (currents) + I/O", e.totalPj());
  add(o, p, "lump_pj", "pJ", "alternative: lump_pj_per_bit x bits", e.lump_pj);
  return o;
}

std::vector<NamedStat> namedStats(const IdealDramStats& s, const std::string& p) {
  std::vector<NamedStat> o;
  add(o, p, "read_bits", "bit", "bits read over the ideal link", double(s.read_bits));
  add(o, p, "write_bits", "bit", "bits written over the ideal link", double(s.write_bits));
  add(o, p, "busy_cycles", "cycle", "cycles the link carried data", double(s.busy_cycles));
  add(o, p, "transfers", "count", "transfers", double(s.transfers));
  return o;
}

std::vector<NamedStat> namedStats(const SramStats& s, const std::string& p) {
  std::vector<NamedStat> o;
  add(o, p, "read_bits", "bit", "bits read (whole words)", double(s.read_bits));
  add(o, p, "write_bits", "bit", "bits written (whole words)", double(s.write_bits));
  add(o, p, "read_words", "count", "word reads", double(s.read_words));
  add(o, p, "write_words", "count", "word writes", double(s.write_words));
  add(o, p, "cycles", "cycle", "busy cycles (words / banks + conflict stalls)", double(s.cycles));
  add(o, p, "bank_conflicts", "cycle", "extra cycles from same-bank parallel accesses", double(s.bank_conflicts));
  add(o, p, "swaps", "count", "ping-pong half swaps", double(s.swaps));
  return o;
}

}  // namespace vpsim
