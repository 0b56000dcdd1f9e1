// replaySchedule: list scheduling of the compute stream, the DMA engine (isa/dma_arbiter.h: four
// transfer queues sharing the link burst by burst) and the vector unit; each step runs the event
// that happens first, which is the order the SystemC threads reach it in.
#include "isa/pipeline_estimate.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "isa/dma_arbiter.h"

namespace vpsim {

int64_t vectorCycles(double ops, int lanes) {
  return ops <= 0 ? 0 : static_cast<int64_t>(std::ceil(ops / double(std::max(1, lanes))));
}

int64_t bufferPortCycles(uint64_t bytes, int word_bits, int banks) {
  const uint64_t w = uint64_t(std::max(1, word_bits)), words = (bytes * 8 + w - 1) / w;
  return int64_t((words + uint64_t(std::max(1, banks)) - 1) / uint64_t(std::max(1, banks)));
}

constexpr int64_t kUnknown = ScheduleTimes::kUnknown;

ScheduleTimes::ScheduleTimes(const TileSchedule& s) : schedule_(s), store_of_(s.dma.size(), -1) {
  for (size_t i = 0; i < s.dma.size(); ++i)
    if (!s.dma[i].is_load) store_of_[i] = int64_t(store_ops_.size()), store_ops_.push_back(i);
}

int64_t ScheduleTimes::after(const std::vector<int64_t>& times, int64_t count) {
  if (count <= 0) return 0;
  return size_t(count) <= times.size() ? times[size_t(count - 1)] : kUnknown;
}

int64_t ScheduleTimes::computeReady(const ComputeOp& c) const {
  int64_t dep = after(store_done, c.wait_stores);
  for (size_t b = 0; b < 3 && dep != kUnknown; ++b) dep = std::max(dep, after(load_done[b], c.wait_loads[b]));
  return dep;
}

int64_t ScheduleTimes::dmaReady(size_t op) const {
  const DmaOp& d = schedule_.dma[op];
  if (d.is_load) return after(issued, d.wait_computes);
  const size_t s = size_t(store_of_[op]);
  return s < vector_done.size() ? vector_done[s] : kUnknown;
}

const DmaOp* ScheduleTimes::nextVectorStore() const {
  return vector_done.size() < store_ops_.size() ? &schedule_.dma[store_ops_[vector_done.size()]] : nullptr;
}

int64_t ScheduleTimes::nextVectorBegin() const {
  const DmaOp* d = nextVectorStore();
  const int64_t outputs = d ? after(final_at, d->wait_computes) : kUnknown;
  return outputs == kUnknown ? kUnknown : std::max(outputs, vector_done.empty() ? int64_t(0) : vector_done.back());
}

PipelineTimes replaySchedule(const TileSchedule& s, const PipelineRules& r) {
  ScheduleTimes times(s);
  PipelineTimes t;
  // The vector unit works on the stores' outputs in store order, as soon as they are final.
  const auto advanceVector = [&] {
    for (int64_t begin; (begin = times.nextVectorBegin()) != kUnknown;) {
      const int64_t v = vectorCycles(times.nextVectorStore()->vector_ops, r.vector_lanes);
      times.vector_done.push_back(begin + v);
      t.vector_cycles += v;
    }
  };
  const DmaArbiter::Ready ready = [&](size_t i) { return times.dmaReady(i); };
  DmaArbiter arbiter(s.dma, uint64_t(r.burst_bytes));
  const int64_t bpc = r.dram_bits_per_cycle;
  int64_t link_free = 0;  // bit slots (cycle * bits_per_cycle): the ideal link packs transfers bit for bit
  int64_t dma_free = 0, array_free = 0, end = 0, prev_crossed = 0;
  std::array<int64_t, 6> port_free{};  // per buffer half: the ping-pong halves are separate banks
  size_t ci = 0;
  advanceVector();
  while (ci < s.compute.size() || !arbiter.done()) {
    int64_t tc = kUnknown;
    if (ci < s.compute.size()) {
      const int64_t dep = times.computeReady(s.compute[ci]);
      if (dep != kUnknown) tc = std::max(dep, array_free);
    }
    const int64_t te = arbiter.done() ? kUnknown : arbiter.earliestReady(ready);
    const int64_t td = te == kUnknown ? kUnknown : std::max(te, dma_free);
    if (tc == kUnknown && td == kUnknown) throw std::logic_error("replaySchedule: dependency deadlock");
    if (tc <= td) {  // a compute's effects all lie after its start: it goes first on a tie
      const ComputeOp& c = s.compute[ci++];
      const int64_t cycles = r.tile_cycles(c), drain = std::min(cycles, r.tile_drain(c));
      array_free = tc + cycles - drain;
      times.issued.push_back(array_free);
      times.final_at.push_back(tc + cycles);
      t.compute_cycles += cycles - drain;
      end = std::max(end, tc + cycles);
      if (ci == s.compute.size()) t.compute_cycles += drain;
      advanceVector();
      continue;
    }
    const DmaArbiter::Burst b = *arbiter.next(td, ready);
    const DmaOp& d = s.dma[b.op];
    int64_t& port = port_free[size_t(d.buffer) * 2 + (d.buffer_byte_addr != 0)];
    const int64_t port_cycles = bufferPortCycles(b.bytes, r.word_bits[size_t(d.buffer)], r.banks[size_t(d.buffer)]);
    int64_t link_start = td;
    // A store's buffer side runs ahead: its words are read out from the moment they are ready.
    if (!d.is_load) port = std::max(port, ready(b.op)) + port_cycles, link_start = std::max(td, port);
    link_free = std::max(link_start * bpc, link_free) + int64_t(b.bytes) * 8;
    const int64_t crossed = (link_free + bpc - 1) / bpc;
    // Two bursts in flight: the one after next is chosen when this one's predecessor has crossed,
    // so the link never waits for a decision (nor a store for its buffer read).
    dma_free = prev_crossed, prev_crossed = crossed;
    if (d.is_load) port = std::max(port, crossed) + port_cycles;
    const int64_t done = d.is_load ? port : crossed;
    if (b.last) (d.is_load ? times.load_done[size_t(d.buffer)] : times.store_done).push_back(done);
    end = std::max(end, done);
    arbiter.take(b);
  }
  t.cycles = end;
  return t;
}

}  // namespace vpsim
