// TlmProtocolChecker: sits on one TLM-2.0 binding (initiator socket -> checker -> target socket) and
// checks every blocking transport against the base-protocol rules vpsim's modules rely on, since
// Debian's SystemC ships without Accellera's tlm2_base_protocol_checker. Before the call: response
// status TLM_INCOMPLETE_RESPONSE, a read, write or ignore command, a data pointer, data length and
// streaming width > 0, byte enables with a length. After: a response status set, and command,
// address, data pointer, data length, streaming width and byte enables as the initiator left them
// (an interconnect may change the address on its way, but must restore it). A violation throws
// std::logic_error naming the binding and the rule. It adds no time and moves no data.
//
// Where: the Accelerator puts one on each of its bindings when protocol checks are on
// (tlmChecksEnabled(): debug builds, or VPSIM_TLM_CHECK=1 in any build).
// Statistics: transactions() checked so far.
#pragma once

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include <cstdint>

namespace vpsim {

// Protocol checks on: debug builds (NDEBUG undefined), or VPSIM_TLM_CHECK set to a non-zero value.
bool tlmChecksEnabled();

class TlmProtocolChecker : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<TlmProtocolChecker> target{"target"};           // bind the initiator here
  tlm_utils::simple_initiator_socket<TlmProtocolChecker> initiator{"initiator"};  // and this to the target

  explicit TlmProtocolChecker(const sc_core::sc_module_name& name);
  uint64_t transactions() const { return transactions_; }
  static uint64_t allTransactions();  // over every checker of the process

 private:
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& p);
  [[noreturn]] void fail(const std::string& rule, const tlm::tlm_generic_payload& p) const;
  uint64_t transactions_ = 0;
};

}  // namespace vpsim
