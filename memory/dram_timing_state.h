// DramTimingState: the JEDEC timing constraints of one DRAM channel (one rank) as earliest-issue
// cycles per command at bank, bank-group and channel level (Ramulator's scheme, flattened), plus the
// open row of every bank. The scheduler asks canIssue() and calls issue(); tests probe the edges
// (RD refused at ACT + tRCD - 1, accepted at ACT + tRCD).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "memory/dram_preset.h"

namespace vpsim {

enum class DramCommand : uint8_t { Act = 0, Pre = 1, Rd = 2, Wr = 3, Ref = 4 };
const char* dramCommandName(DramCommand c);

class DramTimingState {
 public:
  static constexpr int64_t kClosed = -1;  // open_row value of a precharged bank

  explicit DramTimingState(const DramPreset& preset);

  // State and timing check: ACT needs a closed bank, PRE an open one, RD/WR the given row open,
  // REF all banks closed (bank and row ignored). `bank` is the flat index bg * banks_per_group + ba.
  bool canIssue(DramCommand cmd, int bank, int64_t row, int64_t cycle) const {
    return stateAllows(cmd, bank, row) && cycle >= earliest(cmd, bank);
  }
  bool stateAllows(DramCommand cmd, int bank, int64_t row) const;
  // Timing only; REF: all banks. Inline: the scheduler calls this several times per cycle.
  int64_t earliest(DramCommand cmd, int bank) const {
    if (cmd == DramCommand::Ref) return earliestRefresh();
    const size_t c = size_t(cmd);
    const int64_t e = std::max({banks_[size_t(bank)].next[c], groups_[size_t(bankGroupOf(bank))][c], channel_[c]});
    return cmd == DramCommand::Act ? std::max(e, actFloor()) : e;
  }
  // Records `cmd` at `cycle`; the caller has checked canIssue (checked again in debug builds).
  // DramChannel keeps, per command kind, its best candidate between commands, relying on which
  // levels each command raises here (ACT and REF: all ACTs; RD and WR: all CASes; nothing shared by
  // all PREs): a new shared bound must be named in DramChannel::issue too.
  void issue(DramCommand cmd, int bank, int64_t row, int64_t cycle);

  // earliest() in two parts, for schedulers that weigh many banks at once: the bank and bank-group
  // part per bank, the channel part once. earliest(c, b) == max(bankEarliest(c, b), channelEarliest(c)),
  // and for ACT max(bankEarliest(ACT, b), actFloor()).
  int64_t bankEarliest(DramCommand cmd, int bank) const {
    const size_t c = size_t(cmd);
    return std::max(banks_[size_t(bank)].next[c], groups_[size_t(bankGroupOf(bank))][c]);
  }
  // bankEarliest() of the row command the bank's state calls for: ACT when closed, PRE when open.
  // Kept up to date by issue(), as a scheduler weighs it for every waiting bank at every decision.
  int64_t rowCommandEarliest(int bank) const { return row_ready_[size_t(bank)]; }
  // Channel-level bound: no command `cmd` (ACT/PRE/RD/WR) can issue anywhere before this cycle.
  int64_t channelEarliest(DramCommand cmd) const { return channel_[size_t(cmd)]; }
  // Channel-level bound of any ACT: tRRD_S, tRFC and the four-activate window.
  int64_t actFloor() const {
    const int64_t faw = faw_count_ == 4 ? faw_[size_t(faw_pos_)] + t_.tfaw : 0;
    return std::max(channel_[size_t(DramCommand::Act)], faw);
  }
  int64_t openRow(int bank) const { return banks_[size_t(bank)].open_row; }
  int openBanks() const { return open_banks_; }
  int bankCount() const { return int(banks_.size()); }
  int bankGroupOf(int bank) const { return bank >> group_shift_; }  // banks_per_group is a power of two

 private:
  static constexpr int kCas = 4;  // Act, Pre, Rd, Wr tracked per level
  using Next = std::array<int64_t, kCas>;
  struct Bank {
    int64_t open_row = kClosed;
    Next next{};  // earliest ACT, PRE, RD, WR for this bank
  };
  static void raise(int64_t& slot, int64_t v) { slot = v > slot ? v : slot; }
  int64_t earliestRefresh() const;
  void issueAct(int bank, int64_t row, int64_t t);
  void issueCas(DramCommand cmd, int bank, int64_t t);
  void updateRowReady(int bank) {
    row_ready_[size_t(bank)] = bankEarliest(openRow(bank) == kClosed ? DramCommand::Act : DramCommand::Pre, bank);
  }

  DramTiming t_;
  int banks_per_group_;
  int group_shift_ = 0;  // log2(banks_per_group)
  int burst_cycles_;
  std::vector<Bank> banks_;
  std::vector<Next> groups_;
  std::vector<int64_t> row_ready_;  // per bank: rowCommandEarliest()
  Next channel_{};
  std::array<int64_t, 4> faw_{};  // cycles of the last four ACTs (ring)
  int faw_pos_ = 0;
  int faw_count_ = 0;
  int open_banks_ = 0;
};

}  // namespace vpsim
