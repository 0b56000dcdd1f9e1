// WsGrid: register movement and PE work of one weight-stationary step. PEs are visited from the
// bottom-right corner so every PE reads its left and upper neighbours' registers before they are
// overwritten in this step (the effect of clocked registers).
#include "pe/ws_grid.h"

#include <stdexcept>

namespace vpsim {

int64_t WsGrid::foldCount() const {
  const auto& t = tile_.shape;
  return ceilDiv(t.k, R_ * P_) * ceilDiv(t.n, C_);
}

int64_t WsGrid::stepsPerFold() const { return tile_.shape.m + R_ + C_ - 2; }

void WsGrid::beginFold(int64_t fold) {
  const int64_t fk = ceilDiv(tile_.shape.k, R_ * P_);
  kf_ = fold % fk, nf_ = fold / fk;  // k folds innermost: partial sums continue through the output
  x_item_.assign(size_t(R_ * C_), -1);
  psum_.assign(size_t(R_ * C_), Psum{});
  for (int64_t r = 0; r < R_; ++r)  // the stationary operands of this fold (shadow registers swapped in)
    for (int64_t c = 0; c < C_; ++c)
      if (kBase(r) < tile_.shape.k && nf_ * C_ + c < tile_.shape.n) ++moves_.weight_loads;
}

void WsGrid::step(int64_t t) {
  for (int64_t r = R_ - 1; r >= 0; --r)
    for (int64_t c = C_ - 1; c >= 0; --c) visit(r, c, t);
}

void WsGrid::visit(int64_t r, int64_t c, int64_t t) {
  const auto& sh = tile_.shape;
  const int64_t j = nf_ * C_ + c, k0 = kBase(r);
  const bool row_has_k = k0 < sh.k, col_has_n = j < sh.n;
  // X register: fed at the left edge with skew r, else taken from the left neighbour.
  int64_t x = -1;
  if (c == 0) x = (t - r >= 0 && t - r < sh.m && row_has_k) ? t - r : -1;
  else x = x_item_[size_t(idx(r, c - 1))];
  if (c > 0 && x >= 0) ++moves_.operand_moves;
  x_item_[size_t(idx(r, c))] = x;
  // Partial sum: fed at the top from the output (earlier k folds), else from the PE above.
  Psum in;
  if (r == 0) {
    if (t - c >= 0 && t - c < sh.m && col_has_n) in = Psum{t - c, out_[size_t((t - c) * sh.n + j)]};
  } else {
    in = psum_[size_t(idx(r - 1, c))];
    if (in.item >= 0) ++moves_.operand_moves;
  }
  if (in.item >= 0 && x >= 0 && col_has_n) {
    if (x != in.item) throw std::logic_error("WsGrid: operand and partial sum out of step");
    const int count = static_cast<int>(std::min(P_, sh.k - k0));
    in.value = pe(r, c).step(st_.data() + j * sh.k + k0, tile_.x.data() + x * sh.k + k0, count, in.value);
    setWorking(r, c, true);
  }
  psum_[size_t(idx(r, c))] = in;
  if (r == R_ - 1 && in.item >= 0) out_[size_t(in.item * sh.n + j)] = in.value;
}

}  // namespace vpsim
