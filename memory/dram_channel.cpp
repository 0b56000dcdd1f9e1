// DramChannel: FR-FCFS over a small queue. Pass 1 issues the oldest row hit whose RD/WR is ready;
// pass 2 lets the oldest request of each bank open its row (ACT) or close another (PRE, only when no
// queued request still hits the open row). Every refused candidate reports when it becomes ready, so
// the next attempt waits for that cycle instead of rescanning every clock.
#include "memory/dram_channel.h"

#include <algorithm>
#include <limits>

namespace vpsim {
namespace {
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
}

DramChannel::DramChannel(const DramPreset& preset, int queue_depth, bool refresh, const Callback* callback)
    : preset_(preset),
      state_(preset),
      queue_depth_(queue_depth),
      refresh_enabled_(refresh),
      callback_(callback),
      next_refresh_(preset.timing.trefi) {
  queue_.reserve(size_t(queue_depth));
  pending_.assign(size_t(preset.banks()), 0);
  hits_.assign(size_t(preset.banks()), 0);
}

void DramChannel::enqueue(uint64_t addr, const DramAddress& a, bool is_write, int64_t now) {
  queue_.push_back(Request{addr, a.row, now, a.bank, is_write});
  const uint64_t bit = uint64_t(1) << a.bank;
  ++pending_[size_t(a.bank)];
  pending_mask_ |= bit;
  if (state_.openRow(a.bank) == a.row) {
    ++hits_[size_t(a.bank)];
    hit_mask_ |= bit;
  }
  next_try_ = std::min(next_try_, now);
}

void DramChannel::tick(int64_t now) {
  complete(now);
  if (now < next_try_) return;
  next_try_ = kNever;
  if (refresh_enabled_) {
    if (now >= next_refresh_) refresh_pending_ = true;
    wantAt(next_refresh_);
  }
  if (refresh_pending_) {
    if (tryRefresh(now)) wantAt(now + 1);
    return;
  }
  if (tryCas(now) || tryRowCommand(now)) wantAt(now + 1);
}

void DramChannel::complete(int64_t now) {
  for (auto* fifo : {&reads_done_, &writes_done_}) {
    const bool is_write = fifo == &writes_done_;
    while (!fifo->empty() && fifo->front().cycle <= now) {
      Done d = fifo->front();
      fifo->pop_front();
      ++stats_.requests;
      stats_.total_latency += uint64_t(d.cycle - d.arrive);
      if (*callback_) (*callback_)(d.addr, is_write, d.cycle);
    }
  }
}

bool DramChannel::tryRefresh(int64_t now) {
  if (state_.openBanks() == 0) {
    int64_t e = state_.earliest(DramCommand::Ref, 0);
    if (e > now) {
      wantAt(e);
      return false;
    }
    issue(DramCommand::Ref, 0, 0, now);
    ++stats_.refreshes;
    refresh_pending_ = false;
    next_refresh_ += preset_.timing.trefi;
    return true;
  }
  for (int b = 0; b < state_.bankCount(); ++b) {  // close every open bank first
    if (state_.openRow(b) == DramTimingState::kClosed) continue;
    int64_t e = state_.earliest(DramCommand::Pre, b);
    if (e <= now) {
      issue(DramCommand::Pre, b, 0, now);
      return true;
    }
    wantAt(e);
  }
  return false;
}

bool DramChannel::tryCas(int64_t now) {
  // Fast path: while tCCD/turnaround blocks every CAS on the channel, skip the queue scan.
  const int64_t any_cas = std::min(state_.channelEarliest(DramCommand::Rd), state_.channelEarliest(DramCommand::Wr));
  if (any_cas > now) {
    wantAt(any_cas);
    return false;
  }
  uint64_t ready = 0;  // banks holding a queued hit whose RD or WR timing allows it now
  for (uint64_t m = hit_mask_; m; m &= m - 1) {
    const int b = __builtin_ctzll(m);
    const int64_t e = std::min(state_.earliest(DramCommand::Rd, b), state_.earliest(DramCommand::Wr, b));
    if (e > now) wantAt(e);
    else ready |= uint64_t(1) << b;
  }
  if (!ready) return false;
  for (size_t i = 0; i < queue_.size(); ++i) {  // oldest ready hit first
    const Request& r = queue_[i];
    if (!(ready >> r.bank & 1) || state_.openRow(r.bank) != r.row) continue;
    const DramCommand c = r.is_write ? DramCommand::Wr : DramCommand::Rd;
    const int64_t e = state_.earliest(c, r.bank);
    if (e > now) {
      wantAt(e);
      continue;
    }
    issue(c, r.bank, r.row, now);
    finish(i, now);
    return true;
  }
  return false;
}

void DramChannel::finish(size_t i, int64_t now) {
  const Request r = queue_[i];
  const int64_t lat = (r.is_write ? preset_.timing.cwl : preset_.timing.cl) + preset_.burstCycles();
  (r.is_write ? writes_done_ : reads_done_).push_back(Done{now + lat, r.arrive, r.addr});
  (r.is_write ? stats_.writes : stats_.reads) += 1;
  stats_.bytes += uint64_t(preset_.burstBytes());
  (r.needed == 0 ? stats_.row_hits : r.needed == 1 ? stats_.row_misses : stats_.row_conflicts) += 1;
  queue_.erase(queue_.begin() + std::ptrdiff_t(i));
  if (--pending_[size_t(r.bank)] == 0) pending_mask_ &= ~(uint64_t(1) << r.bank);
  if (--hits_[size_t(r.bank)] == 0) hit_mask_ &= ~(uint64_t(1) << r.bank);
}

int64_t DramChannel::nextEvent() const {
  int64_t e = next_try_;
  if (!reads_done_.empty()) e = std::min(e, reads_done_.front().cycle);
  if (!writes_done_.empty()) e = std::min(e, writes_done_.front().cycle);
  return e;
}

// Banks with queued requests but no queued hit need a row command: ACT if closed, PRE if another
// row is open (hits are always served before their row is closed). Readiness is per bank, so the
// queue is scanned only when some bank's command can issue now; its oldest request decides.
bool DramChannel::tryRowCommand(int64_t now) {
  const int64_t act_floor = state_.actFloor();
  uint64_t ready = 0;
  for (uint64_t m = pending_mask_ & ~hit_mask_; m; m &= m - 1) {
    const int b = __builtin_ctzll(m);
    const bool closed = state_.openRow(b) == DramTimingState::kClosed;
    if (closed && act_floor > now) {  // no ACT anywhere yet: skip the bank lookup
      wantAt(act_floor);
      continue;
    }
    const int64_t e = state_.earliest(closed ? DramCommand::Act : DramCommand::Pre, b);
    if (e > now) wantAt(e);
    else ready |= uint64_t(1) << b;
  }
  if (!ready) return false;
  for (Request& r : queue_) {
    if (!(ready >> r.bank & 1)) continue;
    const bool closed = state_.openRow(r.bank) == DramTimingState::kClosed;
    issue(closed ? DramCommand::Act : DramCommand::Pre, r.bank, r.row, now);
    r.needed = std::max<uint8_t>(r.needed, closed ? 1 : 2);
    return true;
  }
  return false;
}

void DramChannel::issue(DramCommand c, int bank, int64_t row, int64_t now) {
  accountBackground(now);
  state_.issue(c, bank, row, now);
  if (observer_) observer_(c, bank, row, now);
  if (c == DramCommand::Act || c == DramCommand::Pre) {
    ++(c == DramCommand::Act ? stats_.activates : stats_.precharges);
    int n = 0;  // queued requests that now hit the bank's open row
    if (c == DramCommand::Act)
      for (const Request& r : queue_) n += r.bank == bank && r.row == row;
    hits_[size_t(bank)] = n;
    if (n) hit_mask_ |= uint64_t(1) << bank;
    else hit_mask_ &= ~(uint64_t(1) << bank);
  }
}

void DramChannel::accountBackground(int64_t now) {
  if (now <= bg_since_) return;
  (state_.openBanks() > 0 ? stats_.active_cycles : stats_.precharged_cycles) += uint64_t(now - bg_since_);
  bg_since_ = now;
}

DramStats DramChannel::stats(int64_t now) {
  accountBackground(now);
  return stats_;
}

}  // namespace vpsim
