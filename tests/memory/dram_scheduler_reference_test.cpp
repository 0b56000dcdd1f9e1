// Holds DramTimingModel's scheduler to a plain reference: an FR-FCFS controller written for clarity,
// which rescans its whole queue every cycle (no cached readiness, no skipped cycles, its own address
// decode). Both get the same traffic; every command, every completion (in order) and the stats must
// match exactly. The reference shares only DramTimingState with the model: its JEDEC rules are checked
// on their own by dram_timing_state_test and dram_protocol_check_test.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "memory/dram_timing_model.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

// One thing either model did: a command of a channel, or a completion (the callback gives no channel).
struct Event {
  int64_t cycle;
  int channel;  // -1: completion
  int what;     // DramCommand, or kDone + is_write
  int bank;
  uint64_t value;  // row of a command, address of a completion
  bool operator==(const Event& o) const {
    return cycle == o.cycle && channel == o.channel && what == o.what && bank == o.bank && value == o.value;
  }
};
constexpr int kDone = 8;

std::string show(const Event& e) {
  std::ostringstream s;
  s << "cycle " << e.cycle << " ch " << e.channel << " "
    << (e.what >= kDone ? (e.what > kDone ? "done-WR" : "done-RD") : dramCommandName(DramCommand(e.what))) << " bank "
    << e.bank << " " << (e.what >= kDone ? "addr " : "row ") << e.value;
  return s.str();
}

// The rules of dram_channel.cpp, each cycle from scratch. Rank r's refresh is due at (r + 1) *
// tREFI / ranks, then every tREFI (pseudo-channels: all at tREFI); a rank with a due refresh takes nothing else: its
// open banks are precharged lowest index first, then REF (ranks in order, the first that can issue goes). Otherwise the
// oldest queued request of a rank not waiting for refresh whose RD/WR can issue; otherwise, over banks where no queued
// request hits the open row, the oldest request whose bank's ACT (bank closed) or PRE (another row open) can issue.
// Data is done CL/CWL + BL/2 after the CAS. Separate read and write queues: only requests of the kind being served
// count as candidates (their "oldest" is the oldest of that kind). Writes are served from when they exceed high x depth
// (or no read waits) until they fall below low x depth (or run out) while a read waits. A read of an
// address a queued write holds is done the next cycle (forwarded). Row and column command buses
// (HBM2): each cycle the column command as above, then a row command (refresh first) as above.
// With a row-hit cap, a bank that served `cap` CAS since its ACT while its oldest request wants
// another row counts as having no hit.
class ReferenceChannel {
 public:
  ReferenceChannel(const DramPreset& p, const DramTimingConfig& c, int channel, std::vector<Event>& log)
      : p_(p),
        state_(p),
        depth_(c.queue_depth),
        wdepth_(c.write_queue_depth),
        high_(c.write_high_watermark),
        low_(c.write_low_watermark),
        refresh_(c.refresh),
        cap_(c.row_hit_cap),
        channel_(channel),
        log_(log),
        cas_since_act_(size_t(p.banks()), 0) {
    for (int r = 0; r < p.subChannels(); ++r) {
      next_refresh_.push_back(int64_t(p.timing.trefi) * (r % p.org.ranks + 1) / p.org.ranks);
      refresh_due_.push_back(false);
    }
  }

  bool split() const { return wdepth_ > 0; }
  int count(bool write) const {
    return int(std::count_if(queue_.begin(), queue_.end(), [&](const Request& r) { return r.write == write; }));
  }
  bool full(bool write) const {
    if (!split()) return int(queue_.size()) >= depth_;
    return count(write) >= (write ? wdepth_ : depth_);
  }
  bool idle() const { return queue_.empty() && in_flight_.empty(); }
  void enqueue(uint64_t addr, int bank, int64_t row, bool write, int64_t now) {
    if (split() && !write)
      for (const Request& r : queue_)
        if (r.write && r.addr == addr) {
          in_flight_.push_back(InFlight{now + 1, now, addr, 1});
          ++stats.forwarded_reads;
          return;
        }
    queue_.push_back(Request{addr, row, now, bank, write});
  }
  void tick(int64_t now) {
    complete(now);
    for (size_t r = 0; r < next_refresh_.size(); ++r)
      if (refresh_ && now >= next_refresh_[r]) refresh_due_[r] = true;
    updateMode();
    if (p_.org.command_buses == 2) {  // a column command and a row command, the column one first
      issueCas(now);
      if (!refresh(now)) issueRowCommand(now);
    } else if (!refresh(now) && !issueCas(now)) {
      issueRowCommand(now);
    }
    for (int r = 0; r < state_.rankCount(); ++r)  // this cycle's state, per rank
      ++(state_.openBanks(r) > 0 ? stats.active_cycles : stats.precharged_cycles);
  }
  DramStats stats;

