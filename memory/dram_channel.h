// DramChannel: the controller of one DRAM channel: a bounded request queue scheduled FR-FCFS
// (row hits first, then oldest) under an open-page policy, all-bank refresh every tREFI, and
// completion at data end (RD: +CL+BL/2, WR: +CWL+BL/2). One command per cycle on the command bus.
// tick() skips work until the earliest cycle anything can change (idle cycles cost nothing).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "memory/dram_address_mapper.h"
#include "memory/dram_stats.h"
#include "memory/dram_timing_state.h"

namespace vpsim {

class DramChannel {
 public:
  using Callback = std::function<void(uint64_t addr, bool is_write, int64_t done_cycle)>;
  // Sees every command issued (tracing, independent timing checkers in tests).
  using CommandObserver = std::function<void(DramCommand cmd, int bank, int64_t row, int64_t cycle)>;

  DramChannel(const DramPreset& preset, int queue_depth, bool refresh, const Callback* callback);

  bool full() const { return int(queue_.size()) >= queue_depth_; }
  void enqueue(uint64_t addr, const DramAddress& a, bool is_write, int64_t now);
  void tick(int64_t now);  // one controller cycle at `now` (non-decreasing)
  bool idle() const { return queue_.empty() && reads_done_.empty() && writes_done_.empty(); }
  // Earliest cycle at which tick() can do anything (issue a command or complete a request): ticks
  // before it are no-ops and may be skipped.
  int64_t nextEvent() const;
  DramStats stats(int64_t now);  // counters with background cycles accounted up to `now`
  void setObserver(CommandObserver obs) { observer_ = std::move(obs); }
  DramTimingState& state() { return state_; }
  const DramTimingState& state() const { return state_; }

 private:
  struct Request {
    uint64_t addr;
    int64_t row;
    int64_t arrive;
    int bank;
    bool is_write;
    uint8_t needed = 0;  // 0 hit, 1 needed ACT, 2 needed PRE + ACT
  };
  struct Done {
    int64_t cycle;
    int64_t arrive;
    uint64_t addr;
  };
  void complete(int64_t now);
  bool tryRefresh(int64_t now);
  bool tryCas(int64_t now);
  bool tryRowCommand(int64_t now);
  void finish(size_t i, int64_t now);  // request i's CAS issued: schedule completion, dequeue
  void issue(DramCommand c, int bank, int64_t row, int64_t now);
  void accountBackground(int64_t now);
  void wantAt(int64_t cycle) { next_try_ = cycle < next_try_ ? cycle : next_try_; }

  DramPreset preset_;
  DramTimingState state_;
  int queue_depth_;
  bool refresh_enabled_;
  const Callback* callback_;
  CommandObserver observer_;
  std::vector<Request> queue_;  // arrival order
  std::vector<int> pending_;     // per bank: queued requests
  std::vector<int> hits_;        // per bank: queued requests hitting the open row
  uint64_t pending_mask_ = 0;    // bit b: pending_[b] > 0
  uint64_t hit_mask_ = 0;        // bit b: hits_[b] > 0
  std::deque<Done> reads_done_, writes_done_;  // each in completion order
  int64_t next_refresh_;
  bool refresh_pending_ = false;
  int64_t next_try_ = 0;  // no command can issue before this cycle
  int64_t bg_since_ = 0;  // background energy accounted up to here
  DramStats stats_;
};

}  // namespace vpsim
