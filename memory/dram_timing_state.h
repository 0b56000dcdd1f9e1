// DramTimingState: the JEDEC timing constraints of one DRAM channel as earliest-issue cycles per
// command at bank, bank-group, rank and channel level (Ramulator's scheme, flattened), plus the open
// row of every bank. A channel holds one or more ranks (DDR4 DIMM ranks on a shared data bus) or
// HBM2 pseudo-channels (own data buses); both are "ranks" here: each has its own banks, tRRD, tFAW
// and refresh. Banks are numbered flat over the channel, rank first. The scheduler asks canIssue()
// and calls issue(); tests probe the edges (RD refused at ACT + tRCD - 1, accepted at ACT + tRCD).
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
  // REF all banks of the rank of `bank` closed (row ignored; REF refreshes that rank).
  bool canIssue(DramCommand cmd, int bank, int64_t row, int64_t cycle) const {
    return stateAllows(cmd, bank, row) && cycle >= earliest(cmd, bank);
  }
  bool stateAllows(DramCommand cmd, int bank, int64_t row) const;
  // Timing only; REF: all banks of the rank. Inline: the scheduler calls this several times per cycle.
  int64_t earliest(DramCommand cmd, int bank) const {
    if (cmd == DramCommand::Ref) return earliestRefresh(rankOf(bank));
    const int64_t e = std::max(bankEarliest(cmd, bank), rankEarliest(cmd, rankOf(bank)));
    return cmd == DramCommand::Act ? std::max(e, actFloor(rankOf(bank))) : e;
  }
  // Records `cmd` at `cycle`; the caller has checked canIssue (checked again in debug builds).
  // DramChannel keeps, per command kind, its best candidate between commands, relying on which
  // levels each command raises here (ACT and REF: all ACTs of a rank, and with act_bus_cycles > 1
  // all row commands; RD and WR: all CASes; nothing shared by all PREs otherwise): a new shared
  // bound must be named in DramChannel::issue too.
  void issue(DramCommand cmd, int bank, int64_t row, int64_t cycle);

  // earliest() in two parts, for schedulers that weigh many banks at once: the bank and bank-group
  // part per bank, the rank and channel part once per rank. earliest(c, b) ==
  // max(bankEarliest(c, b), rankEarliest(c, rankOf(b))), and for ACT max(bankEarliest(ACT, b), actFloor(rank)).
  int64_t bankEarliest(DramCommand cmd, int bank) const {
    const size_t c = size_t(cmd);
    return std::max(banks_[size_t(bank)].next[c], groups_[size_t(bankGroupOf(bank))][c]);
  }
  // bankEarliest() of the row command the bank's state calls for: ACT when closed, PRE when open.
  // Kept up to date by issue(), as a scheduler weighs it for every waiting bank at every decision.
  int64_t rowCommandEarliest(int bank) const { return row_ready_[size_t(bank)]; }
  // Rank- and channel-level bound: no command `cmd` (ACT/PRE/RD/WR) can issue in `rank` before this.
  int64_t rankEarliest(DramCommand cmd, int rank) const {
    return std::max(ranks_[size_t(rank)].next[size_t(cmd)], channel_[size_t(cmd)]);
  }
  // Rank-level bound of any ACT in `rank`: tRRD_S, tRFC and the four-activate window.
  int64_t actFloor(int rank) const {
    const Rank& r = ranks_[size_t(rank)];
    const int64_t faw = r.faw_count == 4 ? r.faw[size_t(r.faw_pos)] + t_.tfaw : 0;
    return std::max({r.next[size_t(DramCommand::Act)], channel_[size_t(DramCommand::Act)], faw});
  }
  int64_t openRow(int bank) const { return banks_[size_t(bank)].open_row; }
  int openBanks() const { return open_banks_; }
  int openBanks(int rank) const { return ranks_[size_t(rank)].open_banks; }
  int bankCount() const { return int(banks_.size()); }
  int rankCount() const { return int(ranks_.size()); }
  int banksPerRank() const { return 1 << rank_shift_; }
  int rankOf(int bank) const { return bank >> rank_shift_; }
  int bankGroupOf(int bank) const { return bank >> group_shift_; }  // flat over ranks; powers of two

 private:
  static constexpr int kCas = 4;  // Act, Pre, Rd, Wr tracked per level
  using Next = std::array<int64_t, kCas>;
  struct Bank {
    int64_t open_row = kClosed;
    Next next{};  // earliest ACT, PRE, RD, WR for this bank
  };
  struct Rank {
    Next next{};                   // earliest ACT, PRE, RD, WR in this rank
    std::array<int64_t, 4> faw{};  // cycles of the last four ACTs (ring)
    int faw_pos = 0;
    int faw_count = 0;
    int open_banks = 0;
  };
  static void raise(int64_t& slot, int64_t v) { slot = v > slot ? v : slot; }
  int64_t earliestRefresh(int rank) const;
  void issueAct(int bank, int64_t row, int64_t t);
  void issueCas(DramCommand cmd, int bank, int64_t t);
  void updateRowReady(int bank) {
    row_ready_[size_t(bank)] = bankEarliest(openRow(bank) == kClosed ? DramCommand::Act : DramCommand::Pre, bank);
  }

  DramTiming t_;
  int banks_per_group_;
  int group_shift_ = 0;  // log2(banks_per_group)
  int rank_shift_ = 0;   // log2(banks per rank)
  int burst_cycles_;
  bool shared_data_bus_;    // ranks share one data bus (tRTRS); pseudo-channels have their own
  bool single_bus_ = true;  // one command bus for row and column commands
  std::vector<Bank> banks_;
  std::vector<Next> groups_;
  std::vector<int64_t> row_ready_;  // per bank: rowCommandEarliest()
  std::vector<Rank> ranks_;
  Next channel_{};  // command-bus bounds shared by every rank (a multi-cycle ACT)
  int open_banks_ = 0;
};

}  // namespace vpsim
