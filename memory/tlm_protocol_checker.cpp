// The base-protocol checker (see tlm_protocol_checker.h).
#include "memory/tlm_protocol_checker.h"

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace vpsim {
namespace {

std::atomic<uint64_t> g_transactions{0};

}  // namespace

bool tlmChecksEnabled() {
  if (const char* v = std::getenv("VPSIM_TLM_CHECK")) return std::string(v) != "0" && *v != '\0';
#ifdef NDEBUG
  return false;
#else
  return true;
#endif
}

TlmProtocolChecker::TlmProtocolChecker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
  target.register_b_transport(this, &TlmProtocolChecker::b_transport);
  target.register_transport_dbg(this, &TlmProtocolChecker::transport_dbg);
}

uint64_t TlmProtocolChecker::allTransactions() { return g_transactions.load(); }

void TlmProtocolChecker::fail(const std::string& rule, const tlm::tlm_generic_payload& p) const {
  throw std::logic_error(std::string(name()) + ": TLM-2.0 base protocol: " + rule + " (command " +
                         std::to_string(int(p.get_command())) + ", address " + std::to_string(p.get_address()) +
                         ", length " + std::to_string(p.get_data_length()) + ")");
}

void TlmProtocolChecker::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  if (p.get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE)
    fail("the initiator must set the response status to TLM_INCOMPLETE_RESPONSE", p);
  const tlm::tlm_command cmd = p.get_command();
  if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND && cmd != tlm::TLM_IGNORE_COMMAND)
    fail("unknown command", p);
  if (p.get_data_ptr() == nullptr) fail("the data pointer must not be null", p);
  if (p.get_data_length() == 0) fail("the data length must be > 0", p);
  if (p.get_streaming_width() == 0) fail("the streaming width must be > 0", p);
  if (p.get_byte_enable_ptr() != nullptr && p.get_byte_enable_length() == 0)
    fail("byte enables need a byte enable length > 0", p);
  const uint64_t address = p.get_address();
  unsigned char* const data = p.get_data_ptr();
  const unsigned length = p.get_data_length(), width = p.get_streaming_width();
  unsigned char* const be = p.get_byte_enable_ptr();
  const unsigned be_length = p.get_byte_enable_length();

  initiator->b_transport(p, delay);
  ++transactions_;
  ++g_transactions;

  if (p.get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE) fail("the target must set a response status", p);
  if (p.get_command() != cmd) fail("the target changed the command", p);
  if (p.get_address() != address) fail("the address came back changed", p);
  if (p.get_data_ptr() != data || p.get_data_length() != length)
    fail("the target changed the data pointer or length", p);
  if (p.get_streaming_width() != width) fail("the target changed the streaming width", p);
  if (p.get_byte_enable_ptr() != be || p.get_byte_enable_length() != be_length)
    fail("the target changed the byte enables", p);
}

unsigned int TlmProtocolChecker::transport_dbg(tlm::tlm_generic_payload& p) { return initiator->transport_dbg(p); }

}  // namespace vpsim
