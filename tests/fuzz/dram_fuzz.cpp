// Fuzz target: DRAM presets (memory/dram_preset.h), and an accepted preset driven through the
// timing model: a few reads and writes over rows, banks and channels, drained with a cycle bound
// (every accepted preset must serve requests), then priced by the energy model.
#include "memory/dram_energy.h"
#include "memory/dram_preset.h"
#include "memory/dram_timing_model.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  const std::string path = fuzz::inputFile(data, size, ".yaml");
  fuzz::expectResultOrInputError([&] {
    DramTimingConfig c;
    c.preset = loadDramPreset(path);
    c.channels = 2;
    DramTimingModel m(c);
    const uint64_t row = uint64_t(c.preset.rowBytes());
    int queued = 0;
    for (int i = 0; i < 24; ++i) {
      const uint64_t addr = uint64_t(i % 5) * row * 7 + uint64_t(i) * uint64_t(c.preset.burstBytes());
      if (m.AddTransaction(addr, i % 3 == 2)) ++queued;
      m.ClockTick();
    }
    const int64_t limit = 10'000'000;
    while (!m.idle() && m.clock() < limit) m.tickToNextEvent(limit);
    if (!m.idle()) {
      std::fprintf(stderr, "fuzz: %d requests not served in %lld cycles\n", queued, static_cast<long long>(limit));
      std::abort();
    }
    computeDramEnergy(c.preset, m.stats());
  });
  return 0;
}
