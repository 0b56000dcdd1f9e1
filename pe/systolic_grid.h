// SystolicGrid: cycle fidelity in plain C++. Every clock (tick) every PE of the rows x cols grid
// is visited; operands and partial sums sit in per-PE registers and move one PE per step, so fill,
// steady state and drain happen by themselves. Subclasses define the dataflow (WsGrid, OsGrid);
// this base owns the clock, the phases (exposed load, folds of steps, exposed drain), the PE cores
// and the counters. The SystemC PeArray calls tick() once per clock edge.
#pragma once

#include <memory>
#include <vector>

#include "pe/array_config.h"
#include "pe/pe_core.h"
#include "pe/tile.h"

namespace vpsim {

class SystolicGrid {
 public:
  SystolicGrid(const ArrayConfig& array, const PeConfig& pe);
  virtual ~SystolicGrid() = default;

  void start(const TileData& tile);  // timing-only tiles run with zero operands
  bool busy() const { return busy_; }
  void tick();                // one clock for every PE
  TileResult result() const;  // valid once !busy()
  uint64_t clock() const { return clock_; }

 protected:
  virtual int64_t foldCount() const = 0;
  virtual int64_t stepsPerFold() const = 0;
  virtual void beginFold(int64_t fold) = 0;
  virtual void step(int64_t t) = 0;  // one systolic step: registers move, PEs with operands startWork
  virtual void endFold() {}
  virtual int64_t exposedClocks() const { return R_; }  // exposed load (WS) or drain (OS)

  PeCore& pe(int64_t r, int64_t c) { return *pes_[size_t(r * C_ + c)]; }
  // A PE starts a step on `count` pairs; its datapath then forms one part per clock (cycleSum)
  // and at the step's last clock the sum is accumulated onto acc_in and handed to finishWork.
  void startWork(int64_t r, int64_t c, const int32_t* op0, const int32_t* op1, int count, int64_t acc_in);
  virtual void finishWork(int64_t r, int64_t c, int64_t value) = 0;
  int64_t idx(int64_t r, int64_t c) const { return r * C_ + c; }

  ArrayConfig array_;
  PeConfig pe_cfg_;
  int64_t R_, C_, P_ = 1;
  TileData tile_;             // operands (zeros when the caller gave none)
  std::vector<int32_t> st_;   // S transposed (n x k)
  std::vector<int64_t> out_;  // m x n
  PeActions moves_;           // operand_moves, weight_loads counted by the dataflow

 private:
  std::vector<std::unique_ptr<PeCore>> pes_;
  struct Work {  // a PE's step in flight
    bool busy = false;
    const int32_t* op0 = nullptr;
    const int32_t* op1 = nullptr;
    int count = 0;
    int64_t acc_in = 0, partial = 0;
  };
  void clockPes();  // every PE, this clock
  std::vector<Work> work_;
  uint64_t idle_ = 0, clock_ = 0, cps_ = 1, cycle_in_step_ = 0;
  int64_t fold_ = 0, step_ = 0, exposed_left_ = 0;
  bool busy_ = false, in_folds_ = false;
};

// Grid for the array's dataflow.
std::unique_ptr<SystolicGrid> makeSystolicGrid(const ArrayConfig& array, const PeConfig& pe);

}  // namespace vpsim
