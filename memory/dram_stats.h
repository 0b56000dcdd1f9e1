// DramStats: hot-path counters of a DRAM model (plain integers, summed over channels). Each field
// is a named statistic with its unit; the energy model and reports read them.
#pragma once

#include <cstdint>

namespace vpsim {

struct DramStats {
  uint64_t activates = 0;          // [count] ACT commands
  uint64_t precharges = 0;         // [count] PRE commands
  uint64_t reads = 0;              // [count] RD commands (one burst each)
  uint64_t writes = 0;             // [count] WR commands (one burst each)
  uint64_t refreshes = 0;          // [count] all-bank REF commands
  uint64_t row_hits = 0;           // [count] requests served from an already open row
  uint64_t row_misses = 0;         // [count] requests that needed an ACT (bank closed)
  uint64_t row_conflicts = 0;      // [count] requests that needed PRE + ACT (other row open)
  uint64_t active_cycles = 0;      // [tCK] channel-cycles with at least one bank open (IDD3N)
  uint64_t precharged_cycles = 0;  // [tCK] channel-cycles with all banks closed (IDD2N)
  uint64_t bytes = 0;              // [B] data moved on the bus
  uint64_t requests = 0;           // [count] completed requests (reads + writes)
  uint64_t total_latency = 0;      // [tCK] sum over requests of arrival -> data done
  uint64_t read_requests = 0;      // [count] completed reads (forwarded ones included)
  uint64_t read_latency = 0;       // [tCK] sum over reads of arrival -> data done
  uint64_t forwarded_reads = 0;    // [count] reads answered from the write queue (no DRAM access)
  uint64_t write_drains = 0;       // [count] switches to write drain mode

  DramStats& operator+=(const DramStats& o) {
    activates += o.activates;
    precharges += o.precharges;
    reads += o.reads;
    writes += o.writes;
    refreshes += o.refreshes;
    row_hits += o.row_hits;
    row_misses += o.row_misses;
    row_conflicts += o.row_conflicts;
    active_cycles += o.active_cycles;
    precharged_cycles += o.precharged_cycles;
    bytes += o.bytes;
    requests += o.requests;
    total_latency += o.total_latency;
    read_requests += o.read_requests;
    read_latency += o.read_latency;
    forwarded_reads += o.forwarded_reads;
    write_drains += o.write_drains;
    return *this;
  }
};

}  // namespace vpsim
