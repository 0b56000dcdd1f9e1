// DramTimingState: constraint bookkeeping. Each issued command raises the earliest-issue cycle of
// the commands it constrains, at the level where the constraint applies (bank, bank group, channel).
#include "memory/dram_timing_state.h"

#include <algorithm>
#include <cassert>

namespace vpsim {

const char* dramCommandName(DramCommand c) {
  switch (c) {
    case DramCommand::Act: return "ACT";
    case DramCommand::Pre: return "PRE";
    case DramCommand::Rd: return "RD";
    case DramCommand::Wr: return "WR";
    case DramCommand::Ref: return "REF";
  }
  return "?";
}

DramTimingState::DramTimingState(const DramPreset& preset)
    : t_(preset.timing),
      banks_per_group_(preset.org.banks_per_group),
      burst_cycles_(preset.burstCycles()),
      banks_(size_t(preset.banks())),
      groups_(size_t(preset.org.bankgroups), Next{}),
      row_ready_(size_t(preset.banks()), 0) {
  while ((1 << group_shift_) < banks_per_group_) ++group_shift_;
}

bool DramTimingState::stateAllows(DramCommand cmd, int bank, int64_t row) const {
  switch (cmd) {
    case DramCommand::Act: return banks_[size_t(bank)].open_row == kClosed;
    case DramCommand::Pre: return banks_[size_t(bank)].open_row != kClosed;
    case DramCommand::Rd:
    case DramCommand::Wr: return banks_[size_t(bank)].open_row == row && row != kClosed;
    case DramCommand::Ref: return open_banks_ == 0;
  }
  return false;
}

// REF needs every bank past tRP (PRE) and tRC (ACT), and the channel past the previous tRFC.
int64_t DramTimingState::earliestRefresh() const {
  int64_t e = channel_[size_t(DramCommand::Act)];
  for (const Bank& b : banks_) e = std::max(e, b.next[size_t(DramCommand::Act)]);
  return e;
}

void DramTimingState::issue(DramCommand cmd, int bank, int64_t row, int64_t cycle) {
  assert(canIssue(cmd, bank, row, cycle));
  switch (cmd) {
    case DramCommand::Act: issueAct(bank, row, cycle); break;
    case DramCommand::Pre: {
      Bank& b = banks_[size_t(bank)];
      b.open_row = kClosed;
      --open_banks_;
      raise(b.next[size_t(DramCommand::Act)], cycle + t_.trp);
      break;
    }
    case DramCommand::Rd:
    case DramCommand::Wr: issueCas(cmd, bank, cycle); break;
    case DramCommand::Ref: raise(channel_[size_t(DramCommand::Act)], cycle + t_.trfc); break;
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
  b.open_row = row;
  ++open_banks_;
  raise(b.next[size_t(DramCommand::Rd)], t + t_.trcd);
  raise(b.next[size_t(DramCommand::Wr)], t + t_.trcd);
  raise(b.next[size_t(DramCommand::Pre)], t + t_.tras);
  raise(b.next[size_t(DramCommand::Act)], t + t_.trc);
  raise(groups_[size_t(bankGroupOf(bank))][size_t(DramCommand::Act)], t + t_.trrd_l);
  raise(channel_[size_t(DramCommand::Act)], t + t_.trrd_s);
  faw_[size_t(faw_pos_)] = t;  // overwrite the oldest of the last four
  faw_pos_ = (faw_pos_ + 1) % 4;
  faw_count_ = std::min(faw_count_ + 1, 4);
}

void DramTimingState::issueCas(DramCommand cmd, int bank, int64_t t) {
  Bank& b = banks_[size_t(bank)];
  Next& g = groups_[size_t(bankGroupOf(bank))];
  const size_t rd = size_t(DramCommand::Rd), wr = size_t(DramCommand::Wr);
  if (cmd == DramCommand::Rd) {
    raise(b.next[size_t(DramCommand::Pre)], t + t_.trtp);
    raise(g[rd], t + t_.tccd_l);
    raise(channel_[rd], t + t_.tccd_s);
    // Read-to-write turnaround: the write's data must follow the read data plus a 2-tCK bubble.
    int64_t rtw = std::max<int64_t>(t_.cl + burst_cycles_ + 2 - t_.cwl, t_.tccd_s);
    raise(channel_[wr], t + rtw);
    raise(g[wr], t + std::max<int64_t>(rtw, t_.tccd_l));
  } else {
    const int64_t data_end = t + t_.cwl + burst_cycles_;
    raise(b.next[size_t(DramCommand::Pre)], data_end + t_.twr);
    raise(g[wr], t + t_.tccd_l);
    raise(channel_[wr], t + t_.tccd_s);
    raise(g[rd], data_end + t_.twtr_l);
    raise(channel_[rd], data_end + t_.twtr_s);
  }
}

}  // namespace vpsim
