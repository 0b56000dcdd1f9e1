// Fuzz target: the trace reader (traces/trace_reader.h) and what `vpsim trace info` does with a
// trace it accepted (BitOPs accounting per pass, per epoch and per layer).
#include "tests/fuzz/fuzz_util.h"
#include "traces/bitops_accounting.h"
#include "traces/trace_reader.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  const std::string path = fuzz::inputFile(data, size, ".trace.jsonl");
  fuzz::expectResultOrInputError([&] {
    TraceReader r(path);
    BitopsAccountant acc(r.header());
    TraceRun run;
    while (r.next(run)) acc.add(run);
    acc.finish();
  });
  return 0;
}
