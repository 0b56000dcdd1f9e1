// SystolicGrid: the clock and phase machine shared by both dataflows.
//   WS: [rows clocks: stationary operands shift in, none when read from banks] [one pipelined stream of folds]
//   OS: [fold 0 steps] ... [fold F-1 steps] [rows clocks: outputs shift out]
// Each step lasts cycles_per_step clocks; registers move and PEs start on its first clock.
#include "pe/systolic_grid.h"

#include "pe/os_grid.h"
#include "pe/tile_engine.h"
#include "pe/ws_grid.h"

namespace vpsim {

SystolicGrid::SystolicGrid(const ArrayConfig& array, const PeConfig& pe)
    : array_(array), pe_cfg_(pe), R_(array.rows), C_(array.cols) {
  array_.validate();
  for (int64_t i = 0; i < R_ * C_; ++i) pes_.push_back(makePeCore(pe));
  work_.assign(size_t(R_ * C_), Work{});
}

void SystolicGrid::start(const TileData& tile) {
  tile.validate();
  tile_ = tile;
  const auto& t = tile.shape;
  if (!tile_.hasValues()) {
    tile_.x.assign(size_t(t.m * t.k), 0);
    tile_.s.assign(size_t(t.k * t.n), 0);
  }
  const auto& f = tile.format;
  for (auto& p : pes_) p->configure(macConfigFor(pe_cfg_, f.bits0, f.bits1, f.signed0, f.signed1));
  P_ = pes_[0]->throughput().products_per_step;
  cps_ = static_cast<uint64_t>(pes_[0]->throughput().cycles_per_step);
  st_ = transposeS(tile_);
  if (tile.c_in.empty())
    out_.assign(size_t(t.m * t.n), 0);
  else
    out_ = tile.c_in;  // partial sums of earlier k tiles enter at the top of each column
  moves_ = PeActions{};
  idle_ = clock_ = cycle_in_step_ = 0;
  fold_ = step_ = 0;
  // WS loads first (unless the PEs read their weights from banks), OS drains last.
  exposed_left_ = array_.dataflow == Dataflow::WeightStationary ? exposedClocks() : 0;
  in_folds_ = exposed_left_ == 0;
  busy_ = true;
  if (in_folds_) beginFold(0);
}

void SystolicGrid::tick() {
  if (!busy_) return;
  ++clock_;
  if (!in_folds_) {  // exposed load (WS, before) or drain (OS, after): no PE computes
    idle_ += static_cast<uint64_t>(R_ * C_);
    if (--exposed_left_ > 0) return;
    if (array_.dataflow == Dataflow::WeightStationary) {  // WS passes here only before fold 0
      in_folds_ = true;
      beginFold(0);
    } else {
      busy_ = false;
    }
    return;
  }
  if (cycle_in_step_ == 0) {
    for (auto& w : work_) w.busy = false;
    step(step_);  // registers move; PEs that received work call startWork
  }
  clockPes();
  if (++cycle_in_step_ < cps_) return;
  cycle_in_step_ = 0;
  if (++step_ < stepsPerFold()) return;
  endFold();
  step_ = 0;
  if (++fold_ < foldCount()) return beginFold(fold_);
  in_folds_ = false;
  if (array_.dataflow == Dataflow::WeightStationary)
    busy_ = false;
  else
    exposed_left_ = exposedClocks();
}

void SystolicGrid::startWork(int64_t r, int64_t c, const int32_t* op0, const int32_t* op1, int count, int64_t acc_in) {
  work_[size_t(idx(r, c))] = Work{true, op0, op1, count, acc_in, 0};
}

void SystolicGrid::clockPes() {
  const bool last = cycle_in_step_ + 1 == cps_;
  for (int64_t i = 0; i < R_ * C_; ++i) {
    Work& w = work_[size_t(i)];
    if (!w.busy) {
      ++idle_;
      continue;
    }
    PeCore& p = *pes_[size_t(i)];
    w.partial += p.cycleSum(w.op0, w.op1, w.count, static_cast<int>(cycle_in_step_));
    if (last) finishWork(i / C_, i % C_, p.finishStep(w.count, w.partial, w.acc_in));
  }
}

TileResult SystolicGrid::result() const {
  TileResult r;
  r.c = out_;
  r.cycles = clock_;
  for (const auto& p : pes_) r.actions += p->actions();
  r.actions.idle_cycles = idle_;
  r.actions.operand_moves = moves_.operand_moves;
  r.actions.weight_loads = moves_.weight_loads;
  return r;
}

std::unique_ptr<SystolicGrid> makeSystolicGrid(const ArrayConfig& array, const PeConfig& pe) {
  if (array.dataflow == Dataflow::WeightStationary) return std::make_unique<WsGrid>(array, pe);
  return std::make_unique<OsGrid>(array, pe);
}

}  // namespace vpsim
