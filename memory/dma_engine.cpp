// DmaEngine: local clocks per side make the burst pipeline: the DRAM side two bursts deep, the
// buffer side one burst at a time.
#include "memory/dma_engine.h"

#include "memory/dram_gather.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace vpsim {

DmaEngine::DmaEngine(const sc_core::sc_module_name& name, const DmaConfig& config)
    : sc_core::sc_module(name), config_(config) {
  if (config.burst_bytes == 0) throw std::invalid_argument("DmaEngine: burst_bytes must be positive");
  chunk_.resize(config.burst_bytes);  // timing runs too: a transaction always points at data (base protocol)
}

void DmaEngine::load(uint64_t dram_addr, uint64_t buf_addr, uint64_t bytes, sc_core::sc_time& delay) {
  loadStrided(dram_addr, bytes, 1, bytes, buf_addr, delay);
}

void DmaEngine::store(uint64_t buf_addr, uint64_t dram_addr, uint64_t bytes, sc_core::sc_time& delay) {
  storeStrided(buf_addr, dram_addr, bytes, 1, bytes, delay);
}

void DmaEngine::loadStrided(uint64_t dram_addr, uint64_t row_bytes, uint64_t rows, uint64_t stride_bytes,
                            uint64_t buf_addr, sc_core::sc_time& delay) {
  Pipe pipe{delay, delay};
  for (uint64_t r = 0; r < rows; ++r)
    move(true, dram_addr + r * stride_bytes, buf_addr + r * row_bytes, row_bytes, pipe);
  delay = pipe.end();
  stats_.bytes_loaded += row_bytes * rows;
}

void DmaEngine::storeStrided(uint64_t buf_addr, uint64_t dram_addr, uint64_t row_bytes, uint64_t rows,
                             uint64_t stride_bytes, sc_core::sc_time& delay) {
  Pipe pipe{delay, delay};
  for (uint64_t r = 0; r < rows; ++r)
    move(false, dram_addr + r * stride_bytes, buf_addr + r * row_bytes, row_bytes, pipe);
  delay = pipe.end();
  stats_.bytes_stored += row_bytes * rows;
}

sc_core::sc_time DmaEngine::Pipe::end() const {
  sc_core::sc_time t = buffer;
  if (bursts > 0) t = std::max(t, dram_done[(bursts - 1) % 2]);
  return t;
}

sc_core::sc_time DmaEngine::dramBurst(bool write, uint64_t dram_addr, uint64_t bytes, sc_core::sc_time at) {
  transact(dram_socket, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, dram_addr, bytes, at);
  (write ? stats_.bytes_stored : stats_.bytes_loaded) += bytes;
  return at;
}

sc_core::sc_time DmaEngine::dramGather(bool write, const std::vector<DramRun>& runs, sc_core::sc_time at) {
  if (runs.size() == 1) return dramBurst(write, runs[0].addr, runs[0].bytes, at);
  uint64_t bytes = 0;
  for (const DramRun& r : runs) bytes += r.bytes;
  if (config_.move_data && bytes > chunk_.size()) chunk_.resize(bytes);
  transact(dram_socket, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, runs.empty() ? 0 : runs[0].addr, bytes,
           at, &runs);
  (write ? stats_.bytes_stored : stats_.bytes_loaded) += bytes;
  return at;
}

sc_core::sc_time DmaEngine::bufferBurst(bool write, uint64_t buf_addr, uint64_t bytes) {
  sc_core::sc_time t = sc_core::SC_ZERO_TIME;
  transact(buffer_socket, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, buf_addr, bytes, t);
  return t;
}

// Loads: DRAM burst i goes out two bursts behind (dramIssue), the buffer writes it once both its data
// is there and the previous write is done. Stores: the buffer reads bursts back to back, DRAM
// burst i goes out once its data is read and burst i-2 is done.
void DmaEngine::move(bool load, uint64_t dram_addr, uint64_t buf_addr, uint64_t bytes, Pipe& pipe) {
  for (uint64_t off = 0; off < bytes; off += config_.burst_bytes) {
    const uint64_t n = std::min<uint64_t>(config_.burst_bytes, bytes - off);
    sc_core::sc_time t = pipe.dramIssue();
    if (load) {
      transact(dram_socket, tlm::TLM_READ_COMMAND, dram_addr + off, n, t);
      pipe.buffer = std::max(pipe.buffer, t);
      transact(buffer_socket, tlm::TLM_WRITE_COMMAND, buf_addr + off, n, pipe.buffer);
    } else {
      transact(buffer_socket, tlm::TLM_READ_COMMAND, buf_addr + off, n, pipe.buffer);
      t = std::max(t, pipe.buffer);
      transact(dram_socket, tlm::TLM_WRITE_COMMAND, dram_addr + off, n, t);
    }
    pipe.dram_done[pipe.bursts % 2] = t;
    ++pipe.bursts;
  }
}

void DmaEngine::transact(Socket& s, tlm::tlm_command cmd, uint64_t addr, uint64_t n, sc_core::sc_time& t,
                         const std::vector<DramRun>* gather) {
  tlm::tlm_generic_payload p;
  DramGather g;
  if (gather) g.runs = gather->data(), g.count = gather->size(), p.set_extension(&g);
  p.set_command(cmd);
  p.set_address(addr);
  p.set_data_ptr(chunk_.data());
  p.set_data_length(unsigned(n));
  p.set_streaming_width(unsigned(n));
  p.set_byte_enable_ptr(nullptr);
  p.set_dmi_allowed(false);
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  s->b_transport(p, t);
  if (gather) p.clear_extension(&g);  // the payload must not delete it
  ++stats_.transactions;
  if (p.is_response_error())
    throw std::runtime_error(std::string(name()) + ": " + p.get_response_string() + " at address " +
                             std::to_string(addr));
}

}  // namespace vpsim
