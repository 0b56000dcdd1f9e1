// bench_memory_dram: speed of the DRAM timing model (simulated requests per second of CPU time on
// one core) and achieved vs peak bandwidth per preset for sequential streams and random reads, plus the
// cost of a tile-timer query (uncached and memoized). Usage: bench_memory_dram [configs_dir].
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>

#include "memory/dram_preset.h"
#include "memory/dram_stream.h"
#include "memory/dram_tile_timer.h"
#include "memory/dram_timing_model.h"

// bench/common/bench_sc_main.cc defines a C++ (mangled) sc_main; libsystemc needs the C symbol.
extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

namespace {

// CPU time of this process, not wall time: the benchmark machine is shared, and a model's speed is
// the core time it needs per request.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  }
};
double seconds(double start) { return Clock::now() - start; }

struct Run {
  double peak_fraction;  // achieved / peak bandwidth
  double req_per_s;      // simulated requests per CPU second
};

Run stream(const vpsim::DramTimingConfig& cfg, uint64_t bytes, bool write) {
  vpsim::DramTimingModel m(cfg);
  auto t0 = Clock::now();
  vpsim::DramStreamResult r = vpsim::runDramStream(m, 0, bytes, write);
  const double wall = seconds(t0);
  return {double(bytes) / double(r.cycles()) / m.peakBytesPerCycle(), double(r.bursts) / wall};
}

Run randomReads(const vpsim::DramTimingConfig& cfg, int n) {
  vpsim::DramTimingModel m(cfg);
  std::mt19937_64 rng(42);
  const uint64_t span = m.mapper().capacityBytes();
  auto t0 = Clock::now();
  uint64_t addr = rng() % span;
  for (int i = 0; i < n;) {  // a request the full queue refuses waits and is offered again
    if (m.AddTransaction(addr, false))
      ++i, addr = rng() % span;
    else
      m.tickToNextEvent();
  }
  const int64_t cycles = m.drain();
  const double wall = seconds(t0);
  const double bytes = double(n) * cfg.preset.burstBytes();
  return {bytes / double(cycles) / m.peakBytesPerCycle(), double(n) / wall};
}

}  // namespace

int main(int argc, char** argv) {
  // Default: the configs/ directory of the source tree this file was compiled from.
  const std::string configs =
      argc > 1 ? argv[1] : (std::filesystem::path(__FILE__).parent_path().parent_path() / "configs").string();
  std::printf("%-12s %-8s %10s %12s\n", "preset", "pattern", "of_peak", "Mreq/s");
  for (const char* name : {"ddr4-2400", "lpddr4-3200", "hbm2"}) {
    vpsim::DramTimingConfig cfg;
    cfg.preset = vpsim::loadDramPreset(vpsim::dramPresetPath(configs, name));
    const Run rd = stream(cfg, 64u << 20, false), wr = stream(cfg, 32u << 20, true);
    const Run rnd = randomReads(cfg, 1000000);
    std::printf("%-12s %-8s %9.1f%% %12.2f\n", name, "stream-r", 100 * rd.peak_fraction, rd.req_per_s / 1e6);
    std::printf("%-12s %-8s %9.1f%% %12.2f\n", name, "stream-w", 100 * wr.peak_fraction, wr.req_per_s / 1e6);
    std::printf("%-12s %-8s %9.1f%% %12.2f\n", name, "random-r", 100 * rnd.peak_fraction, rnd.req_per_s / 1e6);
    vpsim::DramTileTimer timer(cfg);
    auto t0 = Clock::now();
    const int tiles = 200;
    for (int i = 0; i < tiles; ++i) timer.cost(0, 32 * 1024 + uint64_t(i) * 64, false);  // distinct keys
    const double uncached_us = seconds(t0) / tiles * 1e6;
    t0 = Clock::now();
    for (int i = 0; i < 100000; ++i) timer.cost(0, 32 * 1024 + uint64_t(i % tiles) * 64, false);
    const double cached_us = seconds(t0) / 100000 * 1e6;
    std::printf("%-12s tile timer 32 KiB: %.1f us uncached, %.3f us memoized\n", name, uncached_us, cached_us);
  }
  return 0;
}
