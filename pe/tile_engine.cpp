// TileEngine: functional tile computation with rule-based timing.
#include "pe/tile_engine.h"

#include "pe/array_timing.h"

namespace vpsim {

TileEngine::TileEngine(const ArrayConfig& array, const PeConfig& pe) : array_(array), pe_(pe), core_(makePeCore(pe)) {
  array_.validate();
}

std::vector<int32_t> transposeS(const TileData& tile) {
  const int64_t n = tile.shape.n, k = tile.shape.k;
  std::vector<int32_t> st(static_cast<size_t>(n * k));
  for (int64_t kk = 0; kk < k; ++kk)
    for (int64_t j = 0; j < n; ++j) st[size_t(j * k + kk)] = tile.s[size_t(kk * n + j)];
  return st;
}

TileResult TileEngine::run(const TileData& tile) {
  tile.validate();
  const auto& f = tile.format;
  const auto& t = tile.shape;
  TileResult r;
  r.cycles = tileTiming(array_, pe_, t, f.bits0, f.bits1).cycles;
  r.actions = tileActions(array_, pe_, t, f.bits0, f.bits1);
  if (!tile.hasValues()) return r;
  core_->configure(macConfigFor(pe_, f.bits0, f.bits1, f.signed0, f.signed1));
  r.c = tile.c_in.empty() ? std::vector<int64_t>(size_t(t.m * t.n), 0) : tile.c_in;
  // Every output the same sequence of PE steps the array performs (k ascending, P per step).
  r.actions.overflows = core_->tileValues(tile.x.data(), tile.s.data(), t.m, t.n, t.k, r.c.data());  // data-dependent
  return r;
}

}  // namespace vpsim
