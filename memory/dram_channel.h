// DramChannel: the controller of one DRAM channel: a bounded request queue scheduled FR-FCFS
// (row hits first, then oldest) under an open-page policy, all-bank refresh of each rank every
// tREFI (ranks staggered by tREFI / ranks, DRAMsim3's RANK_LEVEL_STAGGERED; pseudo-channels
// together, as Ramulator 2's channel-wide REFab; a rank or pseudo-channel waiting for its
// refresh takes no other commands, the other ranks go on), and completion at data end (RD:
// +CL+BL/2, WR: +CWL+BL/2). One command per cycle on the command bus.
// Reads and writes wait in separate queues (Ramulator 2's GenericDRAMController, DRAMsim3): the
// channel serves reads until the write queue fills past its high watermark (or no read waits), then
// drains writes until they fall below the low watermark while reads wait: writes go in batches and
// the bus turns around (tWTR, RD-to-WR) once per batch. A read of an address a queued write will
// write is answered from the write queue one cycle later. write_queue_depth 0: one shared queue,
// reads and writes scheduled together (no drain mode).
// The channel always knows its next command and the cycle it becomes ready, so tick() does nothing
// until then (idle cycles cost nothing) and nextEvent() is exact.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
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

  struct Config {
    int queue_depth = 32;        // [requests] read queue (the shared queue when write_queue_depth is 0)
    int write_queue_depth = 32;  // [requests] write queue; 0: reads and writes share queue_depth
    double write_high = 0.8;     // drain writes once more than this fraction of the write queue waits
    double write_low = 0.2;      // ... until fewer than this fraction wait (and a read waits)
    bool refresh = true;
    // row_hit_cap > 0: after that many CAS since a bank's ACT, the bank's oldest request (of the
    // kind being served) goes first if it wants another row (its hits stop being candidates until then).
    int row_hit_cap = 0;
  };
  // `callback` (may hold no target) is read at each completion: its owner may reassign it.
  DramChannel(const DramPreset& preset, const Config& config, const Callback* callback);

  bool full(bool is_write) const {
    return split_ ? (is_write ? queued_kind_[1] >= write_depth_ : queued_kind_[0] >= queue_depth_)
                  : queued_ >= queue_depth_;
  }
  bool writeMode() const { return write_mode_; }
  void enqueue(uint64_t addr, const DramAddress& a, bool is_write, int64_t now);
  // One controller cycle at `now` (non-decreasing). Inline: most ticks only complete a request.
  void tick(int64_t now) {
    if (now >= mode_check_) settleMode(now);
    if (now >= next_done_) complete(now);
    if (now >= next_.cycle() || now >= next_row_.cycle()) step(now);
  }
  bool idle() const { return queued_ == 0 && reads_done_.empty() && writes_done_.empty() && forwarded_.empty(); }
  // Earliest cycle at which tick() can do anything (issue a command or complete a request): ticks
  // before it are no-ops and may be skipped.
  int64_t nextEvent() const { return std::min({next_.cycle(), next_row_.cycle(), next_done_, mode_check_}); }
  DramStats stats(int64_t now);                          // counters with background cycles accounted up to `now`
  int64_t lastCompletion() const { return last_done_; }  // [tCK] latest data-end cycle so far
  uint64_t completedRequests() const { return stats_.requests; }
  void setObserver(CommandObserver obs) { observer_ = std::move(obs); }
  // A copy (DramTimingModel::copyStateFrom) reports its completions through its own model's callback.
  void setCallback(const Callback* callback) { callback_ = callback; }
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
    int first[2] = {-1, -1};     // index in `queue` of the oldest read / write
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
  void execute(Plan p, int64_t now);
  void plan(int64_t col_from, int64_t row_from);
  template <class KeyOf>
  Key best(Candidates& c, uint64_t members, int64_t from, KeyOf key_of);
  void planRefresh(int64_t from);
  void consider(Plan& target, Key k, Action a);
  Plan& rowPlan() { return two_buses_ ? next_row_ : next_; }  // where row commands are planned
  void issue(DramCommand c, int bank, int64_t row, int64_t now);
  void finish(int bank, int i, int64_t now);  // the CAS of banks_[bank].queue[i] issued
  static int nextHit(const Bank& bank, int64_t row, int kind, int from);
  void updateHitMask(int bank);
  void complete(int64_t now);
  bool forward(uint64_t addr, const Bank& bank, int64_t now);
  bool updateMode();
  void settleMode(int64_t now);
  void updateOldest(int bank);
  // The candidates of the kinds being served: both with a shared queue, else reads or writes.
  uint64_t activeHits() const { return split_ ? hit_mask_[write_mode_] : hit_mask_[0]; }
  uint64_t activePending() const { return split_ ? pending_kind_[write_mode_] : pending_kind_[0] | pending_kind_[1]; }
  bool activeKind(int kind) const { return !split_ || kind == int(write_mode_); }
  const Request& oldestActive(const Bank& b) const {  // of a bank with activePending()
    if (split_) return b.queue[size_t(b.first[write_mode_])];
    return b.queue.front();
  }
  void accountBackground(int64_t now);
  void startRefresh(int64_t now);
  void staleAll() { cas_.stale = act_.stale = pre_.stale = true; }
  uint64_t rankMask(int rank) const { return rank_bank_mask_ << (rank * state_.banksPerRank()); }

  DramPreset preset_;
  DramTimingState state_;
  int queue_depth_;
  int write_depth_;
  bool split_;                                                // separate read and write queues
  double write_high_, write_low_;                             // [requests] watermarks
  bool write_mode_ = false;                                   // draining writes
  int64_t mode_check_ = std::numeric_limits<int64_t>::max();  // cycle whose tick decides the mode again
  bool refresh_enabled_;
  int row_hit_cap_;
  bool two_buses_;  // HBM2: row commands on a row bus, RD/WR on a column bus, one of each per cycle
  const Callback* callback_;
  CommandObserver observer_;
  std::vector<Bank> banks_;
  // Per bank: tag() of its oldest request of the kinds being served, read by plan() for every bank.
  std::vector<uint64_t> oldest_;
  int queued_ = 0;
  int queued_kind_[2] = {0, 0};  // reads, writes
  uint64_t next_seq_ = 0;
  uint64_t pending_kind_[2] = {0, 0};  // bit b: bank b has queued reads / writes
  // Bit b: bank b offers a row hit of the kinds served (queued and not capped). Separate queues:
  // [0] reads, [1] writes; a shared queue: [0] either.
  uint64_t hit_mask_[2] = {0, 0};
  uint64_t open_mask_ = 0;  // bit b: bank b has a row open
  Candidates cas_, act_, pre_;
  // What tick() issues next, and when, unless a request arrives first: one command bus: next_;
  // row and column buses: next_ the column command (or a due refresh), next_row_ the row command.
  Plan next_;
  Plan next_row_{Key(uint64_t(std::numeric_limits<int64_t>::max())) << 64, Action::Row};
  std::vector<int64_t> next_refresh_;  // per rank: cycle its next refresh is due
  uint32_t refresh_pending_ = 0;       // bit r: rank r waits for its REF (takes no other commands)
  uint64_t blocked_mask_ = 0;          // banks of the ranks in refresh_pending_
  uint64_t rank_bank_mask_;            // the banks of rank 0
  int rank_shift_;                     // bank >> rank_shift_ = its rank
  DramCompletionRing reads_done_, writes_done_, forwarded_;  // forwarded_: reads answered by the write queue
  int64_t next_done_;                                        // earliest cycle in the three FIFOs
  int64_t bg_since_ = 0;                                     // background energy accounted up to here
  int64_t last_done_ = 0;
  DramStats stats_;
};

}  // namespace vpsim
