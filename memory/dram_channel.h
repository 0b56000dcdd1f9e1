// DramChannel: the controller of one DRAM channel: a bounded request queue scheduled FR-FCFS
// (row hits first, then oldest) under an open-page policy, all-bank refresh of each rank every
// tREFI (ranks staggered by tREFI / ranks, DRAMsim3's RANK_LEVEL_STAGGERED; a rank waiting for its
// refresh takes no other commands, the other ranks go on), and completion at data end (RD:
// +CL+BL/2, WR: +CWL+BL/2). One command per cycle on the command bus.
// The channel always knows its next command and the cycle it becomes ready, so tick() does nothing
// until then (idle cycles cost nothing) and nextEvent() is exact.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "memory/dram_address_mapper.h"
#include "memory/dram_completion_ring.h"
#include "memory/dram_stats.h"
#include "memory/dram_timing_state.h"

namespace vpsim {

class DramChannel {
 public:
  using Callback = std::function<void(uint64_t addr, bool is_write, int64_t done_cycle)>;
  // Sees every command issued (tracing, independent timing checkers in tests).
  using CommandObserver = std::function<void(DramCommand cmd, int bank, int64_t row, int64_t cycle)>;

  // `callback` (may hold no target) is read at each completion: its owner may reassign it.
  // row_hit_cap > 0: after that many CAS since a bank's ACT, the bank's oldest request goes first
  // if it wants another row (its hits stop being candidates until then).
  DramChannel(const DramPreset& preset, int queue_depth, bool refresh, const Callback* callback, int row_hit_cap = 0);

  bool full() const { return queued_ >= queue_depth_; }
  void enqueue(uint64_t addr, const DramAddress& a, bool is_write, int64_t now);
  // One controller cycle at `now` (non-decreasing). Inline: most ticks only complete a request.
  void tick(int64_t now) {
    if (now >= next_done_) complete(now);
    if (now >= next_.cycle()) step(now);
  }
  bool idle() const { return queued_ == 0 && reads_done_.empty() && writes_done_.empty(); }
  // Earliest cycle at which tick() can do anything (issue a command or complete a request): ticks
  // before it are no-ops and may be skipped.
  int64_t nextEvent() const { return next_.cycle() < next_done_ ? next_.cycle() : next_done_; }
  DramStats stats(int64_t now);  // counters with background cycles accounted up to `now`
  int64_t lastCompletion() const { return last_done_; }  // [tCK] latest data-end cycle so far
  uint64_t completedRequests() const { return stats_.requests; }
  void setObserver(CommandObserver obs) { observer_ = std::move(obs); }
  // Issuing commands here directly would bypass the scheduler's bookkeeping: inspection only.
  const DramTimingState& state() const { return state_; }

 private:
  struct Request {
    uint64_t addr;
    int64_t row;
    int64_t arrive;
    uint64_t seq;  // arrival order over the whole channel
    bool is_write;
    uint8_t needed = 0;  // 0 hit, 1 needed ACT, 2 needed PRE + ACT
  };
  struct Bank {
    std::vector<Request> queue;  // this bank's requests in arrival order
    int hit[2] = {-1, -1};       // index in `queue` of the oldest read / write hitting the open row
    int hits_since_act = 0;      // CAS served since the row opened (row_hit_cap)
  };
  // A candidate command as one number, so that the best of many is a plain minimum (no branches
  // to mispredict in the loops over banks): its ready cycle in the high half, a tag in the low
  // half. The tag orders equal cycles by age (arrival sequence number) and carries the bank and,
  // for a CAS, read (0) or write (1).
  using Key = unsigned __int128;
  static uint64_t tag(uint64_t seq, int bank, int kind = 0) { return seq << 7 | uint64_t(kind) << 6 | uint64_t(bank); }
  static Key key(int64_t cycle, uint64_t tag) { return Key(uint64_t(cycle)) << 64 | tag; }
  // At equal cycles: a due refresh first, then a refresh's PRE or REF (lowest bank first), then row
  // hits, then row commands (then by tag).
  enum class Action : uint8_t { StartRefresh, Refresh, Cas, Row };
  static constexpr int kMaxRanks = 8;
  struct Plan {
    Key key;
    Action action;
    int64_t cycle() const { return int64_t(key >> 64); }
    int bank() const { return int(key & 63); }
    int kind() const { return int(key >> 6 & 1); }
  };
  // The candidates of one kind of command (CAS; ACT of a closed bank; PRE of an open one) with
  // their best kept between decisions, as a command changes the readiness of few banks. See best().
  struct Candidates {
    Key best = 0;
    bool stale = true;   // a bound shared by every member moved: weigh them all again
    uint64_t dirty = 0;  // banks changed since `best` was found
  };
  void step(int64_t now);
  void execute(int64_t now);
  void plan(int64_t from);
  template <class KeyOf>
  Key best(Candidates& c, uint64_t members, int64_t from, KeyOf key_of);
  void planRefresh(int64_t from);
  void consider(Key k, Action a);
  void issue(DramCommand c, int bank, int64_t row, int64_t now);
  void finish(int bank, int i, int64_t now);  // the CAS of banks_[bank].queue[i] issued
  static int nextHit(const Bank& bank, int64_t row, int kind, int from);
  void updateHitMask(int bank);
  void complete(int64_t now);
  void accountBackground(int64_t now);
  void startRefresh(int64_t now);
  void staleAll() { cas_.stale = act_.stale = pre_.stale = true; }
  uint64_t rankMask(int rank) const { return rank_bank_mask_ << (rank * state_.banksPerRank()); }

  DramPreset preset_;
  DramTimingState state_;
  int queue_depth_;
  bool refresh_enabled_;
  int row_hit_cap_;
  const Callback* callback_;
  CommandObserver observer_;
  std::vector<Bank> banks_;
  std::vector<uint64_t> oldest_;  // per bank: tag() of queue.front(), read by plan() for every bank
  int queued_ = 0;
  uint64_t next_seq_ = 0;
  uint64_t pending_mask_ = 0;  // bit b: bank b has queued requests
  uint64_t hit_mask_ = 0;      // bit b: bank b offers a row hit (has one queued, and is not capped)
  uint64_t open_mask_ = 0;     // bit b: bank b has a row open
  Candidates cas_, act_, pre_;
  Plan next_;  // what tick() issues next, and when, unless a request arrives first
  std::vector<int64_t> next_refresh_;  // per rank: cycle its next refresh is due
  uint32_t refresh_pending_ = 0;       // bit r: rank r waits for its REF (takes no other commands)
  uint64_t blocked_mask_ = 0;          // banks of the ranks in refresh_pending_
  uint64_t rank_bank_mask_;            // the banks of rank 0
  int rank_shift_;                     // bank >> rank_shift_ = its rank
  DramCompletionRing reads_done_, writes_done_;
  int64_t next_done_;  // earliest cycle in the two FIFOs
  int64_t bg_since_ = 0;  // background energy accounted up to here
  int64_t last_done_ = 0;
  DramStats stats_;
};

}  // namespace vpsim
