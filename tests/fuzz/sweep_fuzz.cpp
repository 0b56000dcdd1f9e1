// Fuzz target: sweep specs (sim/sweep_spec.h) as `vpsim sweep --dry-run` reads them: the spec, then
// the grid expanded point by point (each point's hardware config checked, filters parsed and
// evaluated, keys computed) when it has at most 64 combinations (larger grids only cost time here;
// their counting in closed form is in SweepGrid::expand before any point is built).
#include "sim/sweep/sweep_grid.h"
#include "sim/sweep/sweep_spec.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  setenv("VPSIM_CONFIGS", VPSIM_SOURCE_DIR "/configs", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  const std::string path = fuzz::inputFile(data, size, ".yaml");
  fuzz::expectResultOrInputError([&] {
    const SweepSpec spec = SweepSpec::load(path);
    size_t combinations = spec.workloads.size();
    for (const auto& a : spec.axes) combinations = std::min<size_t>(combinations * a.values.size(), 1000);
    if (combinations <= 64) SweepGrid::expand(spec, VPSIM_SOURCE_DIR "/configs");
  });
  return 0;
}
