// WsGrid: weight-stationary dataflow on the SystolicGrid, folds pipelined (rule in array_timing.h).
// The tile is one stream of slots u = 0, 1, ...: slot u belongs to fold f = u / s (k folds
// innermost: kf = f % Fk, nf = f / Fk) and carries X row i = u % s (i >= m: a bubble that keeps
// consecutive k folds apart). Slot u enters row r at step u + r and moves right one PE per step;
// its partial sum enters the top of column c at step u + c (from the output: the tile's starting
// partial sums or the previous k fold's result) and moves down, leaving the bottom row into the
// output. So PE (r, c) works on slot u at step u + r + c, with the stationary values of fold f:
// S[kf*rows*P + r*P .. +P][nf*cols + c]. Different PEs hold different folds at the same step
// (fold f+1 enters while fold f drains), which is why fill and drain are paid once per tile.
#pragma once

#include "pe/systolic_grid.h"

namespace vpsim {

class WsGrid : public SystolicGrid {
 public:
  using SystolicGrid::SystolicGrid;

 protected:
  int64_t foldCount() const override { return 1; }  // the folds run as one pipelined stream
  int64_t stepsPerFold() const override { return steps_; }
  int64_t exposedClocks() const override;
  void beginFold(int64_t fold) override;
  void step(int64_t t) override;
  void finishWork(int64_t r, int64_t c, int64_t value) override;

 private:
  struct Psum {
    int64_t slot = -1;  // slot this partial sum belongs to, -1 = bubble
    int64_t value = 0;
  };
  void visit(int64_t r, int64_t c, int64_t t);  // one PE in one step
  bool carries(int64_t u) const;                // slot u holds an X row of some fold
  int64_t row(int64_t u) const { return u % s_; }
  int64_t col(int64_t u, int64_t c) const { return (u / s_ / fk_) * C_ + c; }  // output column j
  int64_t kBase(int64_t u, int64_t r) const { return (u / s_ % fk_) * R_ * P_ + r * P_; }
  int64_t fk_ = 1, folds_ = 1, s_ = 1, steps_ = 0;
  std::vector<int64_t> x_slot_;  // slot in each PE's X register, -1 = bubble
  std::vector<Psum> psum_;       // each PE's partial-sum output register
};

}  // namespace vpsim
