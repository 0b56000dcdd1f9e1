// TLM-2.0 base-protocol checks through the binary (VPSIM_TLM_CHECK=1 puts a checker on every
// binding of the accelerator): a few layers on an ideal link and on timing DRAM, at both
// fidelities, pass every rule, and the checked run gives the same results as the unchecked one.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "tests/common/run_command.h"

namespace vpsim {
namespace {

using testing::runCommand;

std::string vpsim() { return std::string(VPSIM_BINARY) + " "; }

struct Case {
  const char* hw;
  const char* op;
  const char* bits;
  const char* pass;
  const char* fidelity;
};

class TlmChecks : public ::testing::TestWithParam<Case> {};

TEST_P(TlmChecks, EveryTransactionFollowsTheBaseProtocolAndResultsStayTheSame) {
  const Case c = GetParam();
  const std::string cmd = vpsim() + "layer --hw " + c.hw + " --json --op " + c.op + " --bits " + c.bits + " --pass " +
                          c.pass + " --fidelity " + c.fidelity;
  const auto checked = runCommand("VPSIM_TLM_CHECK=1 " + cmd);
  ASSERT_EQ(checked.exit_code, 0) << checked.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(checked.err, m, std::regex("base-protocol checks: (\\d+) transactions, no violation")))
      << checked.err;
  EXPECT_GT(std::stoll(m[1]), 10);
  const auto plain = runCommand("VPSIM_TLM_CHECK=0 " + cmd);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err.find("base-protocol checks"), std::string::npos) << plain.err;
  EXPECT_EQ(nlohmann::json::parse(checked.out), nlohmann::json::parse(plain.out));
}

INSTANTIATE_TEST_SUITE_P(Layers, TlmChecks,
                         ::testing::Values(Case{"hw/bitfusion.yaml", "conv:2,32,32,3,1,8", "8/8", "fwd", "tile"},
                                           Case{"hw/bitfusion-ddr4.yaml", "conv:2,32,32,3,1,8", "4/4/8", "bwd_data",
                                                "tile"},
                                           Case{"hw/bitfusion-hbm2.yaml", "fc:4,256,128", "4/8", "bwd_weight", "tile"},
                                           Case{"hw/int8.yaml", "gemm:64,96,128", "8/8", "fwd", "cycle"}),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           std::string hw = i.param.hw + 3;  // without "hw/"
                           hw = hw.substr(0, hw.find('.'));
                           for (char& ch : hw) ch = ch == '-' ? '_' : ch;
                           return hw + "_" + i.param.pass + "_" + i.param.fidelity;
                         });

}  // namespace
}  // namespace vpsim
