// SramTarget: loosely-timed TLM-2.0 target over an SramBuffer. Addresses are byte offsets in the
// buffer; a transfer of N bytes takes ceil(words / banks) buffer cycles (added to the annotated
// delay) and counts its bits. Data storage follows the buffer (off for timing-only runs).
#pragma once

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "memory/memory_config.h"
#include "memory/sram_buffer.h"

namespace vpsim {

class SramTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<SramTarget> socket{"socket"};

  // `clock` is the buffer's clock period (the accelerator clock).
  SramTarget(const sc_core::sc_module_name& name, const BufferConfig& config, const sc_core::sc_time& clock,
             bool store_data = true);

  SramBuffer& buffer() { return buffer_; }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  bool copyData(tlm::tlm_generic_payload& payload);

  SramBuffer buffer_;
  sc_core::sc_time clock_;
};

}  // namespace vpsim
