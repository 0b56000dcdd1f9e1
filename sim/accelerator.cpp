// Accelerator: elaboration, the DMA and compute threads, and the per-pass run.
#include "sim/accelerator.h"

#include "pe/array_timing.h"
#include "sim/pass_values.h"
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
    router_->out[i]->bind(buffers_[i]->socket);
  }
  DmaConfig dma_cfg;
  dma_cfg.move_data = false;
  dma_ = std::make_unique<DmaEngine>("dma", dma_cfg);
  dma_->dram_socket.bind(dram_->socket);
  dma_->buffer_socket.bind(router_->socket);
  array_ = std::make_unique<PeArray>("array", PeArrayConfig{hw.array.array, hw.array.pe, fidelity, clock_});
  array_socket.bind(array_->socket);
  vector_ = std::make_unique<VectorUnit>("vector", hw.vector.lanes, clock_);
  sc_core::sc_spawn([this] { dmaThread(true); }, "load_thread");
  sc_core::sc_spawn([this] { vectorThread(); }, "vector_thread");
  sc_core::sc_spawn([this] { dmaThread(false); }, "store_thread");
  SC_THREAD(computeThread);
}

void Accelerator::waitFor(const std::function<bool()>& ready, sc_core::sc_event& ev) {
  while (!ready()) wait(ev);
}

// Loads and stores run on their own queues (as a DMA engine's read and write channels do), so the
// drain of tile N's outputs does not hold back the prefetch of tile N+1's inputs.
void Accelerator::dmaThread(bool loads) {
  for (;;) {
    wait(loads ? start_loads_ : start_stores_);
    int64_t store_index = 0;
    for (const DmaOp& op : schedule_->dma) {
      if (op.is_load != loads) continue;
      if (loads) {
        waitFor([&] { return computes_done_ >= op.wait_computes; }, compute_done_);
      } else {
        ++store_index;  // its outputs went through the vector unit first
        waitFor([&] { return vectors_done_ >= store_index; }, vector_done_);
      }
      sc_time delay = sc_core::SC_ZERO_TIME;
      const uint64_t buf_addr = BufferRouter::address(op.buffer, op.buffer_byte_addr);
      if (op.is_load) dma_->load(op.dram_byte_addr, buf_addr, op.bytes, delay);
      else dma_->store(buf_addr, op.dram_byte_addr, op.bytes, delay);
      wait(delay);
      if (op.is_load) ++loads_done_[op.buffer], load_done_.notify(sc_core::SC_ZERO_TIME);
      else ++stores_done_, store_done_.notify(sc_core::SC_ZERO_TIME);
      last_done_ = std::max(last_done_, sc_core::sc_time_stamp());
    }
  }
}

void Accelerator::computeThread() {
  for (;;) {
    wait(start_compute_);
    for (const ComputeOp& op : schedule_->compute) {
      waitFor([&] {
        return loads_done_[0] >= op.wait_loads[0] && loads_done_[1] >= op.wait_loads[1] &&
               loads_done_[2] >= op.wait_loads[2];
      }, load_done_);
      waitFor([&] { return stores_done_ >= op.wait_stores; }, store_done_);
      const sc_time begin = sc_core::sc_time_stamp();
      const TileResult r = runTile(op);  // returns when the tile's last rows entered the array
      pass_.actions += r.actions;
      ++pass_.tiles;
      ++computes_done_;
      const sc_time done = std::max(begin + clock_ * double(r.cycles), sc_core::sc_time_stamp());
      outputs_final_at_.push_back(done);
      pass_.compute_cycles += static_cast<uint64_t>((sc_core::sc_time_stamp() - begin) / clock_ + 0.5);
      if (computes_done_ == int64_t(schedule_->compute.size()))
        pass_.compute_cycles += static_cast<uint64_t>((done - sc_core::sc_time_stamp()) / clock_ + 0.5);
      compute_done_.notify(sc_core::SC_ZERO_TIME);
      last_done_ = std::max(last_done_, done);
    }
  }
}

