// bench_dram_system: the figures of the DRAM ranks / write-drain / HBM2 work, on one core.
//  1. simulated requests per CPU second, random and sequential read streams, per preset;
//  2. bandwidth as a fraction of peak, random and sequential reads, 1 and 2 ranks (refresh on);
//  3. read latency under a write burst: a steady read stream (one read per `gap` tCK) with a burst
//     of writes in the middle, separate read/write queues (write drain) vs one shared queue;
//  4. the accelerator's DMA path: 4 KiB bursts through TimingDramBackend, two in flight (each
//     access's completion from a look-ahead copy of the model), sequential and random tile
//     addresses: requests per CPU second and the bandwidth reached.
// Usage: bench_dram_system [configs_dir].
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "memory/dram_preset.h"
#include "memory/dram_stream.h"
#include "memory/dram_timing_model.h"
#include "memory/timing_dram_backend.h"

// bench/common/bench_sc_main.cc defines a C++ (mangled) sc_main; libsystemc needs the C symbol.
extern "C" __attribute__((weak)) int sc_main(int, char*[]) { return 0; }

namespace {

double cpuSeconds() {  // the machine is shared: CPU time of this process, not wall time
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct Run {
  double peak_fraction, mreq_per_s;
};

Run randomReads(const vpsim::DramTimingConfig& cfg, int n) {
  vpsim::DramTimingModel m(cfg);
  std::mt19937_64 rng(42);
  const uint64_t span = m.mapper().capacityBytes();
  const double t0 = cpuSeconds();
  uint64_t addr = rng() % span;
  for (int i = 0; i < n;) {
    if (m.AddTransaction(addr, false))
      ++i, addr = rng() % span;
    else
      m.tickToNextEvent();
  }
  const int64_t cycles = m.drain();
  const double s = cpuSeconds() - t0;
  return {double(n) * cfg.preset.burstBytes() / double(cycles) / m.peakBytesPerCycle(), n / s / 1e6};
}

Run sequentialReads(const vpsim::DramTimingConfig& cfg, uint64_t bytes) {
  vpsim::DramTimingModel m(cfg);
  const double t0 = cpuSeconds();
  const vpsim::DramStreamResult r = vpsim::runDramStream(m, 0, bytes, false);
  const double s = cpuSeconds() - t0;
  return {double(bytes) / double(r.cycles()) / m.peakBytesPerCycle(), double(r.bursts) / s / 1e6};
}

struct Latency {
  double mean_all, mean_burst;  // [tCK] reads overall / reads arriving during the write burst
  int64_t max_burst;            // [tCK]
  uint64_t drains;
};

// Reads every `gap` tCK to random addresses; 512 writes offered back to back at the 20000th read.
Latency readsUnderWriteBurst(vpsim::DramTimingConfig cfg, int write_queue_depth, int gap) {
  cfg.write_queue_depth = write_queue_depth;
  vpsim::DramTimingModel m(cfg);
  std::mt19937_64 rng(7);
  const uint64_t span = m.mapper().capacityBytes();
  std::map<uint64_t, std::pair<int64_t, bool>> arrive;  // addr -> (cycle, during burst)
  Latency l{0, 0, 0, 0};
  uint64_t n_all = 0, n_burst = 0;
  double sum_all = 0, sum_burst = 0;
  m.setCallback([&](uint64_t addr, bool w, int64_t done) {
    if (w) return;
    auto it = arrive.find(addr);
    if (it == arrive.end()) return;
    const int64_t lat = done - it->second.first;
    sum_all += double(lat), ++n_all;
    if (it->second.second) sum_burst += double(lat), ++n_burst, l.max_burst = std::max(l.max_burst, lat);
    arrive.erase(it);
  });
  int writes_left = 0;
  int64_t burst_end = -1;
  for (int i = 0; i < 40000; ++i) {
    if (i == 20000) writes_left = 512;
    const int64_t next = m.clock() + gap;
    while (writes_left > 0 && m.AddTransaction(rng() % span / 64 * 64, true))
      --writes_left, burst_end = m.clock() + 2000;
    const uint64_t addr = rng() % span / 64 * 64;
    while (!m.AddTransaction(addr, false)) m.tickToNextEvent();
    arrive[addr] = {m.clock(), writes_left > 0 || m.clock() < burst_end};
    m.advanceTo(std::max(next, m.clock()));
  }
  m.drain();
  l.mean_all = sum_all / double(std::max<uint64_t>(n_all, 1));
  l.mean_burst = sum_burst / double(std::max<uint64_t>(n_burst, 1));
  l.drains = m.stats().write_drains;
  return l;
}

// `n` DMA bursts of 4 KiB, burst i issued when burst i-2 is done (the accelerator's DMA thread).
// `drained`: model 8's backend, each access streamed to completion on the persistent model before
// the next (advanceTo + runDramStream), for the before/after comparison.
Run dmaBursts(const vpsim::DramTimingConfig& cfg, int n, bool random, bool drained) {
  vpsim::TimingDramBackend b(cfg, false);
  vpsim::DramTimingModel old(cfg);
  std::mt19937_64 rng(3);
  const uint64_t burst = 4096, span = old.mapper().capacityBytes() / burst;
  const double tck = cfg.preset.timing.tck_ns;
  double done[2] = {0, 0}, last = 0;
  const double t0 = cpuSeconds();
  for (int i = 0; i < n; ++i) {
    const uint64_t addr = (random ? rng() % span : uint64_t(i)) * burst;
    const double start = i < 2 ? 0.0 : done[i % 2];
    if (drained) {
      old.advanceTo(int64_t(std::ceil(start / tck - 1e-9)));
      last = double(vpsim::runDramStream(old, addr, burst, false).end_cycle) * tck;
    } else {
      last = b.access(addr, burst, false, start);
    }
    done[i % 2] = last;
  }
  const double s = cpuSeconds() - t0;
  return {double(n) * burst / last / cfg.preset.peakGBps(), double(n) * burst / cfg.preset.burstBytes() / s / 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string configs =
      argc > 1 ? argv[1] : (std::filesystem::path(__FILE__).parent_path().parent_path() / "configs").string();
  std::printf("%-13s %-10s %9s %9s\n", "preset", "pattern", "of_peak", "Mreq/s");
  for (const char* name : {"ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"}) {
    vpsim::DramTimingConfig cfg;
    cfg.preset = vpsim::loadDramPreset(vpsim::dramPresetPath(configs, name));
    const Run rnd = randomReads(cfg, 1000000), seq = sequentialReads(cfg, 64u << 20);
    std::printf("%-13s %-10s %8.1f%% %9.2f\n", name, "random-r", 100 * rnd.peak_fraction, rnd.mreq_per_s);
    std::printf("%-13s %-10s %8.1f%% %9.2f\n", name, "seq-r", 100 * seq.peak_fraction, seq.mreq_per_s);
  }
  std::printf("\nread latency under a 512-write burst (ddr4-2400, a read every 12 tCK), tCK\n");
  std::printf("%-14s %10s %12s %11s %7s\n", "queues", "mean_all", "mean_burst", "max_burst", "drains");
  for (const char* name : {"ddr4-2400", "ddr4-2400-2r"}) {
    vpsim::DramTimingConfig cfg;
    cfg.preset = vpsim::loadDramPreset(vpsim::dramPresetPath(configs, name));
    for (int wq : {32, 0}) {
      const Latency l = readsUnderWriteBurst(cfg, wq, 12);
      std::printf("%-14s %10.1f %12.1f %11lld %7llu\n",
                  (std::string(name == std::string("ddr4-2400") ? "1r " : "2r ") + (wq ? "split" : "shared")).c_str(),
                  l.mean_all, l.mean_burst, (long long)l.max_burst, (unsigned long long)l.drains);
    }
  }
  std::printf("\nDMA path: 4 KiB bursts, two in flight: TimingDramBackend (model 9) vs each burst drained (model 8)\n");
  std::printf("%-13s %-10s %9s %9s %12s %9s\n", "preset", "pattern", "of_peak", "Mreq/s", "m8_of_peak", "m8_Mreq/s");
  for (const char* name : {"ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"}) {
    vpsim::DramTimingConfig cfg;
    cfg.preset = vpsim::loadDramPreset(vpsim::dramPresetPath(configs, name));
    for (const bool random : {false, true}) {
      const Run now = dmaBursts(cfg, 20000, random, false), before = dmaBursts(cfg, 20000, random, true);
      std::printf("%-13s %-10s %8.1f%% %9.2f %11.1f%% %9.2f\n", name, random ? "dma-rnd" : "dma-seq",
                  100 * now.peak_fraction, now.mreq_per_s, 100 * before.peak_fraction, before.mreq_per_s);
    }
  }
  return 0;
}
