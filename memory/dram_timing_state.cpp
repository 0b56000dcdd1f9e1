// DramTimingState: constraint bookkeeping. Each issued command raises the earliest-issue cycle of
// the commands it constrains, at the level where the constraint applies (bank, bank group, rank,
// channel). Ranks on a shared data bus constrain each other's CASes (rank switch, tRTRS).
#include "memory/dram_timing_state.h"

#include <algorithm>
#include <cassert>

namespace vpsim {

const char* dramCommandName(DramCommand c) {
  switch (c) {
    case DramCommand::Act:
      return "ACT";
    case DramCommand::Pre:
      return "PRE";
    case DramCommand::Rd:
      return "RD";
    case DramCommand::Wr:
      return "WR";
    case DramCommand::Ref:
      return "REF";
  }
  return "?";
}

namespace {
int log2Of(int v) {
  int s = 0;
  while ((1 << s) < v) ++s;
  return s;
}
}  // namespace

DramTimingState::DramTimingState(const DramPreset& preset)
    : t_(preset.timing),
      banks_per_group_(preset.org.banks_per_group),
      group_shift_(log2Of(preset.org.banks_per_group)),
      rank_shift_(log2Of(preset.banksPerRank())),
      burst_cycles_(preset.burstCycles()),
      shared_data_bus_(preset.sharedDataBus()),
      banks_(size_t(preset.banks())),
      groups_(size_t(preset.org.bankgroups * preset.subChannels()), Next{}),
      row_ready_(size_t(preset.banks()), 0),
      ranks_(size_t(preset.subChannels())) {
  single_bus_ = preset.org.command_buses == 1;
}

bool DramTimingState::stateAllows(DramCommand cmd, int bank, int64_t row) const {
  switch (cmd) {
    case DramCommand::Act:
      return banks_[size_t(bank)].open_row == kClosed;
    case DramCommand::Pre:
      return banks_[size_t(bank)].open_row != kClosed;
    case DramCommand::Rd:
    case DramCommand::Wr:
      return banks_[size_t(bank)].open_row == row && row != kClosed;
    case DramCommand::Ref:
      return ranks_[size_t(rankOf(bank))].open_banks == 0;
  }
  return false;
}

// REF needs every bank of its rank past tRP (PRE) and tRC (ACT), and the rank past the previous tRFC.
int64_t DramTimingState::earliestRefresh(int rank) const {
  int64_t e = std::max(ranks_[size_t(rank)].next[size_t(DramCommand::Act)], channel_[size_t(DramCommand::Act)]);
  const int first = rank << rank_shift_;
  for (int b = first; b < first + banksPerRank(); ++b)
    e = std::max(e, banks_[size_t(b)].next[size_t(DramCommand::Act)]);
  return e;
}

void DramTimingState::issue(DramCommand cmd, int bank, int64_t row, int64_t cycle) {
  assert(canIssue(cmd, bank, row, cycle));
  switch (cmd) {
    case DramCommand::Act:
      issueAct(bank, row, cycle);
      break;
    case DramCommand::Pre: {
      Bank& b = banks_[size_t(bank)];
      b.open_row = kClosed;
      --open_banks_;
      --ranks_[size_t(rankOf(bank))].open_banks;
      raise(b.next[size_t(DramCommand::Act)], cycle + t_.trp);
      break;
    }
    case DramCommand::Rd:
    case DramCommand::Wr:
      issueCas(cmd, bank, cycle);
      break;
    case DramCommand::Ref:
      raise(ranks_[size_t(rankOf(bank))].next[size_t(DramCommand::Act)], cycle + t_.trfc);
      break;
  }
  if (cmd == DramCommand::Act) {  // tRRD_L holds back the whole bank group
    const int first = bankGroupOf(bank) << group_shift_;
    for (int b = first; b < first + banks_per_group_; ++b) updateRowReady(b);
  } else if (cmd != DramCommand::Ref) {
    updateRowReady(bank);
  }
}

void DramTimingState::issueAct(int bank, int64_t row, int64_t t) {
  Bank& b = banks_[size_t(bank)];
  Rank& r = ranks_[size_t(rankOf(bank))];
  b.open_row = row;
  ++open_banks_;
  ++r.open_banks;
  raise(b.next[size_t(DramCommand::Rd)], t + t_.trcd);
  raise(b.next[size_t(DramCommand::Wr)], t + t_.trcd);
  raise(b.next[size_t(DramCommand::Pre)], t + t_.tras);
  raise(b.next[size_t(DramCommand::Act)], t + t_.trc);
  raise(groups_[size_t(bankGroupOf(bank))][size_t(DramCommand::Act)], t + t_.trrd_l);
  raise(r.next[size_t(DramCommand::Act)], t + t_.trrd_s);
  r.faw[size_t(r.faw_pos)] = t;  // overwrite the oldest of the last four
  r.faw_pos = (r.faw_pos + 1) % 4;
  r.faw_count = std::min(r.faw_count + 1, 4);
  if (t_.act_bus_cycles > 1) {  // the ACT holds its command bus (the row bus, or the only one)
    raise(channel_[size_t(DramCommand::Act)], t + t_.act_bus_cycles);
    raise(channel_[size_t(DramCommand::Pre)], t + t_.act_bus_cycles);
    if (single_bus_) {
      raise(channel_[size_t(DramCommand::Rd)], t + t_.act_bus_cycles);
      raise(channel_[size_t(DramCommand::Wr)], t + t_.act_bus_cycles);
    }
  }
}

void DramTimingState::issueCas(DramCommand cmd, int bank, int64_t t) {
  Bank& b = banks_[size_t(bank)];
  Next& g = groups_[size_t(bankGroupOf(bank))];
  const int rank = rankOf(bank);
  Next& r = ranks_[size_t(rank)].next;
  const size_t rd = size_t(DramCommand::Rd), wr = size_t(DramCommand::Wr);
  // Other ranks on the same data bus: their burst must follow this one plus the rank switch.
  int64_t other_rd, other_wr;
  if (cmd == DramCommand::Rd) {
    raise(b.next[size_t(DramCommand::Pre)], t + t_.trtp);
    raise(g[rd], t + t_.tccd_l);
    raise(r[rd], t + t_.tccd_s);
    // Read-to-write turnaround: the write's data must follow the read data plus a 2-tCK bubble.
    int64_t rtw = std::max<int64_t>(t_.cl + burst_cycles_ + 2 - t_.cwl, t_.tccd_s);
    raise(r[wr], t + rtw);
    raise(g[wr], t + std::max<int64_t>(rtw, t_.tccd_l));
    other_rd = t + burst_cycles_ + t_.trtrs;
    other_wr = t + t_.cl + burst_cycles_ + t_.trtrs - t_.cwl;
  } else {
    const int64_t data_end = t + t_.cwl + burst_cycles_;
    raise(b.next[size_t(DramCommand::Pre)], data_end + t_.twr);
    raise(g[wr], t + t_.tccd_l);
    raise(r[wr], t + t_.tccd_s);
    raise(g[rd], data_end + t_.twtr_l);
    raise(r[rd], data_end + t_.twtr_s);
    other_wr = t + burst_cycles_ + t_.trtrs;
    other_rd = t + t_.cwl + burst_cycles_ + t_.trtrs - t_.cl;
  }
  if (!shared_data_bus_ || ranks_.size() == 1) return;
  for (size_t o = 0; o < ranks_.size(); ++o) {
    if (int(o) == rank) continue;
    raise(ranks_[o].next[rd], other_rd);
    raise(ranks_[o].next[wr], other_wr);
  }
}

}  // namespace vpsim
