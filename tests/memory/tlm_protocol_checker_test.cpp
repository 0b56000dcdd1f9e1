// The TLM-2.0 base-protocol checker: a good transaction passes and is counted; each broken rule,
// by the initiator or by the target, throws naming the rule. Each TEST elaborates once.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>

#include <functional>
#include <stdexcept>

#include "memory/tlm_protocol_checker.h"

extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

namespace vpsim {
namespace {

// A target whose behaviour the test chooses (a well-behaved one by default).
struct FakeTarget : sc_core::sc_module {
  tlm_utils::simple_target_socket<FakeTarget> socket{"socket"};
  std::function<void(tlm::tlm_generic_payload&)> behave = [](tlm::tlm_generic_payload& p) {
    p.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  explicit FakeTarget(const sc_core::sc_module_name& n) : sc_module(n) {
    socket.register_b_transport(this, &FakeTarget::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time&) { behave(p); }
};

struct Bench : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Bench> socket{"initiator"};
  TlmProtocolChecker checker{"checker"};
  FakeTarget target{"target"};
  unsigned char data[8] = {};
  Bench() : sc_module("bench") {
    socket.bind(checker.target);
    checker.initiator.bind(target.socket);
  }
  void good(tlm::tlm_generic_payload& p) {
    p.set_command(tlm::TLM_WRITE_COMMAND);
    p.set_address(64);
    p.set_data_ptr(data);
    p.set_data_length(8);
    p.set_streaming_width(8);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  }
  // The message the checker threw for `p`, or "" when it passed.
  std::string send(tlm::tlm_generic_payload& p) {
    std::string error;
    sc_core::sc_spawn([&] {
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      try {
        socket->b_transport(p, delay);
      } catch (const std::logic_error& e) {
        error = e.what();
      }
    });
    sc_core::sc_start();
    return error;
  }
};

TEST(TlmProtocolChecker, AGoodTransactionPassesAndIsCounted) {
  Bench b;
  tlm::tlm_generic_payload p;
  b.good(p);
  EXPECT_EQ(b.send(p), "");
  EXPECT_EQ(b.checker.transactions(), 1u);
  EXPECT_EQ(p.get_response_status(), tlm::TLM_OK_RESPONSE);
}

TEST(TlmProtocolChecker, RefusesAnInitiatorWithoutData) {
  Bench b;
  tlm::tlm_generic_payload p;
  b.good(p);
  p.set_data_ptr(nullptr);
  EXPECT_NE(b.send(p).find("data pointer must not be null"), std::string::npos);
  EXPECT_EQ(b.checker.transactions(), 0u);  // never reached the target
}

TEST(TlmProtocolChecker, RefusesAResponseStatusSetBeforeTheCall) {
  Bench b;
  tlm::tlm_generic_payload p;
  b.good(p);
  p.set_response_status(tlm::TLM_OK_RESPONSE);
  EXPECT_NE(b.send(p).find("TLM_INCOMPLETE_RESPONSE"), std::string::npos);
}

TEST(TlmProtocolChecker, RefusesZeroLengthOrStreamingWidth) {
  Bench b;
  tlm::tlm_generic_payload p;
  b.good(p);
  p.set_streaming_width(0);
  EXPECT_NE(b.send(p).find("streaming width must be > 0"), std::string::npos);
}

TEST(TlmProtocolChecker, RefusesATargetThatSetsNoResponse) {
  Bench b;
  b.target.behave = [](tlm::tlm_generic_payload&) {};
  tlm::tlm_generic_payload p;
  b.good(p);
  EXPECT_NE(b.send(p).find("the target must set a response status"), std::string::npos);
}

TEST(TlmProtocolChecker, RefusesATargetThatMovesTheAddressOrLength) {
  Bench b;
  b.target.behave = [](tlm::tlm_generic_payload& p) {
    p.set_address(p.get_address() + 8);
    p.set_response_status(tlm::TLM_OK_RESPONSE);
  };
  tlm::tlm_generic_payload p;
  b.good(p);
  EXPECT_NE(b.send(p).find("address came back changed"), std::string::npos);
}

}  // namespace
}  // namespace vpsim