 private:
  struct Request {
    uint64_t addr;
    int64_t row, arrive;
    int bank;
    bool write;
    int needed = 0;  // 0 row hit, 1 needed ACT, 2 needed PRE and ACT
  };
  struct InFlight {
    int64_t done, arrive;
    uint64_t addr;
    int kind;  // 0 read from DRAM, 1 read forwarded from the write queue, 2 write
  };

  void complete(int64_t now) {
    for (int kind : {0, 1, 2})  // DRAM reads, forwarded reads, then writes, each in issue order
      for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        if (it->kind != kind || it->done > now) {
          ++it;
          continue;
        }
        ++stats.requests;
        stats.total_latency += uint64_t(it->done - it->arrive);
        if (kind < 2) ++stats.read_requests, stats.read_latency += uint64_t(it->done - it->arrive);
        log_.push_back(Event{it->done, -1, kDone + (kind == 2), 0, it->addr});
        it = in_flight_.erase(it);
      }
  }
  void updateMode() {
    if (!split()) return;
    const int reads = count(false), writes = count(true);
    const bool mode = write_mode_ ? !(reads > 0 && (writes < low_ * wdepth_ || writes == 0))
                                  : writes > 0 && (writes > high_ * wdepth_ || reads == 0);
    if (mode && !write_mode_) ++stats.write_drains;
    write_mode_ = mode;
  }
  bool active(const Request& r) const { return !split() || r.write == write_mode_; }
  bool blocked(int bank) const { return refresh_due_[size_t(state_.rankOf(bank))]; }
  bool refresh(int64_t now) {
    for (int r = 0; r < state_.rankCount(); ++r) {
      if (!refresh_due_[size_t(r)]) continue;
      const int first = r * state_.banksPerRank();
      if (state_.openBanks(r) > 0) {
        for (int b = first; b < first + state_.banksPerRank(); ++b)
          if (state_.canIssue(DramCommand::Pre, b, 0, now)) return issue(DramCommand::Pre, b, 0, now), true;
      } else if (state_.canIssue(DramCommand::Ref, first, 0, now)) {
        issue(DramCommand::Ref, first, 0, now);
        ++stats.refreshes;
        refresh_due_[size_t(r)] = false;
        next_refresh_[size_t(r)] += p_.timing.trefi;
        return true;
      }
    }
    return false;
  }
  bool capped(int bank) const {
    if (cap_ == 0 || cas_since_act_[size_t(bank)] < cap_) return false;
    for (const Request& r : queue_)
      if (r.bank == bank && active(r)) return r.row != state_.openRow(bank);  // its oldest request served
    return false;
  }
  bool issueCas(int64_t now) {
    for (size_t i = 0; i < queue_.size(); ++i) {
      const Request r = queue_[i];
      if (!active(r) || capped(r.bank) || blocked(r.bank)) continue;
      const DramCommand c = r.write ? DramCommand::Wr : DramCommand::Rd;
      if (!state_.canIssue(c, r.bank, r.row, now)) continue;  // also: its row must be open
      issue(c, r.bank, r.row, now);
      const int latency = (r.write ? p_.timing.cwl : p_.timing.cl) + p_.burstCycles();
      in_flight_.push_back(InFlight{now + latency, r.arrive, r.addr, r.write ? 2 : 0});
      ++(r.write ? stats.writes : stats.reads);
      ++(r.needed == 0 ? stats.row_hits : r.needed == 1 ? stats.row_misses : stats.row_conflicts);
      stats.bytes += uint64_t(p_.burstBytes());
      queue_.erase(queue_.begin() + std::ptrdiff_t(i));
      return true;
    }
    return false;
  }
  void issueRowCommand(int64_t now) {
    std::vector<bool> has_hit(size_t(state_.bankCount())), seen(size_t(state_.bankCount()));
    for (const Request& r : queue_)
      has_hit[size_t(r.bank)] =
          has_hit[size_t(r.bank)] || (active(r) && state_.openRow(r.bank) == r.row && !capped(r.bank));
    for (Request& r : queue_) {
      if (blocked(r.bank) || !active(r)) continue;
      if (has_hit[size_t(r.bank)] || seen[size_t(r.bank)]) continue;  // hits first; then the bank's oldest
      seen[size_t(r.bank)] = true;
      const bool closed = state_.openRow(r.bank) == DramTimingState::kClosed;
      const DramCommand c = closed ? DramCommand::Act : DramCommand::Pre;
      if (!state_.canIssue(c, r.bank, r.row, now)) continue;
      issue(c, r.bank, r.row, now);
      r.needed = std::max(r.needed, closed ? 1 : 2);
      return;
    }
  }
  void issue(DramCommand c, int bank, int64_t row, int64_t now) {
    state_.issue(c, bank, row, now);
    if (c == DramCommand::Rd || c == DramCommand::Wr) ++cas_since_act_[size_t(bank)];
    if (c == DramCommand::Act) cas_since_act_[size_t(bank)] = 0;
    if (c == DramCommand::Act) ++stats.activates;
    if (c == DramCommand::Pre) ++stats.precharges;
    log_.push_back(Event{now, channel_, int(c), bank, uint64_t(row)});
  }

  DramPreset p_;
  DramTimingState state_;
  int depth_, wdepth_;
  double high_, low_;
  bool write_mode_ = false;
  bool refresh_;
  int cap_;
  int channel_;
  std::vector<Event>& log_;
  std::vector<Request> queue_;  // arrival order
  std::vector<InFlight> in_flight_;
  std::vector<int64_t> next_refresh_;  // per rank
  std::vector<bool> refresh_due_;      // per rank
  std::vector<int> cas_since_act_;     // per bank
};

