// DramBackend: the one interface the TLM DRAM target needs from a DRAM model: "move these bytes,
// starting no earlier than t; when is the last data done?" Times are in ns so the DRAM clock and the
// accelerator clock stay independent. Implementations: IdealDramBackend (bits per accelerator
// cycle) and TimingDramBackend (cycle-level DramTimingModel); makeDramBackend picks by config.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "memory/memory_config.h"

namespace vpsim {

// One contiguous byte range of a gather (or scatter) access.
struct DramRun {
  uint64_t addr = 0, bytes = 0;
};

struct DramBackendStats {
  uint64_t read_bytes = 0;   // [B] bytes read
  uint64_t write_bytes = 0;  // [B] bytes written
  uint64_t accesses = 0;     // [count] access() calls
};

class DramBackend {
 public:
  virtual ~DramBackend() = default;
  // Returns the time [ns] at which the last byte is done. `start_ns` never decreases between calls
  // for a loosely-timed initiator; an earlier start simply waits for the model's current time.
  virtual double access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) = 0;
  // Several runs as one access (a DMA burst gathered from a strided tile): queued in order, done
  // when the last data is. One access in the stats.
  virtual double accessRuns(const DramRun* runs, size_t count, bool is_write, double start_ns) = 0;
  virtual double energyPj() = 0;  // energy so far (timing: from currents; ideal: table pJ/bit)
  // From `now_ns` on, the DRAM starts idle (link free, banks precharged, refresh timer at zero) with
  // its clock phase-aligned to now_ns; energy and stats so far are kept. The accelerator calls it
  // before every layer pass, so a pass costs the same whatever ran before it (memoization).
  virtual void restart(double now_ns) = 0;
  const DramBackendStats& stats() const { return stats_; }

 protected:
  DramBackendStats stats_;
};

// `accel_clock_ns` is the accelerator clock (the ideal link's bits are per accelerator cycle);
// `ideal_pj_per_bit` is the energy table's DRAM figure for the ideal model.
std::unique_ptr<DramBackend> makeDramBackend(const DramConfig& config, double accel_clock_ns,
                                             double ideal_pj_per_bit = 0.0);

}  // namespace vpsim
