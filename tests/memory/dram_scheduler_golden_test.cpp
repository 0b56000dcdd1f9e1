// Freezes the DRAM model's output on one mixed workload per preset: a fingerprint of every command,
// every completion and the final stats, recorded from the scheduler as it was before its speed-up
// (dram_channel.cpp scanning its queue every attempt). dram_scheduler_reference_test compares against
// a reference scheduler; this also catches a change made to both (e.g. in DramTimingState or the
// address mapper). A deliberate change of timing behaviour updates the constants below.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "memory/dram_timing_model.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

struct Fingerprint {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a
  void add(uint64_t v) {
    for (int i = 0; i < 8; ++i) hash = (hash ^ ((v >> (8 * i)) & 0xff)) * 1099511628211ull;
  }
};

class DramSchedulerGolden : public ::testing::TestWithParam<const char*> {};

uint64_t fingerprint(const char* preset, int write_queue_depth);

// One shared queue (write_queue_depth 0): the scheduler as it was before separate write queues.
TEST_P(DramSchedulerGolden, MixedTrafficFingerprintUnchanged) {
  const std::map<std::string, uint64_t> expected = {{"ddr4-2400", 0xd4e4a937dbb96e62},
                                                    {"ddr4-2400-2r", 0x917fc506d2cacdd3},
                                                    {"lpddr4-3200", 0x57ed037f180d8df8},
                                                    {"hbm2", 0xe63756f7b4abd6a5}};
  EXPECT_EQ(fingerprint(GetParam(), 0), expected.at(GetParam()))
      << std::hex << "fingerprint 0x" << fingerprint(GetParam(), 0);
}

// Separate read and write queues (the default): write drain mode.
TEST_P(DramSchedulerGolden, MixedTrafficWithWriteDrainFingerprintUnchanged) {
  const std::map<std::string, uint64_t> expected = {{"ddr4-2400", 0x46df22a1acbbe2ca},
                                                    {"ddr4-2400-2r", 0xfa25457faf05211a},
                                                    {"lpddr4-3200", 0x1741c0b0cccd1bf},
                                                    {"hbm2", 0x6706b372e1890e}};
  EXPECT_EQ(fingerprint(GetParam(), 32), expected.at(GetParam()))
      << std::hex << "fingerprint 0x" << fingerprint(GetParam(), 32);
}

uint64_t fingerprint(const char* preset, int write_queue_depth) {
  DramTimingConfig cfg;
  cfg.preset = test::preset(preset);
  cfg.channels = 2;
  cfg.write_queue_depth = write_queue_depth;
  DramTimingModel m(cfg);
  Fingerprint f;
  m.setCommandObserver([&](int ch, DramCommand c, int bank, int64_t row, int64_t t) {
    for (uint64_t v : {uint64_t(ch), uint64_t(c), uint64_t(bank), uint64_t(row), uint64_t(t)}) f.add(v);
  });
  m.setCallback([&](uint64_t addr, bool w, int64_t t) {
    for (uint64_t v : {addr, uint64_t(w), uint64_t(t)}) f.add(v);
  });
  std::mt19937_64 rng(11);
  const uint64_t span = m.mapper().capacityBytes();
  for (int i = 0; i < 20000; ++i) {  // stream reads, random mix, stream writes, row conflicts; idle gaps
    const int phase = (i / 700) % 4;
    uint64_t addr = phase == 0 || phase == 2 ? uint64_t(i) * 32 : rng() % span;
    if (phase == 3) addr = (rng() % 4) * m.mapper().rowPeriodBytes() + (rng() % 64) * 64;
    const bool write = phase == 2 || (phase == 1 && rng() % 3 == 0) || (phase == 3 && i % 2);
    while (!m.AddTransaction(addr, write)) m.tickToNextEvent();
    if (i % 6000 == 0) m.advanceTo(m.clock() + int64_t(rng() % 20000));
  }
  m.drain();
  const DramStats s = m.stats();
  for (uint64_t v :
       {s.activates, s.precharges, s.reads, s.writes, s.refreshes, s.row_hits, s.row_misses, s.row_conflicts,
        s.active_cycles, s.precharged_cycles, s.bytes, s.requests, s.total_latency, uint64_t(m.clock())})
    f.add(v);
  return f.hash;
}

INSTANTIATE_TEST_SUITE_P(Presets, DramSchedulerGolden,
                         ::testing::Values("ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"));

}  // namespace
}  // namespace vpsim
