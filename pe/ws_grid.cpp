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

int64_t WsGrid::kBase(int64_t fold, int64_t r) const {
  return (fold % ceilDiv(tile_.shape.k, R_ * P_)) * R_ * P_ + r * P_;
}

// Clock t of loading `fold`: every shadow row moves down one row; the top row takes fold row
// rows-1-t, so after `rows` clocks row r holds fold row r.
void WsGrid::shiftWeights(int64_t fold, int64_t t) {
  if (shadow_.size() != size_t(R_ * C_)) shadow_.assign(size_t(R_ * C_), Weights{});
  for (int64_t r = R_ - 1; r > 0; --r)
    for (int64_t c = 0; c < C_; ++c) shadow_[size_t(idx(r, c))] = shadow_[size_t(idx(r - 1, c))];
  const int64_t row = R_ - 1 - t, k0 = kBase(fold, row), nf = fold / ceilDiv(tile_.shape.k, R_ * P_);
  for (int64_t c = 0; c < C_; ++c) {
    Weights& w = shadow_[size_t(idx(0, c))];
    const int64_t j = nf * C_ + c;
    w.count = (k0 < tile_.shape.k && j < tile_.shape.n) ? static_cast<int>(std::min(P_, tile_.shape.k - k0)) : 0;
    w.v.assign(st_.begin() + (w.count ? j * tile_.shape.k + k0 : 0),
               st_.begin() + (w.count ? j * tile_.shape.k + k0 + w.count : 0));
  }
}

void WsGrid::foldClock(int64_t t) {
  const int64_t fold = kf_ + nf_ * ceilDiv(tile_.shape.k, R_ * P_);
  if (t < R_ && fold + 1 < foldCount()) shiftWeights(fold + 1, t);  // next fold into the shadows
}

void WsGrid::beginFold(int64_t fold) {
  const int64_t fk = ceilDiv(tile_.shape.k, R_ * P_);
  kf_ = fold % fk, nf_ = fold / fk;  // k folds innermost: partial sums continue through the output
  x_item_.assign(size_t(R_ * C_), -1);
  psum_.assign(size_t(R_ * C_), Psum{});
  active_.swap(shadow_);  // the shadow registers loaded during the previous fold (or the exposed load)
  for (const auto& w : active_) moves_.weight_loads += w.count > 0 ? 1 : 0;
}

void WsGrid::step(int64_t t) {
  for (int64_t r = R_ - 1; r >= 0; --r)
    for (int64_t c = C_ - 1; c >= 0; --c) visit(r, c, t);
}

void WsGrid::visit(int64_t r, int64_t c, int64_t t) {
  const auto& sh = tile_.shape;
  const Weights& w = active_[size_t(idx(r, c))];
  const int64_t j = nf_ * C_ + c, k0 = kf_ * R_ * P_ + r * P_;
  // X register: fed at the left edge with skew r (rows holding no k get bubbles), else from the left.
  int64_t x = -1;
  if (c == 0) x = (t - r >= 0 && t - r < sh.m && k0 < sh.k) ? t - r : -1;
  else x = x_item_[size_t(idx(r, c - 1))];
  if (c > 0 && x >= 0) ++moves_.operand_moves;
  x_item_[size_t(idx(r, c))] = x;
  // Partial sum: fed at the top from the output (earlier k folds), else from the PE above.
  Psum in;
  if (r == 0) {
    if (t - c >= 0 && t - c < sh.m && j < sh.n) in = Psum{t - c, out_[size_t((t - c) * sh.n + j)]};
  } else {
    in = psum_[size_t(idx(r - 1, c))];
    if (in.item >= 0) ++moves_.operand_moves;
  }
  if (in.item >= 0 && x >= 0 && w.count > 0) {
    if (x != in.item) throw std::logic_error("WsGrid: operand and partial sum out of step");
    startWork(r, c, w.v.data(), tile_.x.data() + x * sh.k + k0, w.count, in.value);  // value at step end
  }
  psum_[size_t(idx(r, c))] = in;
  if (r == R_ - 1 && in.item >= 0) out_[size_t(in.item * sh.n + j)] = in.value;
}

void WsGrid::finishWork(int64_t r, int64_t c, int64_t value) {
  Psum& p = psum_[size_t(idx(r, c))];
  p.value = value;
  if (r == R_ - 1) out_[size_t(p.item * tile_.shape.n + nf_ * C_ + c)] = value;
}

}  // namespace vpsim
