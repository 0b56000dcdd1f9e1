// replaySchedule: list scheduling of the three streams (loads, stores, computes) and the vector
// unit; each step runs the queue head that can start earliest, which is the order the SystemC
// threads reach the shared link in.
#include "isa/pipeline_estimate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace vpsim {

int64_t vectorCycles(double ops, int lanes) {
  return ops <= 0 ? 0 : static_cast<int64_t>(std::ceil(ops / double(std::max(1, lanes))));
}

namespace {
constexpr int64_t kUnknown = std::numeric_limits<int64_t>::max();

// Time at which `count` events of a stream have happened (0 when count is 0); kUnknown if not yet.
int64_t after(const std::vector<int64_t>& times, int64_t count) {
  if (count <= 0) return 0;
  return size_t(count) <= times.size() ? times[size_t(count - 1)] : kUnknown;
}
}  // namespace

// One DMA transfer requested at `t`: bursts through the link and the buffer port, the source
// side running ahead (memory/dma_engine.cpp). Returns its end; books the link.
// link_free counts bit slots (cycle * bits_per_cycle): the ideal link packs transfers bit for bit.
static int64_t transfer(const DmaOp& d, int64_t t, int64_t& link_free, const PipelineRules& r) {
  int64_t src = t, dst = t;
  const int64_t bpc = r.dram_bits_per_cycle;
  // books n bytes on the link no earlier than cycle `at`; returns the cycle they have crossed
  const auto link = [&](uint64_t n, int64_t at) {
    link_free = std::max(at * bpc, link_free) + int64_t(n) * 8;
    return (link_free + bpc - 1) / bpc;
  };
  const auto port = [&](uint64_t n) {
    const uint64_t w = uint64_t(r.word_bits[size_t(d.buffer)]), words = (n * 8 + w - 1) / w;
    return int64_t((words + uint64_t(r.banks[size_t(d.buffer)]) - 1) / uint64_t(r.banks[size_t(d.buffer)]));
  };
  for (uint64_t off = 0; off < d.bytes; off += uint64_t(r.burst_bytes)) {
    const uint64_t n = std::min<uint64_t>(uint64_t(r.burst_bytes), d.bytes - off);
    if (d.is_load) {  // DRAM -> buffer
      src = link(n, src);
      dst = std::max(dst, src) + port(n);
    } else {  // buffer -> DRAM
      src += port(n);
      dst = link(n, std::max(dst, src));
    }
  }
  return std::max(src, dst);
}

PipelineTimes replaySchedule(const TileSchedule& s, const PipelineRules& r) {
  std::vector<const DmaOp*> loads, stores;
  for (const DmaOp& d : s.dma) (d.is_load ? loads : stores).push_back(&d);
  std::array<std::vector<int64_t>, 3> load_done;  // completion times per buffer, in issue order
  std::vector<int64_t> issued, out_done, store_done;
  size_t li = 0, si = 0, ci = 0;
  int64_t link_free = 0, load_free = 0, store_free = 0, array_free = 0, vec_free = 0, end = 0;
  PipelineTimes t;
  // Each step runs the stream whose next operation is requested first (its dependencies met and
  // its stream idle); the link is booked in request order, as the SystemC threads book it.
  while (li < loads.size() || si < stores.size() || ci < s.compute.size()) {
    int64_t best = kUnknown, vec_end = 0;
    int which = -1;
    if (ci < s.compute.size()) {
      const ComputeOp& c = s.compute[ci];
      int64_t dep = after(store_done, c.wait_stores);
      for (int b = 0; b < 3; ++b) dep = std::max(dep, after(load_done[size_t(b)], c.wait_loads[size_t(b)]));
      if (dep != kUnknown) best = std::max(dep, array_free), which = 0;
    }
    if (li < loads.size()) {
      const int64_t dep = after(issued, loads[li]->wait_computes);
      if (dep != kUnknown && std::max(dep, load_free) < best) best = std::max(dep, load_free), which = 1;
    }
    if (si < stores.size()) {
      const int64_t dep = after(out_done, stores[si]->wait_computes);
      if (dep != kUnknown) {
        const int64_t v = std::max(dep, vec_free) + vectorCycles(stores[si]->vector_ops, r.vector_lanes);
        if (std::max(v, store_free) < best) best = std::max(v, store_free), which = 2, vec_end = v;
      }
    }
    if (which < 0) throw std::logic_error("replaySchedule: dependency deadlock");
    if (which == 0) {
      const ComputeOp& c = s.compute[ci++];
      const int64_t cycles = r.tile_cycles(c), drain = std::min(cycles, r.tile_drain(c));
      array_free = best + cycles - drain;
      issued.push_back(array_free);
      out_done.push_back(best + cycles);
      t.compute_cycles += cycles - drain;
      end = std::max(end, best + cycles);
      if (ci == s.compute.size()) t.compute_cycles += drain;
    } else if (which == 1) {
      const DmaOp& d = *loads[li++];
      load_free = transfer(d, best, link_free, r);
      load_done[size_t(d.buffer)].push_back(load_free);
      end = std::max(end, load_free);
    } else {
      const DmaOp& d = *stores[si++];
      t.vector_cycles += vectorCycles(d.vector_ops, r.vector_lanes);
      vec_free = vec_end;
      store_free = transfer(d, best, link_free, r);
      store_done.push_back(store_free);
      end = std::max(end, store_free);
    }
  }
  t.cycles = end;
  return t;
}

}  // namespace vpsim
