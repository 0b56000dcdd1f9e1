// WsGrid: weight-stationary dataflow on the SystolicGrid. PE (r, c) of fold (kf, nf) holds the
// stationary values S[kf*rows*P + r*P .. +P][nf*cols + c] in its weight register. They shift in
// from the top, one row per clock: for fold 0 during the exposed load, for fold f+1 into shadow
// registers during the first rows clocks of fold f (swapped in at the fold boundary). X row i
// enters row r at step i + r and moves right one PE per step; the partial sum of output (i, j)
// enters the top of column c at step i + c (carrying the sum of earlier k folds) and moves down,
// leaving the bottom row into the output. So PE (r, c) works on X row i at step i + r + c.
#pragma once

#include "pe/systolic_grid.h"

namespace vpsim {

class WsGrid : public SystolicGrid {
 public:
  using SystolicGrid::SystolicGrid;

 protected:
  int64_t foldCount() const override;
  int64_t stepsPerFold() const override;
  void beginFold(int64_t fold) override;
  void step(int64_t t) override;
  void exposedClock(int64_t t) override { shiftWeights(0, t); }
  void foldClock(int64_t t) override;
  void finishWork(int64_t r, int64_t c, int64_t value) override;

 private:
  struct Psum {
    int64_t item = -1;  // X row (output row) this partial sum belongs to, -1 = bubble
    int64_t value = 0;
  };
  struct Weights {           // one PE's stationary register group
    std::vector<int32_t> v;  // P values
    int count = 0;           // valid values (0: nothing stationary here)
  };
  void visit(int64_t r, int64_t c, int64_t t);  // one PE in one step
  void shiftWeights(int64_t fold, int64_t t);   // load clock t of `fold` into the shadow registers
  int64_t kBase(int64_t fold, int64_t r) const;
  int64_t kf_ = 0, nf_ = 0;
  std::vector<int64_t> x_item_;    // X row in each PE's input register, -1 = bubble
  std::vector<Psum> psum_;         // each PE's partial-sum output register
  std::vector<Weights> active_, shadow_;
};

}  // namespace vpsim
