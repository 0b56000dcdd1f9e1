// Fuzz target: hardware configs (sim/hw_config.h) as `vpsim hw check` reads them (resolved JSON,
// identity, hash), and what `run` derives from an accepted one before simulating: the energy model
// and the compiler's target per pass, with a small GEMM compiled for it.
#include "isa/compiler.h"
#include "pe/throughput.h"
#include "sim/arch/energy_model.h"
#include "sim/arch/hw_config.h"
#include "sim/arch/pass_simulator.h"
#include "tests/fuzz/fuzz_util.h"
#include "traces/config_node.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  const std::string configs = VPSIM_SOURCE_DIR "/configs";
  fuzz::expectResultOrInputError([&] {
    const HwConfig hw = parseHwConfig(ConfigNode::loadString(fuzz::text(data, size), "fuzz.yaml"), configs);
    hw.toJson().dump();
    hw.hash();
    EnergyModel energy(hw);
    for (Pass p : {Pass::Fwd, Pass::BwdData, Pass::BwdWeight}) {
      const CompilerTarget t = compilerTargetFor(hw, p);
      GemmPass g;
      g.pass = p, g.m = 40, g.n = 24, g.k = 72, g.out_elements = g.m * g.n;
      const int bits = hw.force_bits > 0 ? hw.force_bits : 8;
      try {
        checkOperandBits(hw.array.pe.forPass(p), bits, bits);
      } catch (const InputError&) {
        continue;  // the vector unit runs it: no program
      }
      compilePass(t, g, bits, bits);
    }
  });
  return 0;
}
