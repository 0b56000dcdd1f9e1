// WsGrid: register movement and PE work of one weight-stationary step. PEs are visited from the
// bottom-right corner so every PE reads its left and upper neighbours' registers before they are
// overwritten in this step (the effect of clocked registers).
#include "pe/ws_grid.h"

#include <algorithm>
#include <stdexcept>

#include "pe/array_timing.h"

namespace vpsim {

int64_t WsGrid::exposedClocks() const { return weightsFromBanks(pe_cfg_) ? 0 : R_; }

bool WsGrid::carries(int64_t u) const { return u >= 0 && u < folds_ * s_ && row(u) < tile_.shape.m; }

void WsGrid::beginFold(int64_t) {
  const TileTiming tt = tileTiming(array_, pe_cfg_, tile_.shape, tile_.format.bits0, tile_.format.bits1);
  fk_ = ceilDiv(tile_.shape.k, R_ * P_);
  folds_ = tt.folds, s_ = tt.steps_per_fold, steps_ = tt.steps;
  x_slot_.assign(size_t(R_ * C_), -1);
  psum_.assign(size_t(R_ * C_), Psum{});
  // Every PE with a stationary value loads it once per fold (from its bank or its shift register).
  const auto& t = tile_.shape;
  for (int64_t kf = 0; kf < fk_; ++kf)
    moves_.weight_loads += uint64_t(std::min(R_, ceilDiv(t.k - kf * R_ * P_, P_))) * uint64_t(t.n);
}

void WsGrid::step(int64_t t) {
  for (int64_t r = R_ - 1; r >= 0; --r)
    for (int64_t c = C_ - 1; c >= 0; --c) visit(r, c, t);
}

void WsGrid::visit(int64_t r, int64_t c, int64_t t) {
  const auto& sh = tile_.shape;
  // X register: fed at the left edge with skew r (rows holding no k of the fold get bubbles).
  int64_t x = -1;
  if (c == 0)
    x = carries(t - r) && kBase(t - r, r) < sh.k ? t - r : -1;
  else
    x = x_slot_[size_t(idx(r, c - 1))];
  if (c > 0 && x >= 0) ++moves_.operand_moves;
  x_slot_[size_t(idx(r, c))] = x;
  // Partial sum: fed at the top from the output (earlier k folds), else from the PE above.
  Psum in;
  if (r == 0) {
    const int64_t u = t - c;
    if (carries(u) && col(u, c) < sh.n) in = Psum{u, out_[size_t(row(u) * sh.n + col(u, c))]};
  } else {
    in = psum_[size_t(idx(r - 1, c))];
    if (in.slot >= 0) ++moves_.operand_moves;
  }
  if (in.slot >= 0 && x >= 0) {
    if (x != in.slot) throw std::logic_error("WsGrid: operand and partial sum out of step");
    const int64_t k0 = kBase(x, r), j = col(x, c);
    const int count = static_cast<int>(std::min(P_, sh.k - k0));
    startWork(r, c, st_.data() + j * sh.k + k0, tile_.x.data() + row(x) * sh.k + k0, count, in.value);
  }
  psum_[size_t(idx(r, c))] = in;
  if (r == R_ - 1 && in.slot >= 0) out_[size_t(row(in.slot) * sh.n + col(in.slot, c))] = in.value;
}

void WsGrid::finishWork(int64_t r, int64_t c, int64_t value) {
  Psum& p = psum_[size_t(idx(r, c))];
  p.value = value;
  if (r == R_ - 1) out_[size_t(row(p.slot) * tile_.shape.n + col(p.slot, c))] = value;
}

}  // namespace vpsim
