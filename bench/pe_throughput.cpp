// bench_pe_throughput: bit-accurate MACs per second of each PE functional core on one core, at
// 2, 4, 8 and 16 bits (both operands), over dot products of 4096 pairs. Target (issue #3):
// >= 50 M MAC/s for Bit Fusion at 8x8.
#include <ctime>
#include <cstdio>
#include <random>
#include <vector>

#include "pe/pe_core.h"

// bench/common/bench_sc_main.cc defines a C++-mangled sc_main; libsystemc wants the C one.
extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

using namespace vpsim;

static double macsPerSecond(PeCore& pe, int bits) {
  pe.configure(macConfigFor(pe.peConfig(), bits, bits));
  const size_t n = 4096;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int32_t> d(-(1 << (bits - 1)), (1 << (bits - 1)) - 1);
  std::vector<int32_t> a(n), b(n);
  for (size_t i = 0; i < n; ++i) a[i] = d(rng), b[i] = d(rng);
  struct clock {  // thread CPU time: the machine is shared, wall time would count other jobs
    static double now() {
      timespec ts;
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
      return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
    }
  };
  uint64_t macs = 0;
  const auto t0 = clock::now();
  double secs = 0;
  while (secs < 0.25) {
    for (int rep = 0; rep < 16; ++rep) pe.mac(a.data(), b.data(), n);
    macs += 16 * n;
    secs = clock::now() - t0;
  }
  volatile int64_t sink = pe.result();
  (void)sink;
  return double(macs) / secs;
}

int main() {
  std::printf("%-12s %12s %12s %12s %12s   (M bit-accurate MAC/s, one core)\n", "pe", "2x2", "4x4", "8x8", "16x16");
  for (const char* name : {"bitfusion", "stripes", "loom", "int8", "int16", "reference"}) {
    auto pe = makePeCore(name);
    std::printf("%-12s", name);
    for (int bits : {2, 4, 8, 16}) std::printf(" %12.1f", macsPerSecond(*pe, bits) / 1e6);
    std::printf("\n");
  }
  return 0;
}
