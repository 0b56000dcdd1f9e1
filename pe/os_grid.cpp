// OsGrid: register movement and PE work of one output-stationary step (visit order as in WsGrid:
// bottom-right first, so neighbours' registers are read before this step overwrites them).
#include "pe/os_grid.h"

#include <stdexcept>

namespace vpsim {

int64_t OsGrid::foldCount() const { return ceilDiv(tile_.shape.m, R_) * ceilDiv(tile_.shape.n, C_); }

int64_t OsGrid::stepsPerFold() const { return groups() + R_ + C_ - 2; }

void OsGrid::beginFold(int64_t fold) {
  const int64_t fm = ceilDiv(tile_.shape.m, R_);
  mf_ = fold % fm, nf_ = fold / fm;
  x_group_.assign(size_t(R_ * C_), -1);
  s_group_.assign(size_t(R_ * C_), -1);
  acc_.assign(size_t(R_ * C_), 0);
}

void OsGrid::step(int64_t t) {
  for (int64_t r = R_ - 1; r >= 0; --r)
    for (int64_t c = C_ - 1; c >= 0; --c) visit(r, c, t);
}

void OsGrid::visit(int64_t r, int64_t c, int64_t t) {
  const auto& sh = tile_.shape;
  const int64_t i = mf_ * R_ + r, j = nf_ * C_ + c, ng = groups();
  int64_t x = -1, s = -1;
  if (c == 0)
    x = (t - r >= 0 && t - r < ng && i < sh.m) ? t - r : -1;
  else
    x = x_group_[size_t(idx(r, c - 1))];
  if (r == 0)
    s = (t - c >= 0 && t - c < ng && j < sh.n) ? t - c : -1;
  else
    s = s_group_[size_t(idx(r - 1, c))];
  if (c > 0 && x >= 0) ++moves_.operand_moves;
  if (r > 0 && s >= 0) ++moves_.operand_moves;
  x_group_[size_t(idx(r, c))] = x;
  s_group_[size_t(idx(r, c))] = s;
  if (x < 0 || s < 0) return;
  if (x != s) throw std::logic_error("OsGrid: operands out of step");
  const int64_t k0 = x * P_;
  const int count = static_cast<int>(std::min(P_, sh.k - k0));
  startWork(r, c, st_.data() + j * sh.k + k0, tile_.x.data() + i * sh.k + k0, count, acc_[size_t(idx(r, c))]);
}

void OsGrid::endFold() {
  const auto& sh = tile_.shape;
  for (int64_t r = 0; r < R_; ++r)
    for (int64_t c = 0; c < C_; ++c) {
      const int64_t i = mf_ * R_ + r, j = nf_ * C_ + c;
      if (i < sh.m && j < sh.n) out_[size_t(i * sh.n + j)] = acc_[size_t(idx(r, c))];
    }
}

}  // namespace vpsim
