// VectorUnit: one block at a time, ceil(ops / lanes) cycles each.
#include "sim/arch/vector_unit.h"

#include "isa/pipeline_estimate.h"

namespace vpsim {

VectorUnit::VectorUnit(const sc_core::sc_module_name& name, int lanes, const sc_core::sc_time& clock)
    : sc_core::sc_module(name), lanes_(lanes), clock_(clock) {}

void VectorUnit::process(double ops) {
  const int64_t cycles = vectorCycles(ops, lanes_);
  ops_ += ops;
  busy_cycles_ += uint64_t(cycles);
  if (cycles > 0) sc_core::wait(clock_ * double(cycles));
}

}  // namespace vpsim
