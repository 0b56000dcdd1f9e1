// Accelerator: elaboration, the DMA and compute threads, and the per-pass run.
#include "sim/arch/accelerator.h"

#include <algorithm>
#include <cmath>

#include "isa/dma_arbiter.h"
#include "isa/pipeline_estimate.h"
#include "pe/array_timing.h"
#include "sim/arch/pass_values.h"
#include "traces/input_error.h"

namespace vpsim {

using sc_core::sc_time;

Accelerator::Accelerator(const sc_core::sc_module_name& name, const HwConfig& hw, Fidelity fidelity)
    : sc_core::sc_module(name), hw_(hw), clock_(hw.clockNs(), sc_core::SC_NS) {
  DramTargetConfig dc;
  dc.dram = hw.dram;
  dc.accel_clock_ns = hw.clockNs();
  dc.ideal_pj_per_bit = hw.hasEnergy("dram_pj_per_bit") ? hw.energyPj("dram_pj_per_bit") : 0.0;
  dc.store_data = false;  // timing runs: data lives off the timing path and is switched off
  dram_ = std::make_unique<DramTarget>("dram", dc);
  const BufferConfig* cfg[3] = {&hw.buffers.ibuf, &hw.buffers.obuf, &hw.buffers.wbuf};
  router_ = std::make_unique<BufferRouter>("router");
  for (int i = 0; i < 3; ++i) {
    buffers_[i] = std::make_unique<SramTarget>(cfg[i]->name.c_str(), *cfg[i], clock_, false);
    bind(*router_->out[i], buffers_[i]->socket, "check_router_" + cfg[i]->name);
  }
  DmaConfig dma_cfg;
  dma_cfg.move_data = false;
  dma_ = std::make_unique<DmaEngine>("dma", dma_cfg);
  bind(dma_->dram_socket, dram_->socket, "check_dma_dram");
  bind(dma_->buffer_socket, router_->socket, "check_dma_router");
  array_ = std::make_unique<PeArray>("array", PeArrayConfig{hw.array.array, hw.array.pe, fidelity, clock_});
  bind(array_socket, array_->socket, "check_array");
  vector_ = std::make_unique<VectorUnit>("vector", hw.vector.lanes, clock_);
  sc_core::sc_spawn([this] { dmaThread(); }, "dma_thread");
  sc_core::sc_spawn([this] { vectorThread(); }, "vector_thread");
  sc_core::sc_spawn([this] { computeThread(); }, "compute_thread");
}

constexpr int64_t kUnknown = ScheduleTimes::kUnknown;

int64_t Accelerator::nowCycles() const { return std::llround((sc_core::sc_time_stamp() - start_) / clock_); }

void Accelerator::waitUntil(int64_t cycle) {
  const int64_t now = nowCycles();
  if (cycle > now) wait(clock_ * double(cycle - now));
}

void Accelerator::record(std::vector<int64_t>& times, int64_t cycle) {
  times.push_back(cycle);
  end_cycle_ = std::max(end_cycle_, cycle);
  recorded_.notify(sc_core::SC_ZERO_TIME);
}

// One DMA engine for loads and stores (isa/dma_arbiter.h picks each burst); two bursts in flight,
// so the link never waits for a decision and the DRAM overlaps them (a transfer pays its latency
// once); a buffer half's port is busy per burst (isa/pipeline_estimate.cpp follows the same steps).
// A burst of a halo tile gathers its runs' DRAM addresses (isa/tile_schedule.h dramPieces): the
// timing models see the strided runs, the link and the buffer one burst of packed bytes.
void Accelerator::dmaThread() {
  for (;;) {
    wait(start_dma_);
    DmaArbiter arbiter(schedule_->dma, DmaConfig{}.burst_bytes);
    const DmaArbiter::Ready ready = [this](size_t i) { return times_->dmaReady(i); };
    std::array<int64_t, 6> port_free{};
    int64_t dma_free = 0, prev_crossed = 0, last = 0;
    std::vector<DramPiece> pieces;
    std::vector<DramRun> runs;
    while (!arbiter.done()) {
      // Decide after every other thread has run at this time: all it records is then known.
      while (sc_core::sc_pending_activity_at_current_time()) wait(sc_core::SC_ZERO_TIME);
      const int64_t now = nowCycles();
      if (now < dma_free) {
        waitUntil(dma_free);
        continue;
      }
      const std::optional<DmaArbiter::Burst> b = arbiter.next(now, ready);
      if (!b) {
        const int64_t te = arbiter.earliestReady(ready);
        if (te != kUnknown && te > now)
          wait(clock_ * double(te - now), recorded_);
        else
          wait(recorded_);
        continue;
      }
      const DmaOp& d = schedule_->dma[b->op];
      int64_t& port = port_free[size_t(d.buffer) * 2 + (d.buffer_byte_addr != 0)];
      const uint64_t buf_addr = BufferRouter::address(d.buffer, d.buffer_byte_addr) + b->offset;
      const auto cycles = [&](const sc_time& t) { return int64_t(std::llround(t / clock_)); };
      const int64_t port_cycles = cycles(dma_->bufferBurst(d.is_load, buf_addr, b->bytes));
      dramPieces(d, b->offset, b->bytes, pieces);  // a halo tile's burst gathers its runs
      runs.clear();
      for (const DramPiece& p : pieces) runs.push_back(DramRun{p.addr, p.bytes});
      int64_t crossed = 0, done = 0;
      if (d.is_load) {
        crossed = now + cycles(dma_->dramGather(false, runs, sc_core::SC_ZERO_TIME));
        done = port = std::max(port, crossed) + port_cycles;
      } else {  // the buffer side runs ahead: the words are read out from the moment they are ready
        port = std::max(port, times_->dmaReady(b->op)) + port_cycles;
        const int64_t start = std::max(now, port);
        done = crossed = now + cycles(dma_->dramGather(true, runs, clock_ * double(start - now)));
      }
      arbiter.take(*b);
      if (b->last) record(d.is_load ? times_->load_done[size_t(d.buffer)] : times_->store_done, done);
      end_cycle_ = std::max(end_cycle_, done);
      last = std::max(last, done);
      dma_free = prev_crossed, prev_crossed = crossed;
    }
    waitUntil(last);
  }
}

void Accelerator::computeThread() {
  for (;;) {
    wait(start_compute_);
    for (const ComputeOp& op : schedule_->compute) {
      int64_t dep;
      while ((dep = times_->computeReady(op)) == kUnknown) wait(recorded_);
      waitUntil(dep);
      const TileResult r = runTile(op);  // returns when the tile's last rows entered the array
      pass_.actions += r.actions;
      ++pass_.tiles;
    }
  }
}

void Accelerator::vectorThread() {
  for (;;) {
    wait(start_vector_);
    while (const DmaOp* op = times_->nextVectorStore()) {
      int64_t begin;
      while ((begin = times_->nextVectorBegin()) == kUnknown) wait(recorded_);
      // known now, before the work: the store may plan for it
      record(times_->vector_done, begin + vectorCycles(op->vector_ops, hw_.vector.lanes));
      waitUntil(begin);
      vector_->process(op->vector_ops);
    }
  }
}

// One tile as a loosely timed transaction: the array annotates its latency, this thread waits it out.
TileResult Accelerator::runTile(const ComputeOp& op) {
  const int64_t begin = nowCycles();
  TileJob job;
  if (values_) job.tile = valuesTile(*values_, op);
  job.tile.shape = TileShape{op.m, op.n, op.k};
  job.tile.format.bits0 = op.b0;
  job.tile.format.bits1 = op.b1;
  sc_time delay = sc_core::SC_ZERO_TIME;
  transport(job, delay);
  const TileTiming tt = tileTiming(hw_.array.array, hw_.array.pe.forPass(pass_kind_), job.tile.shape, op.b0, op.b1);
  const int64_t drain = int64_t(std::min<uint64_t>(tt.drain_cycles, job.result.cycles));
  // cycle fidelity has streamed the tile already (delay = its drain); tile fidelity annotates it all
  const int64_t streamed = std::max<int64_t>(0, std::llround(delay / clock_) - drain);
  const int64_t issued = nowCycles() + streamed;
  const int64_t final_at = std::max(begin + int64_t(job.result.cycles), issued);
  pass_.compute_cycles += uint64_t(issued - begin);
  if (times_->issued.size() + 1 == schedule_->compute.size()) pass_.compute_cycles += uint64_t(final_at - issued);
  record(times_->issued, issued);  // the next tile enters during the drain
  record(times_->final_at, final_at);
  waitUntil(issued);
  if (values_) storeTile(*values_, op, job.result);
  return job.result;
}

void Accelerator::transport(TileJob& job, sc_time& delay) {
  tlm::tlm_generic_payload p;
  p.set_command(tlm::TLM_WRITE_COMMAND);
  p.set_data_ptr(reinterpret_cast<unsigned char*>(&job));
  p.set_data_length(sizeof(TileJob));
  p.set_streaming_width(sizeof(TileJob));
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  array_socket->b_transport(p, delay);
  if (p.is_response_error()) throw std::runtime_error("PE array rejected a tile: " + p.get_response_string());
}

AcceleratorCounters Accelerator::runPass(const TileSchedule& schedule, Pass pass) {
  array_->setPass(pass);
  pass_kind_ = pass;
  // The threads must be waiting for the start events before they fire: the first call runs the
  // initialization phase (every thread up to its first wait) before notifying.
  if (sc_core::sc_get_status() == sc_core::SC_ELABORATION) sc_core::sc_start(sc_core::SC_ZERO_TIME);
  schedule_ = &schedule;
  times_ = std::make_unique<ScheduleTimes>(schedule);
  end_cycle_ = 0;
  start_ = sc_core::sc_time_stamp();
  const sc_time start = start_;
  dram_->backend().restart(start.to_seconds() * 1e9);  // every pass starts from an idle DRAM
  pass_ = AcceleratorCounters{};
  const DramBackendStats dram0 = dram_->backend().stats();
  const double dram_pj0 = dram_->backend().energyPj();
  std::array<SramStats, 3> sram0;
  for (int i = 0; i < 3; ++i) sram0[i] = buffers_[i]->buffer().stats();

  start_dma_.notify(sc_core::SC_ZERO_TIME);
  start_compute_.notify(sc_core::SC_ZERO_TIME);
  start_vector_.notify(sc_core::SC_ZERO_TIME);
  vector_->beginPass();
  sc_core::sc_start();  // returns when every thread waits for the next pass (starvation)
  const ScheduleTimes& t = *times_;
  if (!t.complete())
    throw std::logic_error("accelerator stopped before the pass finished (dependency deadlock): computes " +
                           std::to_string(t.issued.size()) + "/" + std::to_string(schedule.compute.size()) +
                           ", loads " +
                           std::to_string(t.load_done[0].size() + t.load_done[1].size() + t.load_done[2].size()) +
                           ", stores " + std::to_string(t.store_done.size()) + "/" + std::to_string(t.stores()));

  AcceleratorCounters c = pass_;
  c.vector_ops = vector_->ops();
  c.vector_cycles = vector_->busyCycles();
  c.cycles = uint64_t(end_cycle_);
  for (int i = 0; i < 3; ++i) {
    const SramStats& s = buffers_[i]->buffer().stats();
    c.sram_read_bits[i] = s.read_bits - sram0[i].read_bits + schedule.buffer_read_bits[i];
    c.sram_write_bits[i] = s.write_bits - sram0[i].write_bits + schedule.buffer_write_bits[i];
  }
  c.dram_read_bytes = dram_->backend().stats().read_bytes - dram0.read_bytes;
  c.dram_write_bytes = dram_->backend().stats().write_bytes - dram0.write_bytes;
  c.dram_energy_pj = dram_->backend().energyPj() - dram_pj0;
  return c;
}

}  // namespace vpsim
