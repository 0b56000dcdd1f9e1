// DmaEngine: two local clocks, one per side, make the burst pipeline: the source side runs ahead,
// each destination write starts when both its data has arrived and the previous write is done.
#include "memory/dma_engine.h"

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
  sc_core::sc_time src_t = delay, dst_t = delay;
  for (uint64_t r = 0; r < rows; ++r)
    move(dram_socket, dram_addr + r * stride_bytes, buffer_socket, buf_addr + r * row_bytes, row_bytes, src_t, dst_t);
  delay = std::max(src_t, dst_t);
  stats_.bytes_loaded += row_bytes * rows;
}

void DmaEngine::storeStrided(uint64_t buf_addr, uint64_t dram_addr, uint64_t row_bytes, uint64_t rows,
                             uint64_t stride_bytes, sc_core::sc_time& delay) {
  sc_core::sc_time src_t = delay, dst_t = delay;
  for (uint64_t r = 0; r < rows; ++r)
    move(buffer_socket, buf_addr + r * row_bytes, dram_socket, dram_addr + r * stride_bytes, row_bytes, src_t, dst_t);
  delay = std::max(src_t, dst_t);
  stats_.bytes_stored += row_bytes * rows;
}

sc_core::sc_time DmaEngine::dramBurst(bool write, uint64_t dram_addr, uint64_t bytes, sc_core::sc_time at) {
  transact(dram_socket, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, dram_addr, bytes, at);
  (write ? stats_.bytes_stored : stats_.bytes_loaded) += bytes;
  return at;
}

sc_core::sc_time DmaEngine::bufferBurst(bool write, uint64_t buf_addr, uint64_t bytes) {
  sc_core::sc_time t = sc_core::SC_ZERO_TIME;
  transact(buffer_socket, write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND, buf_addr, bytes, t);
  return t;
}

void DmaEngine::move(Socket& src, uint64_t src_addr, Socket& dst, uint64_t dst_addr, uint64_t bytes,
                     sc_core::sc_time& src_t, sc_core::sc_time& dst_t) {
  for (uint64_t off = 0; off < bytes; off += config_.burst_bytes) {
    const uint64_t n = std::min<uint64_t>(config_.burst_bytes, bytes - off);
    transact(src, tlm::TLM_READ_COMMAND, src_addr + off, n, src_t);  // src_t: data of this burst ready
    dst_t = std::max(dst_t, src_t);
    transact(dst, tlm::TLM_WRITE_COMMAND, dst_addr + off, n, dst_t);
  }
}

void DmaEngine::transact(Socket& s, tlm::tlm_command cmd, uint64_t addr, uint64_t n, sc_core::sc_time& t) {
  tlm::tlm_generic_payload p;
  p.set_command(cmd);
  p.set_address(addr);
  p.set_data_ptr(chunk_.data());
  p.set_data_length(unsigned(n));
  p.set_streaming_width(unsigned(n));
  p.set_byte_enable_ptr(nullptr);
  p.set_dmi_allowed(false);
  p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  s->b_transport(p, t);
  ++stats_.transactions;
  if (p.is_response_error())
    throw std::runtime_error(std::string(name()) + ": " + p.get_response_string() + " at address " + std::to_string(addr));
}

}  // namespace vpsim
