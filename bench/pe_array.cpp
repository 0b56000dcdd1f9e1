// bench_pe_array: tile vs cycle fidelity of the SystemC PeArray on a 16x32 Bit Fusion array
// (weight stationary) running one 256x256x256 GEMM tile at 8x8 and at 4x4 bits. Both arrays are
// elaborated side by side; wall-clock time per fidelity, simulated cycles, and agreement.
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "pe/pe_array.h"

extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

using namespace vpsim;

namespace {

double cpuSeconds() {  // process CPU time: the machine is shared, wall time would count other jobs
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

class Bench : public sc_core::sc_module {
 public:
  PeArray* arrays[4] = {nullptr, nullptr, nullptr, nullptr};  // bitfusion tile, cycle; stripes tile, cycle
  using Socket = tlm_utils::simple_initiator_socket<Bench>;
  Socket socks[4] = {Socket("s0"), Socket("s1"), Socket("s2"), Socket("s3")};  // TLM targets must be bound
  explicit Bench(const sc_core::sc_module_name& n) : sc_module(n) {
    sc_core::sc_spawn([this] { run(); }, "run");
  }

  void run() {
    for (auto [pair, bits] : {std::pair{0, 8}, {0, 4}, {2, 8}, {2, 4}}) {
      TileData t;
      t.shape = {256, 256, 256};
      t.format = {bits, bits, true, true};
      std::mt19937 rng(3);
      std::uniform_int_distribution<int32_t> d(-(1 << (bits - 1)), (1 << (bits - 1)) - 1);
      t.x.resize(256 * 256), t.s.resize(256 * 256);
      for (auto& v : t.x) v = d(rng);
      for (auto& v : t.s) v = d(rng);
      TileResult r[2];
      double secs[2];
      for (int f = 0; f < 2; ++f) {
        const double t0 = cpuSeconds();
        r[f] = arrays[pair + f]->run(t);
        secs[f] = cpuSeconds() - t0;
      }
      std::printf(
          "%-9s %dx%d bits: tile %.3f s, cycle %.3f s (%.1fx), %llu cycles, %.1f M MAC/s tile, %s\n",
          pair == 0 ? "bitfusion" : "stripes", bits, bits, secs[0], secs[1], secs[1] / secs[0],
          static_cast<unsigned long long>(r[0].cycles), 256.0 * 256 * 256 / secs[0] / 1e6,
          r[0].c == r[1].c && r[0].cycles == r[1].cycles && r[0].actions == r[1].actions ? "identical" : "MISMATCH");
    }
    TileData timing_only;  // what the compiler and a timing-only run pay per tile
    timing_only.shape = {256, 256, 256};
    const double t0 = cpuSeconds();
    const int reps = 100000;
    uint64_t cycles = 0;
    for (int i = 0; i < reps; ++i) cycles += arrays[0]->run(timing_only).cycles;
    const double us = (cpuSeconds() - t0) / reps * 1e6;
    std::printf("timing-only tile (tile fidelity, no values): %.2f us per tile (%llu cycles)\n", us,
                static_cast<unsigned long long>(cycles / reps));
    sc_core::sc_stop();
  }
};

}  // namespace

int main() {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  std::vector<std::unique_ptr<PeArray>> arrays;
  for (const char* pe : {"bitfusion", "stripes"})
    for (Fidelity f : {Fidelity::Tile, Fidelity::Cycle}) {
      PeArrayConfig cfg;
      cfg.array = ArrayConfig{16, 32, pe, Dataflow::WeightStationary};
      cfg.pe = peConfigByName(pe);
      cfg.fidelity = f;
      arrays.push_back(std::make_unique<PeArray>((std::string(pe) + "_" + fidelityName(f)).c_str(), cfg));
    }
  Bench b("bench");
  for (int i = 0; i < 4; ++i) b.arrays[i] = arrays[size_t(i)].get(), b.socks[i].bind(arrays[size_t(i)]->socket);
  std::printf("16x32 arrays, weight stationary, one 256x256x256 GEMM tile (CPU seconds)\n");
  sc_core::sc_start();
  return 0;
}
