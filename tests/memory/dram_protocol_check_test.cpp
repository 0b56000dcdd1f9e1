// An independent protocol checker: records every command the scheduler issues under mixed traffic
// (streams, random, reads, writes, refresh, several channels) and checks each against the JEDEC
// rules re-derived here from the preset, from the last command of each kind per bank, bank group,
// rank and channel. It shares no code with DramTimingState, so a bookkeeping slip in either shows up.
// Ranks: tRRD, tFAW, tRFC and the CAS rules of one rank apply per rank; CASes of different ranks
// on the shared data bus keep their bursts tRTRS apart. HBM2 pseudo-channels: the same per
// pseudo-channel, each with its own data bus; one row command (an ACT holding the row bus for
// act_bus_cycles) and one column command per cycle.
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <random>
#include <sstream>

#include "memory/dram_timing_model.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

constexpr int64_t kLongAgo = -1000000;

class ProtocolChecker {
 public:
  explicit ProtocolChecker(const DramPreset& p)
      : p_(p),
        t_(p.timing),
        banks_(size_t(p.banks())),
        acts_(size_t(p.subChannels())),
        last_ref_(size_t(p.subChannels()), kLongAgo),
        bus_free_(size_t(p.dataBuses()), 0),
        bus_rank_(size_t(p.dataBuses()), -1) {}

  void observe(DramCommand c, int bank, int64_t row, int64_t now) {
    ++commands;
    const bool row_cmd = c == DramCommand::Act || c == DramCommand::Pre || c == DramCommand::Ref;
    if (p_.org.command_buses == 1) {
      expect(now > last_cmd_, "one command per cycle", now);
      last_cmd_ = now;
    } else {
      int64_t& last = row_cmd ? last_row_ : last_col_;
      expect(now > last, row_cmd ? "one row command per cycle" : "one column command per cycle", now);
      last = now;
    }
    if (row_cmd || p_.org.command_buses == 1)
      expect(now >= last_act_ + t_.act_bus_cycles, "an ACT holds the (row) command bus", now);
    if (c == DramCommand::Act) last_act_ = now;
    const int bg = bank / p_.org.banks_per_group;
    Bank& b = banks_[size_t(bank)];
    switch (c) {
      case DramCommand::Act:
        act(b, bank, bg, row, now);
        break;
      case DramCommand::Pre:
        expect(b.open != -1, "PRE of a closed bank", now);
        expect(now - b.act >= t_.tras, "tRAS", now);
        expect(now - b.rd >= t_.trtp, "tRTP", now);
        expect(now - b.wr >= t_.cwl + p_.burstCycles() + t_.twr, "tWR", now);
        b.open = -1;
        b.pre = now;
        break;
      case DramCommand::Rd:
      case DramCommand::Wr:
        cas(c == DramCommand::Wr, b, bg, row, now);
        break;
      case DramCommand::Ref: {
        const int rank = rankOf(bank);
        for (int o = 0; o < int(banks_.size()); ++o) {
          if (rankOf(o) != rank) continue;
          const Bank& x = banks_[size_t(o)];
          expect(x.open == -1, "REF with a bank of its rank open", now);
          expect(now - x.pre >= t_.trp, "PRE -> REF tRP", now);
          expect(now - x.act >= t_.trc, "ACT -> REF tRC", now);
        }
        expect(now - last_ref_[size_t(rank)] >= t_.trfc, "REF -> REF tRFC", now);
        last_ref_[size_t(rank)] = now;
        ++refreshes;
        break;
      }
    }
  }
  int64_t commands = 0, refreshes = 0;
  std::vector<std::string> errors;

