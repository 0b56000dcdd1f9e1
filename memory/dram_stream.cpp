// runDramStream: in-order injection; a full queue stalls the stream (head-of-line), as in hardware.
#include "memory/dram_stream.h"

namespace vpsim {

DramStreamResult runDramStream(DramTimingModel& model, uint64_t addr, uint64_t bytes, bool is_write) {
  DramStreamResult r;
  r.start_cycle = model.clock();
  r.end_cycle = r.start_cycle;
  if (bytes == 0) return r;
  const uint64_t burst = uint64_t(model.mapper().burstBytes());
  const uint64_t end = addr + bytes;
  for (uint64_t a = addr / burst * burst; a < end;) {
    if (model.AddTransaction(a, is_write)) {
      a += burst;
      ++r.bursts;
    } else {
      model.tickToNextEvent();
    }
  }
  model.drain();
  r.end_cycle = model.lastCompletion();
  return r;
}

}  // namespace vpsim
