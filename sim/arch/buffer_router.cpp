// BufferRouter: address decode and forwarding.
#include "sim/arch/buffer_router.h"

namespace vpsim {

BufferRouter::BufferRouter(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
  for (int i = 0; i < kBuffers; ++i)
    out[i] = std::make_unique<tlm_utils::simple_initiator_socket<BufferRouter>>(("out" + std::to_string(i)).c_str());
  socket.register_b_transport(this, &BufferRouter::b_transport);
}

void BufferRouter::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  const uint64_t addr = p.get_address();
  const uint64_t which = addr >> kWindowBits;
  if (which >= kBuffers) {
    p.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  p.set_address(addr & ((uint64_t(1) << kWindowBits) - 1));
  (*out[which])->b_transport(p, delay);
  p.set_address(addr);
}

}  // namespace vpsim
