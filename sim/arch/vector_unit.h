// VectorUnit: the elementwise unit as a SystemC module (BN, ReLU, residual adds, pooling,
// quantize, the SGD update; FP32 passes the array cannot run). The accelerator's vector thread
// hands it each finished output block in order; it is busy vectorCycles(ops, lanes) cycles
// (isa/pipeline_estimate.h) while the array computes the next tiles, and the block's store waits
// for it. A layer without post ops gives it nothing to do, so the pass costs the array's cycles.
//
// Parameters: lanes (vector.lanes, FP32 ops per cycle), clock. Statistics (per pass, from beginPass): ops, busy_cycles.
#pragma once

#include <systemc>

#include <cstdint>

namespace vpsim {

class VectorUnit : public sc_core::sc_module {
 public:
  VectorUnit(const sc_core::sc_module_name& name, int lanes, const sc_core::sc_time& clock);
  // From a thread: occupies the unit for the block's cycles (waits them out).
  void process(double ops);
  // Statistics count from here: a pass's ops are summed from zero, so its result (a double sum)
  // does not depend on what ran before it in this process.
  void beginPass() { ops_ = 0, busy_cycles_ = 0; }
  double ops() const { return ops_; }
  uint64_t busyCycles() const { return busy_cycles_; }

 private:
  int lanes_;
  sc_core::sc_time clock_;
  double ops_ = 0;
  uint64_t busy_cycles_ = 0;
};

}  // namespace vpsim