// Channels behind a decode by division (fields of the mapping, least significant first), ticked every cycle.
class ReferenceModel {
 public:
  explicit ReferenceModel(const DramTimingConfig& c) : p_(c.preset) {
    const std::map<std::string, uint64_t> sizes = {
        {"ch", c.channels},        {"pc", p_.org.pseudo_channels}, {"ra", p_.org.ranks},
        {"bg", p_.org.bankgroups}, {"ba", p_.org.banks_per_group}, {"ro", p_.org.rows},
        {"co", p_.burstsPerRow()}};
    std::stringstream s(c.mapping);
    for (std::string f; std::getline(s, f, '-');) fields_.insert(fields_.begin(), {f, sizes.at(f)});
    for (int ch = 0; ch < c.channels; ++ch) channels_.emplace_back(p_, c, ch, log);
  }
  bool add(uint64_t addr, bool write) {
    std::map<std::string, uint64_t> v;
    uint64_t rest = addr / uint64_t(p_.burstBytes());
    for (const auto& [name, size] : fields_) {
      v[name] = rest % size;
      rest /= size;
    }
    ReferenceChannel& ch = channels_[size_t(v["ch"])];
    if (ch.full(write)) return false;
    const uint64_t sub = v["pc"] * uint64_t(p_.org.ranks) + v["ra"];  // absent fields decode as 0
    const uint64_t bank = (sub * uint64_t(p_.org.bankgroups) + v["bg"]) * uint64_t(p_.org.banks_per_group) + v["ba"];
    ch.enqueue(addr, int(bank), int64_t(v["ro"]), write, clock_);
    return true;
  }
  void tick() {
    for (ReferenceChannel& ch : channels_) ch.tick(clock_);
    ++clock_;
  }
  bool idle() const {
    return std::all_of(channels_.begin(), channels_.end(), [](const ReferenceChannel& c) { return c.idle(); });
  }
  int64_t clock() const { return clock_; }
  DramStats stats() const {
    DramStats s;
    for (const ReferenceChannel& ch : channels_) s += ch.stats;
    return s;
  }
  std::vector<Event> log;

