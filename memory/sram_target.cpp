// SramTarget: counters and delay from the SramBuffer core; out-of-range accesses answer an address error.
#include "memory/sram_target.h"

namespace vpsim {

SramTarget::SramTarget(const sc_core::sc_module_name& name, const BufferConfig& config, const sc_core::sc_time& clock,
                       bool store_data)
    : sc_core::sc_module(name), buffer_(config, store_data), clock_(clock) {
  socket.register_b_transport(this, &SramTarget::b_transport);
  socket.register_transport_dbg(this, &SramTarget::transport_dbg);
}

void SramTarget::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  const uint64_t end = payload.get_address() + payload.get_data_length();
  if (end > uint64_t(buffer_.config().capacity_bytes)) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  const bool is_write = payload.get_command() == tlm::TLM_WRITE_COMMAND;
  if (!is_write && payload.get_command() != tlm::TLM_READ_COMMAND) {
    payload.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  const uint64_t n = payload.get_data_length();
  const uint64_t cycles = is_write ? buffer_.writeBytes(n) : buffer_.readBytes(n);
  copyData(payload);
  delay += clock_ * double(cycles);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int SramTarget::transport_dbg(tlm::tlm_generic_payload& payload) {
  return copyData(payload) ? payload.get_data_length() : 0;
}

bool SramTarget::copyData(tlm::tlm_generic_payload& payload) {
  unsigned char* data = payload.get_data_ptr();
  const uint64_t end = payload.get_address() + payload.get_data_length();
  if (!buffer_.storesData() || data == nullptr || end > uint64_t(buffer_.config().capacity_bytes)) return false;
  if (payload.get_command() == tlm::TLM_WRITE_COMMAND)
    buffer_.storeData(payload.get_address(), data, payload.get_data_length());
  else
    buffer_.loadData(payload.get_address(), data, payload.get_data_length());
  return true;
}

}  // namespace vpsim
