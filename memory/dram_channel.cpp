// DramChannel: FR-FCFS with a plan. Requests wait in per-bank queues (arrival order). The candidates
// are the CAS of each bank's oldest read and oldest write hitting its open row and, for a bank with
// no hit queued, the ACT (bank closed) or PRE (another row open) of its oldest request. After every
// command, plan() takes the candidate ready first (ties: a due refresh, then CAS, then the oldest
// request); an arrival can only add a candidate, weighed in by enqueue(). With separate read and
// write queues only the kind being served (reads, or writes while draining) offers candidates.
// This is the choice of a scheduler that rescans its whole queue every cycle
// (tests/memory/dram_scheduler_reference_test).
#include "memory/dram_channel.h"

#include <algorithm>
#include <limits>

namespace vpsim {
namespace {
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
}

DramChannel::DramChannel(const DramPreset& preset, const Config& config, const Callback* callback)
    : preset_(preset),
      state_(preset),
      queue_depth_(config.queue_depth),
      write_depth_(config.write_queue_depth),
      split_(config.write_queue_depth > 0),
      write_high_(config.write_high * config.write_queue_depth),
      write_low_(config.write_low * config.write_queue_depth),
      refresh_enabled_(config.refresh),
      row_hit_cap_(config.row_hit_cap),
      two_buses_(preset.org.command_buses == 2),
      callback_(callback),
      banks_(size_t(preset.banks())),
      oldest_(size_t(preset.banks())),
      next_done_(kNever) {
  const int ranks = preset.subChannels();
  rank_bank_mask_ = preset.banksPerRank() >= 64 ? ~uint64_t(0) : (uint64_t(1) << preset.banksPerRank()) - 1;
  rank_shift_ = 0;
  while ((1 << rank_shift_) < preset.banksPerRank()) ++rank_shift_;
  // Ranks staggered: rank r first at (r + 1) * tREFI / ranks, then every tREFI (one rank: at tREFI).
  // The pseudo-channels of a channel refresh together (Ramulator 2's channel-wide REFab): a stream
  // spread over both then stalls once per tREFI, not twice.
  const int per_pc = preset.org.ranks;
  for (int r = 0; r < ranks; ++r) next_refresh_.push_back(int64_t(preset.timing.trefi) * (r % per_pc + 1) / per_pc);
  plan(0, 0);
}

void DramChannel::enqueue(uint64_t addr, const DramAddress& a, bool is_write, int64_t now) {
  Bank& bank = banks_[size_t(a.bank)];
  if (split_ && !is_write && forward(addr, bank, now)) return;
  const uint64_t bit = uint64_t(1) << a.bank;
  const bool wanted_row = (activePending() & bit) && !(activeHits() & bit);  // its oldest wanted ACT/PRE
  const uint64_t seq = next_seq_++;
  bank.queue.push_back(Request{addr, a.row, now, seq, is_write});
  const int index = int(bank.queue.size()) - 1;
  ++queued_;
  ++queued_kind_[is_write];
  pending_kind_[is_write] |= bit;
  const bool first_of_kind = bank.first[is_write] < 0;
  if (first_of_kind) bank.first[is_write] = index;
  const bool new_hit = state_.openRow(a.bank) == a.row && bank.hit[is_write] < 0;
  if (new_hit) bank.hit[is_write] = index;
  updateOldest(a.bank);
  updateHitMask(a.bank);                                 // also marks the bank changed for the next plan()
  if (split_) mode_check_ = std::min(mode_check_, now);  // this cycle's tick settles the mode
  if (blocked_mask_ & bit) return;                       // its rank takes only refresh commands until its REF
  if (!activeKind(is_write)) return;                     // waits for its queue's turn
  if (new_hit && wanted_row) return plan(now, now);      // its ACT/PRE is no longer a candidate
  if (new_hit) {
    const int64_t e = state_.earliest(is_write ? DramCommand::Wr : DramCommand::Rd, a.bank);
    consider(next_, key(std::max(now, e), tag(seq, a.bank, is_write)), Action::Cas);
  } else if (split_ ? first_of_kind : bank.queue.size() == 1) {
    const DramCommand c = state_.openRow(a.bank) == DramTimingState::kClosed ? DramCommand::Act : DramCommand::Pre;
    consider(rowPlan(), key(std::max(now, state_.earliest(c, a.bank)), oldest_[size_t(a.bank)]), Action::Row);
  }
}

// One command bus: the plan's command, then plan from the next cycle. Row and column buses: the
// column command first, then the row command planned with it (the row bus is still free this cycle).
void DramChannel::step(int64_t now) {
  if (next_.action == Action::StartRefresh && now >= next_.cycle()) {  // the rank takes only PRE and REF until its REF
    startRefresh(now);
    plan(now, now);
  }
  if (!two_buses_) {
    if (now < next_.cycle()) return;
    execute(next_, now);
    plan(now + 1, now + 1);
    return;
  }
  if (now >= next_.cycle()) {
    execute(next_, now);
    plan(now + 1, now);
  }
  if (now >= next_row_.cycle()) {
    execute(next_row_, now);
    plan(now + 1, now + 1);
  }
}

void DramChannel::execute(const Plan p, int64_t now) {
  const int b = p.bank();
  Bank& bank = banks_[size_t(b)];
  switch (p.action) {
    case Action::Cas: {
      const int i = bank.hit[p.kind()];
      issue(p.kind() ? DramCommand::Wr : DramCommand::Rd, b, bank.queue[size_t(i)].row, now);
      finish(b, i, now);
      break;
    }
    case Action::Row: {
      Request& r = split_ ? bank.queue[size_t(bank.first[write_mode_])] : bank.queue.front();
      const bool closed = state_.openRow(b) == DramTimingState::kClosed;
      r.needed = std::max<uint8_t>(r.needed, closed ? 1 : 2);
      issue(closed ? DramCommand::Act : DramCommand::Pre, b, r.row, now);
      break;
    }
    case Action::Refresh: {
      const int rank = state_.rankOf(b);
      if (state_.openBanks(rank) > 0) {
        issue(DramCommand::Pre, b, 0, now);
        break;
      }
      issue(DramCommand::Ref, b, 0, now);
      ++stats_.refreshes;
      refresh_pending_ &= ~(uint32_t(1) << rank);
      blocked_mask_ &= ~rankMask(rank);
      next_refresh_[size_t(rank)] += preset_.timing.trefi;
      staleAll();  // the rank's banks are candidates again
      break;
    }
    case Action::StartRefresh:
      break;  // handled by step()
  }
}

// The best of each kind of candidate, then the earliest of those. The channel part of a command's
// constraints is the same for every bank: taken once, outside the loops over banks.
// `col_from` / `row_from`: the first cycle the column / row commands may issue (one bus: equal).
void DramChannel::plan(int64_t col_from, int64_t row_from) {
  // Rank and channel parts of each command's bounds, once per rank (the key_of lambdas run per bank).
  const int ranks = state_.rankCount(), shift = rank_shift_;
  int64_t cas_from[kMaxRanks][2], act_from[kMaxRanks], pre_from[kMaxRanks];
  for (int r = 0; r < ranks; ++r) {
    cas_from[r][0] = std::max(col_from, state_.rankEarliest(DramCommand::Rd, r));
    cas_from[r][1] = std::max(col_from, state_.rankEarliest(DramCommand::Wr, r));
    act_from[r] = std::max(row_from, state_.actFloor(r));
    pre_from[r] = std::max(row_from, state_.rankEarliest(DramCommand::Pre, r));
  }
  const uint64_t open_ranks = ~blocked_mask_;
  const Key cas = best(cas_, activeHits() & open_ranks, col_from, [&](int b) {
    const Bank& bank = banks_[size_t(b)];
    Key k = key(kNever, 0);
    for (int kind = 0; kind < 2; ++kind) {
      if (bank.hit[kind] < 0 || !activeKind(kind)) continue;
      const int64_t e =
          std::max(cas_from[b >> shift][kind], state_.bankEarliest(kind ? DramCommand::Wr : DramCommand::Rd, b));
      k = std::min(k, key(e, tag(bank.queue[size_t(bank.hit[kind])].seq, b, kind)));
    }
    return k;
  });
  const uint64_t row_banks = activePending() & ~activeHits() & open_ranks;  // their oldest request needs ACT or PRE
  const Key act = best(act_, row_banks & ~open_mask_, row_from, [&](int b) {
    return key(std::max(act_from[b >> shift], state_.rowCommandEarliest(b)), oldest_[size_t(b)]);
  });
  const Key pre = best(pre_, row_banks & open_mask_, row_from, [&](int b) {
    return key(std::max(pre_from[b >> shift], state_.rowCommandEarliest(b)), oldest_[size_t(b)]);
  });
  const Key row = std::min(act, pre);
  if (two_buses_) {
    next_ = Plan{cas, Action::Cas};
    next_row_ = Plan{row, Action::Row};
  } else {
    next_ = cas >> 64 <= row >> 64 ? Plan{cas, Action::Cas} : Plan{row, Action::Row};
  }
  if (refresh_pending_) planRefresh(row_from);
  if (!refresh_enabled_) return;
  int64_t due = kNever;
  for (int r = 0; r < ranks; ++r)
    if (!(refresh_pending_ >> r & 1)) due = std::min(due, next_refresh_[size_t(r)]);
  if (due != kNever) consider(next_, key(std::max(std::min(col_from, row_from), due), 0), Action::StartRefresh);
}

// Every rank whose refresh is due stops taking new work until its REF.
void DramChannel::startRefresh(int64_t now) {
  for (int r = 0; r < state_.rankCount(); ++r) {
    if (refresh_pending_ >> r & 1 || next_refresh_[size_t(r)] > now) continue;
    refresh_pending_ |= uint32_t(1) << r;
    blocked_mask_ |= rankMask(r);
  }
  staleAll();  // the best of a kind may be a bank that just left the candidates
}

// The best of `members` at `from`. The previous best stands, and only changed banks are weighed
// again, unless it cannot be trusted: a bound shared by all members moved (`stale`), the best's own
// bank changed, or the best's cycle has passed (members that became ready since then tie with it at
// `from`, and age decides). Other members can only have become later, never earlier.
template <class KeyOf>
DramChannel::Key DramChannel::best(Candidates& c, uint64_t members, int64_t from, KeyOf key_of) {
  uint64_t weigh = c.dirty & members;
  if (c.stale || int64_t(c.best >> 64) < from || (c.dirty >> (c.best & 63) & 1)) {
    c.best = key(kNever, 0);
    weigh = members;
  }
  for (uint64_t m = weigh; m; m &= m - 1) c.best = std::min(c.best, key_of(__builtin_ctzll(m)));
  c.stale = false;
  c.dirty = 0;
  return c.best;
}

// A rank's due refresh precharges its open banks, lowest index first among the ready ones, then
// issues REF (tagged with the rank's first bank, so that lower ranks go first at equal cycles).
void DramChannel::planRefresh(int64_t from) {
  const int per_rank = state_.banksPerRank();
  for (int r = 0; r < state_.rankCount(); ++r) {
    if (!(refresh_pending_ >> r & 1)) continue;
    const int first = r * per_rank;
    if (state_.openBanks(r) == 0) {
      consider(rowPlan(), key(std::max(from, state_.earliest(DramCommand::Ref, first)), tag(0, first)),
               Action::Refresh);
      continue;
    }
    for (int b = first; b < first + per_rank; ++b)
      if (state_.openRow(b) != DramTimingState::kClosed)
        consider(rowPlan(), key(std::max(from, state_.earliest(DramCommand::Pre, b)), tag(0, b)), Action::Refresh);
  }
}

void DramChannel::consider(Plan& target, Key k, Action a) {
  const int64_t cycle = int64_t(k >> 64);
  if (cycle < target.cycle() ||
      (cycle == target.cycle() && (a < target.action || (a == target.action && k < target.key))))
    target = Plan{k, a};
}

// Besides the timing state, a command changes which candidates its bank offers; ACT and REF move
// the bound shared by all ACTs (tRRD, tFAW, tRFC), RD and WR those shared by all CASes (tCCD,
// turnarounds). No command moves a bound shared by all PREs.
void DramChannel::issue(DramCommand c, int bank, int64_t row, int64_t now) {
  accountBackground(now);
  state_.issue(c, bank, row, now);
  if (observer_) observer_(c, bank, row, now);
  act_.stale = act_.stale || c == DramCommand::Act || c == DramCommand::Ref;
  cas_.stale = cas_.stale || c == DramCommand::Rd || c == DramCommand::Wr;
  if (c == DramCommand::Act && preset_.timing.act_bus_cycles > 1) {  // it holds the command bus
    pre_.stale = true;
    cas_.stale = cas_.stale || preset_.org.command_buses == 1;
  }
  if (c == DramCommand::Ref) return;
  Bank& b = banks_[size_t(bank)];
  if (c == DramCommand::Rd || c == DramCommand::Wr) ++b.hits_since_act;
  if (c == DramCommand::Act) {  // the queued requests to `row` are hits now
    ++stats_.activates;
    b.hits_since_act = 0;
    open_mask_ |= uint64_t(1) << bank;
    b.hit[0] = nextHit(b, row, 0, 0);
    b.hit[1] = nextHit(b, row, 1, 0);
  } else if (c == DramCommand::Pre) {
    ++stats_.precharges;
    open_mask_ &= ~(uint64_t(1) << bank);
    b.hit[0] = b.hit[1] = -1;
  }
  updateHitMask(bank);
}

void DramChannel::finish(int b, int i, int64_t now) {
  Bank& bank = banks_[size_t(b)];
  const Request r = bank.queue[size_t(i)];
  const int k = r.is_write;
  const int64_t done = now + (r.is_write ? preset_.timing.cwl : preset_.timing.cl) + preset_.burstCycles();
  (r.is_write ? writes_done_ : reads_done_).push(DramCompletion{done, r.arrive, r.addr});
  next_done_ = std::min(next_done_, done);
  (r.is_write ? stats_.writes : stats_.reads) += 1;
  stats_.bytes += uint64_t(preset_.burstBytes());
  (r.needed == 0 ? stats_.row_hits : r.needed == 1 ? stats_.row_misses : stats_.row_conflicts) += 1;
  bank.queue.erase(bank.queue.begin() + i);
  --queued_;
  --queued_kind_[k];
  // The other kind's indices behind r move up; r was its kind's oldest hit, maybe its oldest too.
  if (bank.first[!k] > i) --bank.first[!k];
  if (bank.hit[!k] > i) --bank.hit[!k];
  if (bank.first[k] == i) {
    bank.first[k] = -1;
    for (int j = i; j < int(bank.queue.size()) && bank.first[k] < 0; ++j)
      if (bank.queue[size_t(j)].is_write == bool(k)) bank.first[k] = j;
  }
  if (bank.first[k] < 0) pending_kind_[k] &= ~(uint64_t(1) << b);
  bank.hit[k] = nextHit(bank, r.row, k, i);
  updateOldest(b);
  updateHitMask(b);
  if (split_) mode_check_ = std::min(mode_check_, now + 1);
}

// Ramulator 2's read forwarding: a read of an address a queued write will write takes its data from
// the write queue and is done the next cycle, without a DRAM access.
bool DramChannel::forward(uint64_t addr, const Bank& bank, int64_t now) {
  if (!(pending_kind_[1] >> (&bank - banks_.data()) & 1)) return false;
  for (const Request& r : bank.queue) {
    if (!r.is_write || r.addr != addr) continue;
    forwarded_.push(DramCompletion{now + 1, now, addr});
    next_done_ = std::min(next_done_, now + 1);
    ++stats_.forwarded_reads;
    return true;
  }
  return false;
}

// Write drain mode, Ramulator 2's rule: enter when the writes exceed the high watermark or no read
// waits; leave when they fall below the low watermark (or run out) while a read waits. Decided once
// per cycle, at its start, as a controller that checks every cycle would (the rule has hysteresis:
// deciding after each of several arrivals in one cycle could differ); only cycles after a queue
// changed can change it. Returns whether the mode changed (every candidate then changes).
void DramChannel::settleMode(int64_t now) {
  mode_check_ = kNever;
  if (updateMode()) plan(now, now);
}

bool DramChannel::updateMode() {
  if (!split_) return false;
  const int reads = queued_kind_[0], writes = queued_kind_[1];
  const bool mode = write_mode_ ? !(reads > 0 && (writes < write_low_ || writes == 0))
                                : writes > 0 && (writes > write_high_ || reads == 0);
  if (mode == write_mode_) return false;
  write_mode_ = mode;
  if (mode) ++stats_.write_drains;
  for (uint64_t m = pending_kind_[mode]; m; m &= m - 1) updateOldest(__builtin_ctzll(m));
  staleAll();
  return true;
}

void DramChannel::updateOldest(int b) {
  const Bank& bank = banks_[size_t(b)];
  if (!split_) {
    if (!bank.queue.empty()) oldest_[size_t(b)] = tag(bank.queue.front().seq, b);
  } else if (bank.first[write_mode_] >= 0) {
    oldest_[size_t(b)] = tag(bank.queue[size_t(bank.first[write_mode_])].seq, b);
  }
}

// Index of the first `kind` (0 read, 1 write) request to `row` at or after `from`; -1 if none.
int DramChannel::nextHit(const Bank& bank, int64_t row, int kind, int from) {
  for (int i = from; i < int(bank.queue.size()); ++i)
    if (bank.queue[size_t(i)].row == row && bank.queue[size_t(i)].is_write == bool(kind)) return i;
  return -1;
}

// Called whenever a bank's queue or row changed: its candidates must be weighed again. A capped bank
// (row_hit_cap hits served while its oldest request wants another row) offers that request's PRE
// instead of its hits.
void DramChannel::updateHitMask(int b) {
  const uint64_t bit = uint64_t(1) << b;
  const Bank& bank = banks_[size_t(b)];
  const bool cap_reached = row_hit_cap_ > 0 && bank.hits_since_act >= row_hit_cap_;
  const int64_t open = state_.openRow(b);
  if (!split_) {
    const bool capped = cap_reached && !bank.queue.empty() && bank.queue.front().row != open;
    hit_mask_[0] = (bank.hit[0] >= 0 || bank.hit[1] >= 0) && !capped ? hit_mask_[0] | bit : hit_mask_[0] & ~bit;
  } else {
    for (int k = 0; k < 2; ++k) {
      const bool capped = cap_reached && bank.first[k] >= 0 && bank.queue[size_t(bank.first[k])].row != open;
      hit_mask_[k] = bank.hit[k] >= 0 && !capped ? hit_mask_[k] | bit : hit_mask_[k] & ~bit;
    }
  }
  cas_.dirty |= bit;
  act_.dirty |= bit;
  pre_.dirty |= bit;
}

// Reads (from DRAM, then forwarded ones), then writes, each in completion order.
void DramChannel::complete(int64_t now) {
  next_done_ = kNever;
  for (DramCompletionRing* fifo : {&reads_done_, &forwarded_, &writes_done_}) {
    const bool write = fifo == &writes_done_;
    while (!fifo->empty() && fifo->front().cycle <= now) {
      const DramCompletion d = fifo->front();
      fifo->pop();
      ++stats_.requests;
      stats_.total_latency += uint64_t(d.cycle - d.arrive);
      if (!write) {
        ++stats_.read_requests;
        stats_.read_latency += uint64_t(d.cycle - d.arrive);
      }
      last_done_ = std::max(last_done_, d.cycle);
      if (*callback_) (*callback_)(d.addr, write, d.cycle);
    }
    if (!fifo->empty()) next_done_ = std::min(next_done_, fifo->front().cycle);
  }
}

// Rank-cycles: each rank's devices draw IDD3N with a bank open, IDD2N with all closed.
void DramChannel::accountBackground(int64_t now) {
  if (now <= bg_since_) return;
  for (int r = 0; r < state_.rankCount(); ++r)
    (state_.openBanks(r) > 0 ? stats_.active_cycles : stats_.precharged_cycles) += uint64_t(now - bg_since_);
  bg_since_ = now;
}

DramStats DramChannel::stats(int64_t now) {
  accountBackground(now);
  return stats_;
}

}  // namespace vpsim
