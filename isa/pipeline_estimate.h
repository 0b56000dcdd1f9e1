// PipelineEstimate: the controller's timeline of one pass in plain C++, the same dependencies the
// SystemC Accelerator follows (isa/tile_schedule.h: ping-pong loads wait for the computes that read
// the half they overwrite, computes for their loads and for the store that frees their OBUF half,
// stores for the vector unit's work on their outputs) with the same rule functions:
//   the DMA engine moves bursts (burst_bytes) over one shared link, choosing each with
//     isa/dma_arbiter.h (per-buffer load queues and a store queue; the first ready head in program
//     order), two bursts in flight so the link does not wait for a decision; the link packs bits
//     (memory/ideal_dram.h); each burst also holds its buffer half's port ceil(words / banks)
//     cycles, after the link for loads, before it for stores (read out as soon as the outputs are);
//   a compute tile holds the array for its cycles minus its drain (the next tile's first rows
//     enter while the last ones drain, pe/array_timing.h), its outputs are final after the drain;
//   the vector unit works on a stored block's outputs for ceil(ops / lanes) cycles.
// The compiler replays its best candidate tilings with it, so the tiling it picks is the fastest
// by the cost the simulation reports: equal on the ideal link (tests/sim/estimate_agreement_test.cpp);
// on DRAM timing models the replay sees only the peak bandwidth, a lower bound (median 3-4% below).
// Addresses do not enter it: a halo tile's strided runs (isa/tile_schedule.h dramPieces) change
// only what a DRAM timing model charges, the bursts and the link bits stay the same.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <vector>

#include "isa/dma_arbiter.h"
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

// The completion cycles of a pass's operations as they become known, each stream in order, and
// the dependency rules read from them: the replay and the SystemC accelerator record the same
// times and wait on them through these functions. kUnknown: a dependency not known yet.
class ScheduleTimes {
 public:
  static constexpr int64_t kUnknown = DmaArbiter::kUnknown;
  explicit ScheduleTimes(const TileSchedule& s);
  std::vector<int64_t> issued, final_at, store_done, vector_done;  // tiles entered / drained, stores, vector blocks
  std::array<std::vector<int64_t>, 3> load_done;                   // per buffer
  // Cycle at which `count` events of a stream have happened (0 for none).
  static int64_t after(const std::vector<int64_t>& times, int64_t count);
  int64_t computeReady(const ComputeOp& c) const;  // its loads and the store freeing its OBUF half
  int64_t dmaReady(size_t op) const;  // loads: the computes that read their half; stores: their vector block
  // The store whose outputs the vector unit takes next (store order; nullptr when all are done),
  // and when it may begin: its outputs final and the previous block done.
  const DmaOp* nextVectorStore() const;
  int64_t nextVectorBegin() const;
  size_t stores() const { return store_ops_.size(); }
  bool complete() const { return issued.size() == schedule_.compute.size() && store_done.size() == stores(); }

 private:
  const TileSchedule& schedule_;
  std::vector<size_t> store_ops_;  // dma index of each store
  std::vector<int64_t> store_of_;  // per dma op: its index among the stores, -1 for loads
};

// ceil(ops / lanes): the vector unit's cycles for a block (one rule for the replay and the module).
int64_t vectorCycles(double ops, int lanes);
// A burst's cycles on a buffer port: ceil(words / banks) words of word_bits.
int64_t bufferPortCycles(uint64_t bytes, int word_bits, int banks);

}  // namespace vpsim
