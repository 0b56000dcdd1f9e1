// bench_pe_throughput: bit-accurate MACs per second on one core (thread CPU time), per PE kind at
// 2x2, 4x4, 8x8 and 16x16 bits (signed), three ways:
//   core  PeCore::mac on dot products of 4096 pairs (the per-step datapath path; issue #3: >= 50 M
//         for Bit Fusion at 8x8)
//   tile  TileEngine::run with values on a 64 x 32 x 576 tile: tile fidelity's bit-accurate path
//         (pe/tile_kernels.h; issue #13: >= 100 M for Bit Fusion at 8x8)
//   cycle SystolicGrid (cycle fidelity, 16x32 array, clock by clock) on a 32 x 32 x 64 tile
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <vector>

#include "pe/pe_core.h"
#include "pe/systolic_grid.h"
#include "pe/tile_engine.h"

// bench/common/bench_sc_main.cc defines a C++-mangled sc_main; libsystemc wants the C one.
extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

using namespace vpsim;

namespace {

double now() {  // thread CPU time: the machine is shared, wall time would count other jobs
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

std::vector<int32_t> randomCodes(size_t n, int bits) {
  std::mt19937 rng(1);
  std::uniform_int_distribution<int32_t> d(-(1 << (bits - 1)), (1 << (bits - 1)) - 1);
  std::vector<int32_t> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// MACs per second of `work` (which performs `macs` MACs per call), over at least `min_s` seconds.
double rate(const std::function<void()>& work, double macs, double min_s) {
  work();  // warm up (first-use allocations)
  double secs = 0, done = 0;
  const double t0 = now();
  while (secs < min_s) work(), done += macs, secs = now() - t0;
  return done / secs;
}

double coreRate(PeCore& pe, int bits) {
  pe.configure(macConfigFor(pe.peConfig(), bits, bits));
  const size_t n = 4096;
  const auto a = randomCodes(n, bits), b = randomCodes(n, bits);
  return rate([&] { pe.mac(a.data(), b.data(), n); }, double(n), 0.2);
}

TileData tileOf(int64_t m, int64_t n, int64_t k, int bits) {
  TileData t;
  t.shape = {m, n, k};
  t.format = {bits, bits, true, true};
  t.x = randomCodes(size_t(m * k), bits), t.s = randomCodes(size_t(k * n), bits);
  return t;
}

double tileRate(const PeConfig& pe, int bits) {
  TileEngine engine(ArrayConfig{}, pe);
  const TileData t = tileOf(64, 32, 576, bits);
  return rate([&] { engine.run(t); }, 64.0 * 32 * 576, 0.2);
}

double cycleRate(const PeConfig& pe, int bits) {
  auto grid = makeSystolicGrid(ArrayConfig{}, pe);
  const TileData t = tileOf(32, 32, 64, bits);
  return rate(
      [&] {
        grid->start(t);
        while (grid->busy()) grid->tick();
      },
      32.0 * 32 * 64, 0.2);
}

}  // namespace

int main() {
  std::printf("M bit-accurate MAC/s, one core; tile kernels: %s\n", tileKernelIsa());
  std::printf("%-10s %-6s %10s %10s %10s %10s\n", "pe", "path", "2x2", "4x4", "8x8", "16x16");
  for (const char* name : {"bitfusion", "stripes", "loom", "int8", "int16", "reference"}) {
    const PeConfig cfg = peConfigByName(name);
    auto core = makePeCore(cfg);
    const std::pair<const char*, std::function<double(int)>> paths[] = {
        {"core", [&](int b) { return coreRate(*core, b); }},
        {"tile", [&](int b) { return tileRate(cfg, b); }},
        {"cycle", [&](int b) { return cycleRate(cfg, b); }}};
    for (const auto& [path, fn] : paths) {
      std::printf("%-10s %-6s", name, path);
      for (int bits : {2, 4, 8, 16}) std::printf(" %10.1f", fn(bits) / 1e6);
      std::printf("\n");
      std::fflush(stdout);
    }
  }
  return 0;
}
