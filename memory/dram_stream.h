// runDramStream: drives a DramTimingModel with the bursts of one sequential transfer, in address
// order, as fast as the request queues accept them (what a DMA engine does), until the last burst's
// data is done. Shared by the tile timer (fresh model) and the TLM DRAM target (persistent model).
#pragma once

#include <cstdint>

#include "memory/dram_timing_model.h"

namespace vpsim {

struct DramStreamResult {
  int64_t start_cycle = 0;  // [tCK] model clock when the first burst was offered
  int64_t end_cycle = 0;    // [tCK] data-end cycle of the last burst
  uint64_t bursts = 0;      // [count] requests issued
  int64_t cycles() const { return end_cycle - start_cycle; }
};

// Bursts covering [addr, addr + bytes) (burst-aligned, so a partial burst costs a whole one).
DramStreamResult runDramStream(DramTimingModel& model, uint64_t addr, uint64_t bytes, bool is_write);
// A 2-D tile: `rows` runs of `row_bytes` each, `stride_bytes` apart (a tile cut out of a larger
// tensor), issued run after run in address order.
DramStreamResult runDramStrided(DramTimingModel& model, uint64_t addr, uint64_t row_bytes, uint64_t rows,
                                uint64_t stride_bytes, bool is_write);

}  // namespace vpsim
