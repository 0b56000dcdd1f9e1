// runDramStream / runDramStrided: in-order injection; a full queue stalls the stream (head-of-line),
// as in hardware.
#include "memory/dram_stream.h"

namespace vpsim {

DramStreamResult runDramStream(DramTimingModel& model, uint64_t addr, uint64_t bytes, bool is_write) {
  return runDramStrided(model, addr, bytes, 1, 0, is_write);
}

DramStreamResult runDramStrided(DramTimingModel& model, uint64_t addr, uint64_t row_bytes, uint64_t rows,
                                uint64_t stride_bytes, bool is_write) {
  DramStreamResult r;
  r.start_cycle = model.clock();
  r.end_cycle = r.start_cycle;
  if (row_bytes == 0 || rows == 0) return r;
  const uint64_t burst = uint64_t(model.mapper().burstBytes());
  for (uint64_t row = 0; row < rows; ++row) {
    const uint64_t begin = addr + row * stride_bytes, end = begin + row_bytes;
    for (uint64_t a = begin / burst * burst; a < end;) {
      if (model.AddTransaction(a, is_write)) {
        a += burst;
        ++r.bursts;
      } else {
        model.tickToNextEvent();
      }
    }
  }
  model.drain();
  r.end_cycle = model.lastCompletion();
  return r;
}

}  // namespace vpsim
