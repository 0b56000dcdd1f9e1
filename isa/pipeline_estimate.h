// PipelineEstimate: the controller's timeline of one pass in plain C++, the same dependencies the
// SystemC Accelerator follows (isa/tile_schedule.h: ping-pong loads wait for the computes that read
// the half they overwrite, computes for their loads and for the store that frees their OBUF half,
// stores for the vector unit's work on their outputs) with the same rule functions:
//   a DMA transfer is cut into bursts; each burst holds the off-chip link ceil(8b / bits_per_cycle)
//     cycles and its buffer port ceil(words / banks) cycles, the two sides pipelined
//     (memory/dma_engine.h); loads and stores share the link, booked in the order they are
//     requested (memory/ideal_dram.h);
//   a compute tile holds the array for its cycles minus its drain (the next tile's first rows
//     enter while the last ones drain, pe/array_timing.h), its outputs are final after the drain;
//   the vector unit works on a stored block's outputs for ceil(ops / lanes) cycles.
// The compiler replays its best candidate tilings with it, so the tiling it picks is the fastest
// by the cost the simulation reports (within 2% on the ideal link: bursts interleave there).
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "isa/tile_schedule.h"

namespace vpsim {

struct PipelineRules {
  int64_t dram_bits_per_cycle = 192;
  int64_t burst_bytes = 4096;  // the DMA moves a transfer in bursts; each burst's SRAM side follows its link time
  std::array<int, 3> word_bits{{64, 64, 64}}, banks{{1, 1, 1}};  // ibuf, obuf, wbuf ports
  int vector_lanes = 32;
  // cycles and drain of one compute tile (array_timing's rule)
  std::function<int64_t(const ComputeOp&)> tile_cycles, tile_drain;
};

struct PipelineTimes {
  int64_t cycles = 0;          // first issue -> last operation done
  int64_t compute_cycles = 0;  // array occupancy: sum of issue intervals + the last drain
  int64_t vector_cycles = 0;   // vector unit busy
};

PipelineTimes replaySchedule(const TileSchedule& s, const PipelineRules& r);

// ceil(ops / lanes): the vector unit's cycles for a block (one rule for the replay and the module).
int64_t vectorCycles(double ops, int lanes);

}  // namespace vpsim
