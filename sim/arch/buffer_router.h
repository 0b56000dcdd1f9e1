// BufferRouter: the on-chip interconnect between the DMA engine and the three scratchpads. One TLM
// target socket, one initiator socket per buffer; the buffer is chosen by the address window
// (buffer index << 28), the address forwarded as an offset within the buffer.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include <array>
#include <memory>

namespace vpsim {

class BufferRouter : public sc_core::sc_module {
 public:
  static constexpr int kBuffers = 3;
  static constexpr uint64_t kWindowBits = 28;
  static uint64_t address(int buffer, uint64_t offset) { return (uint64_t(buffer) << kWindowBits) | offset; }

  tlm_utils::simple_target_socket<BufferRouter> socket{"socket"};
  std::array<std::unique_ptr<tlm_utils::simple_initiator_socket<BufferRouter>>, kBuffers> out;

  explicit BufferRouter(const sc_core::sc_module_name& name);

 private:
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
};

}  // namespace vpsim