void Accelerator::waitOutputs(int64_t computes) {
  if (computes <= 0) return;
  waitFor([&] { return int64_t(outputs_final_at_.size()) >= computes; }, compute_done_);
  const sc_time at = outputs_final_at_[size_t(computes - 1)];
  if (at > sc_core::sc_time_stamp()) wait(at - sc_core::sc_time_stamp());
}

void Accelerator::vectorThread() {
  for (;;) {
    wait(start_vector_);
    for (const DmaOp& op : schedule_->dma) {
      if (op.is_load) continue;
      waitOutputs(op.wait_computes);
      vector_->process(op.vector_ops);
      ++vectors_done_;
      vector_done_.notify(sc_core::SC_ZERO_TIME);
      last_done_ = std::max(last_done_, sc_core::sc_time_stamp());
    }
  }
}

// One tile as a loosely timed transaction: the array annotates its latency, this thread waits it out.
TileResult Accelerator::runTile(const ComputeOp& op) {
  TileJob job;
  if (values_) job.tile = valuesTile(*values_, op);
  job.tile.shape = TileShape{op.m, op.n, op.k};
  job.tile.format.bits0 = op.b0;
  job.tile.format.bits1 = op.b1;
  sc_time delay = sc_core::SC_ZERO_TIME;
  transport(job, delay);
  const TileTiming tt = tileTiming(hw_.array.array, hw_.array.pe.forPass(pass_kind_), job.tile.shape, op.b0, op.b1);
  const double drain = double(std::min<uint64_t>(tt.drain_cycles, job.result.cycles));
  if (delay > clock_ * drain) wait(delay - clock_ * drain);  // the next tile enters during the drain
  if (values_) storeTile(*values_, op, job.result);
  return job.result;
}

void Accelerator::transport(TileJob& job, sc_time& delay) {
  tlm::tlm_generic_payload p;
  p.set_command(tlm::TLM_WRITE_COMMAND);
  p.set_data_ptr(reinterpret_cast<unsigned char*>(&job));
  p.set_data_length(sizeof(TileJob));
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
  loads_done_ = {0, 0, 0};
  computes_done_ = stores_done_ = vectors_done_ = 0;
  outputs_final_at_.clear();
  const sc_time start = sc_core::sc_time_stamp();
  last_done_ = start;
  dram_->backend().restart(start.to_seconds() * 1e9);  // every pass starts from an idle DRAM
  pass_ = AcceleratorCounters{};
  const DramBackendStats dram0 = dram_->backend().stats();
  const double dram_pj0 = dram_->backend().energyPj();
  std::array<SramStats, 3> sram0;
  for (int i = 0; i < 3; ++i) sram0[i] = buffers_[i]->buffer().stats();

  start_loads_.notify(sc_core::SC_ZERO_TIME);
  start_stores_.notify(sc_core::SC_ZERO_TIME);
  start_compute_.notify(sc_core::SC_ZERO_TIME);
  start_vector_.notify(sc_core::SC_ZERO_TIME);
  const double vector_ops0 = vector_->ops();
  const uint64_t vector_cycles0 = vector_->busyCycles();
  sc_core::sc_start();  // returns when both threads wait for the next pass (starvation)
  if (computes_done_ != int64_t(schedule.compute.size()))
    throw std::logic_error("accelerator stopped before the pass finished (dependency deadlock): computes " +
                           std::to_string(computes_done_) + "/" + std::to_string(schedule.compute.size()) + ", loads " +
                           std::to_string(loads_done_[0] + loads_done_[1] + loads_done_[2]) + ", stores " + std::to_string(stores_done_));

  AcceleratorCounters c = pass_;
  c.vector_ops = vector_->ops() - vector_ops0;
  c.vector_cycles = vector_->busyCycles() - vector_cycles0;
  c.cycles = static_cast<uint64_t>((last_done_ - start) / clock_ + 0.5);
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