 private:
  struct Bank {
    int64_t open = -1, act = kLongAgo, pre = kLongAgo, rd = kLongAgo, wr = kLongAgo;
  };
  void expect(bool ok, const char* rule, int64_t now) {
    if (!ok && errors.size() < 10) errors.push_back(std::string(rule) + " violated at cycle " + std::to_string(now));
  }
  int rankOf(int bank) const { return bank / p_.banksPerRank(); }
  void act(Bank& b, int bank, int bg, int64_t row, int64_t now) {
    const int rank = rankOf(bank);
    expect(b.open == -1, "ACT of an open bank", now);
    expect(now - b.pre >= t_.trp, "tRP", now);
    expect(now - b.act >= t_.trc, "tRC", now);
    expect(now - last_ref_[size_t(rank)] >= t_.trfc, "REF -> ACT tRFC", now);
    for (int o = 0; o < int(banks_.size()); ++o) {
      if (o == bank || rankOf(o) != rank) continue;  // tRRD: within the rank
      const bool same_bg = o / p_.org.banks_per_group == bg;
      expect(now - banks_[size_t(o)].act >= (same_bg ? t_.trrd_l : t_.trrd_s), same_bg ? "tRRD_L" : "tRRD_S", now);
    }
    std::deque<int64_t>& window = acts_[size_t(rank)];  // tFAW: within the rank
    if (window.size() == 4) {
      expect(now - window.front() >= t_.tfaw, "tFAW", now);
      window.pop_front();
    }
    window.push_back(now);
    b.open = row;
    b.act = now;
  }
  void cas(bool write, Bank& b, int bg, int64_t row, int64_t now) {
    expect(b.open == row, "CAS to a row that is not open", now);
    expect(now - b.act >= t_.trcd, "tRCD", now);
    const int bl2 = p_.burstCycles();
    for (int o = 0; o < int(banks_.size()); ++o) {
      const Bank& x = banks_[size_t(o)];
      if (rankOf(o) != rankOf(bg * p_.org.banks_per_group)) continue;  // other ranks: the data bus below
      const bool same_bg = o / p_.org.banks_per_group == bg;
      const int ccd = same_bg ? t_.tccd_l : t_.tccd_s;
      expect(now - std::max(x.rd, x.wr) >= ccd, same_bg ? "tCCD_L" : "tCCD_S", now);
      if (write)
        expect(now - x.rd >= t_.cl + bl2 + 2 - t_.cwl, "RD -> WR turnaround", now);
      else
        expect(now - x.wr >= t_.cwl + bl2 + (same_bg ? t_.twtr_l : t_.twtr_s), "tWTR", now);
    }
    // Data bursts on the shared bus never overlap; a burst of another rank than the previous one
    // starts tRTRS after it ends.
    const int64_t start = now + (write ? t_.cwl : t_.cl);
    const int rank = rankOf(bg * p_.org.banks_per_group);
    const size_t bus = p_.sharedDataBus() ? 0 : size_t(rank);  // pseudo-channels: one bus each
    const bool other = bus_rank_[bus] >= 0 && rank != bus_rank_[bus];
    expect(start >= bus_free_[bus] + (other ? t_.trtrs : 0),
           other ? "data bus overlap or rank switch tRTRS" : "data bus overlap", now);
    bus_free_[bus] = std::max(bus_free_[bus], start + bl2);
    bus_rank_[bus] = rank;
    (write ? b.wr : b.rd) = now;
  }

  DramPreset p_;
  DramTiming t_;
  std::vector<Bank> banks_;
  std::vector<std::deque<int64_t>> acts_;  // per rank: the last four ACTs
  std::vector<int64_t> last_ref_;          // per rank
  int64_t last_cmd_ = -1, last_row_ = -1, last_col_ = -1, last_act_ = kLongAgo;
  std::vector<int64_t> bus_free_;  // per data bus: end of its last burst
  std::vector<int> bus_rank_;      // per data bus: rank of its last burst
};

class DramProtocol : public ::testing::TestWithParam<const char*> {};

TEST_P(DramProtocol, EveryIssuedCommandObeysTheTimingRules) {
  DramTimingConfig cfg;
  cfg.preset = test::preset(GetParam());
  cfg.channels = 2;
  DramTimingModel m(cfg);
  std::vector<ProtocolChecker> checkers(2, ProtocolChecker(cfg.preset));
  m.setCommandObserver(
      [&](int ch, DramCommand c, int b, int64_t r, int64_t t) { checkers[size_t(ch)].observe(c, b, r, t); });
  std::mt19937_64 rng(11);
  const uint64_t span = m.mapper().capacityBytes();
  for (int i = 0; i < 60000; ++i) {
    const int phase = (i / 700) % 4;  // stream reads, random mix, stream writes, row-conflict heavy
    uint64_t addr = phase == 0 || phase == 2 ? uint64_t(i) * 32 : rng() % span;
    if (phase == 3) addr = (rng() % 4) * m.mapper().rowPeriodBytes() + (rng() % 64) * 64;
    const bool write = phase == 2 || (phase == 1 && rng() % 3 == 0) || (phase == 3 && i % 2);
    while (!m.AddTransaction(addr, write)) m.tickToNextEvent();
  }
  m.drain();
  m.advanceTo(m.clock() + 3 * cfg.preset.timing.trefi);  // idle refreshes too
  for (const ProtocolChecker& c : checkers) {
    std::ostringstream all;
    for (const std::string& e : c.errors) all << e << "\n";
    EXPECT_TRUE(c.errors.empty()) << GetParam() << ":\n" << all.str();
    EXPECT_GT(c.commands, 30000);  // each channel: ~30000 CAS plus row commands
    EXPECT_GT(c.refreshes, 3);
  }
}

INSTANTIATE_TEST_SUITE_P(Presets, DramProtocol, ::testing::Values("ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"));

}  // namespace
}  // namespace vpsim