 private:
  DramPreset p_;
  std::vector<std::pair<std::string, uint64_t>> fields_;
  std::vector<ReferenceChannel> channels_;
  int64_t clock_ = 0;
};

std::array<uint64_t, 17> fields(const DramStats& s) {
  return {s.activates,       s.precharges,  s.reads,         s.writes,        s.refreshes,
          s.row_hits,        s.row_misses,  s.row_conflicts, s.active_cycles, s.precharged_cycles,
          s.bytes,           s.requests,    s.total_latency, s.read_requests, s.read_latency,
          s.forwarded_reads, s.write_drains};
}

struct Request {
  uint64_t addr;
  bool write;
  int64_t idle_after = 0;  // [tCK] cycles to let pass before the next request
};
using Traffic = std::function<Request(int i, const DramAddressMapper&)>;

// Same requests to both, each retried until accepted. The model skips idle cycles (tickToNextEvent,
// advanceTo), the reference ticks every cycle.
void expectSameAsReference(const DramTimingConfig& cfg, int requests, const Traffic& traffic) {
  DramTimingModel model(cfg);
  std::vector<Event> log;
  model.setCommandObserver([&](int ch, DramCommand c, int bank, int64_t row, int64_t t) {
    log.push_back(Event{t, ch, int(c), bank, uint64_t(row)});
  });
  model.setCallback([&](uint64_t addr, bool w, int64_t t) { log.push_back(Event{t, -1, kDone + w, 0, addr}); });
  ReferenceModel ref(cfg);
  for (int i = 0; i < requests; ++i) {
    const Request r = traffic(i, model.mapper());
    while (!model.AddTransaction(r.addr, r.write)) model.tickToNextEvent();
    while (!ref.add(r.addr, r.write)) ref.tick();
    model.advanceTo(model.clock() + r.idle_after);
    while (ref.clock() < model.clock()) ref.tick();
  }
  model.drain();
  while (!ref.idle()) ref.tick();
  EXPECT_EQ(model.clock(), ref.clock());
  EXPECT_EQ(fields(model.stats()), fields(ref.stats()));
  const size_t n = std::min(log.size(), ref.log.size());
  const size_t first =
      size_t(std::mismatch(log.begin(), log.begin() + std::ptrdiff_t(n), ref.log.begin()).first - log.begin());
  ASSERT_EQ(first, n) << "first difference, event " << first << ": model " << show(log[first]) << ", reference "
                      << show(ref.log[first]);
  ASSERT_EQ(log.size(), ref.log.size());
  EXPECT_GT(model.stats().refreshes, 0u);
}

DramTimingConfig config(const char* preset, int channels, int queue_depth, const char* mapping) {
  DramTimingConfig c;
  c.preset = test::preset(preset);
  c.channels = channels;
  c.queue_depth = queue_depth;
  c.mapping = mapping;
  return c;
}

class DramSchedulerReference : public ::testing::TestWithParam<const char*> {};

TEST_P(DramSchedulerReference, RandomReadsAndWritesWithRefresh) {
  std::mt19937_64 rng(1);
  expectSameAsReference(config(GetParam(), 1, 32, "ro-ra-ba-co-bg-pc-ch"), 15000, [&](int, const DramAddressMapper& m) {
    return Request{rng() % m.capacityBytes(), rng() % 10 < 3};
  });
}

// Streams, random mixes and row conflicts on two channels with deep queues (many requests per bank),
// and idle stretches long enough for refreshes. Ranks interleaved at a low bit: many rank switches.
TEST_P(DramSchedulerReference, MixedPhasesOnTwoChannelsWithIdleGaps) {
  std::mt19937_64 rng(2);
  expectSameAsReference(
      config(GetParam(), 2, 48, "ro-ba-co-bg-ra-pc-ch"), 15000, [&](int i, const DramAddressMapper& m) {
        const int phase = (i / 500) % 4;
        Request r{phase == 0 || phase == 2 ? uint64_t(i) * 32 : rng() % m.capacityBytes(), phase == 2};
        if (phase == 1) r.write = rng() % 3 == 0;
        if (phase == 3) r = Request{(rng() % 4) * m.rowPeriodBytes() + (rng() % 64) * 64, i % 2 == 1};
        if (i % 3000 == 2999) r.idle_after = int64_t(rng() % 20000);
        return r;
      });
}

