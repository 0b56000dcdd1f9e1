// Fuzz target: energy tables (memory/energy_table.h), at their own node and scaled to 7 nm.
#include "memory/energy_table.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  const std::string path = fuzz::inputFile(data, size, ".yaml");
  fuzz::expectResultOrInputError([&] {
    const EnergyTable t = EnergyTable::load(path);
    for (const auto& n : t.names()) t.get(n);
    EnergyTable::load(path, 7);
  });
  return 0;
}
