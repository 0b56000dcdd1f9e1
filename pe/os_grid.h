// OsGrid: output-stationary dataflow on the SystolicGrid. PE (r, c) of fold (mf, nf) owns output
// (mf*rows + r, nf*cols + c). The X row's k-group g enters row r at step g + r and moves right;
// the S column's k-group g enters column c at step g + c and moves down; PE (r, c) multiplies
// group g at step g + r + c into its accumulator. At the fold's end the accumulators move to
// shadow registers that shift out while the next fold computes (only the last drain is exposed).
#pragma once

#include "pe/systolic_grid.h"

namespace vpsim {

class OsGrid : public SystolicGrid {
 public:
  using SystolicGrid::SystolicGrid;

 protected:
  int64_t foldCount() const override;
  int64_t stepsPerFold() const override;
  void beginFold(int64_t fold) override;
  void step(int64_t t) override;
  void endFold() override;
  void finishWork(int64_t r, int64_t c, int64_t value) override { acc_[size_t(idx(r, c))] = value; }

 private:
  void visit(int64_t r, int64_t c, int64_t t);
  int64_t groups() const { return ceilDiv(tile_.shape.k, P_); }
  int64_t mf_ = 0, nf_ = 0;
  std::vector<int64_t> x_group_, s_group_;  // k-group in each PE's X and S registers, -1 = bubble
  std::vector<int64_t> acc_;                // the stationary accumulators
};

}  // namespace vpsim