// Requests trickle in a few cycles apart (the queue is rarely full), conflict-heavy, another mapping.
TEST_P(DramSchedulerReference, TrickleOfRowConflictsSmallQueue) {
  std::mt19937_64 rng(3);
  const DramTimingConfig cfg = config(GetParam(), 2, 6, "ch-ro-ra-pc-bg-ba-co");
  const uint64_t groups = uint64_t(cfg.preset.org.bankgroups);
  expectSameAsReference(cfg, 8000, [&](int, const DramAddressMapper& m) {
    DramAddress a;
    a.channel = int(rng() % 2);
    a.rank = int(rng() % uint64_t(cfg.preset.org.ranks));
    a.pseudo_channel = int(rng() % uint64_t(cfg.preset.org.pseudo_channels));
    a.bankgroup = int(rng() % std::min<uint64_t>(groups, 2));
    a.bank = int(rng() % 2);
    a.row = int64_t(rng() % 3);
    a.column = int64_t(rng() % 8);
    return Request{m.encode(a), rng() % 2 == 0, int64_t(rng() % 24)};
  });
}

// The row-hit cap: hot rows with a steady stream of hits, and requests to other rows of the same banks
// that would otherwise wait behind them.
TEST_P(DramSchedulerReference, RowHitCapAgainstHotRows) {
  std::mt19937_64 rng(4);
  DramTimingConfig cfg = config(GetParam(), 1, 24, "ro-ra-ba-co-bg-pc-ch");
  cfg.row_hit_cap = 4;
  expectSameAsReference(cfg, 12000, [&](int, const DramAddressMapper& m) {
    DramAddress a;
    a.bankgroup = int(rng() % 2);
    a.bank = int(rng() % 2);
    a.row = rng() % 8 == 0 ? int64_t(1 + rng() % 6) : 0;  // row 0 is hot
    a.column = int64_t(rng() % 32);
    return Request{m.encode(a), rng() % 4 == 0, int64_t(rng() % 3)};
  });
}

// One shared queue (write_queue_depth 0): reads and writes scheduled together, no drain mode.
TEST_P(DramSchedulerReference, SharedQueueMixesReadsAndWrites) {
  std::mt19937_64 rng(5);
  DramTimingConfig cfg = config(GetParam(), 1, 32, "ro-ra-ba-co-bg-pc-ch");
  cfg.write_queue_depth = 0;
  expectSameAsReference(cfg, 12000, [&](int, const DramAddressMapper& m) {
    return Request{rng() % m.capacityBytes(), rng() % 10 < 4};
  });
}

// Write bursts into a small write queue with other watermarks, reads between them, and reads of
// addresses queued writes hold (forwarded).
TEST_P(DramSchedulerReference, WriteDrainBatchesAndForwardedReads) {
  std::mt19937_64 rng(6);
  DramTimingConfig cfg = config(GetParam(), 2, 12, "ro-ra-ba-co-bg-pc-ch");
  cfg.write_queue_depth = 10;
  cfg.write_high_watermark = 0.6;
  cfg.write_low_watermark = 0.3;
  expectSameAsReference(cfg, 15000, [&](int i, const DramAddressMapper& m) {
    const bool burst = (i / 40) % 3 == 0;     // a third of the time, writes come in bursts
    const uint64_t hot = (rng() % 256) * 64;  // a small hot region: reads meet queued writes
    const bool write = burst || rng() % 5 == 0;
    const uint64_t addr = rng() % 3 == 0 ? hot : rng() % m.capacityBytes() / 64 * 64;
    return Request{addr, write, int64_t(rng() % 4 == 0 ? rng() % 30 : 0)};
  });
}

INSTANTIATE_TEST_SUITE_P(Presets, DramSchedulerReference,
                         ::testing::Values("ddr4-2400", "ddr4-2400-2r", "lpddr4-3200", "hbm2"));

}  // namespace
}  // namespace vpsim
