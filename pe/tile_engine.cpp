// TileEngine: functional tile computation with rule-based timing.
#include "pe/tile_engine.h"

#include "pe/array_timing.h"

namespace vpsim {

TileEngine::TileEngine(const ArrayConfig& array, const PeConfig& pe)
    : array_(array), pe_(pe), core_(makePeCore(pe)) {
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
  const std::vector<int32_t> st = transposeS(tile);
  r.c.resize(size_t(t.m * t.n));
  for (int64_t i = 0; i < t.m; ++i) {
    const int32_t* xi = tile.x.data() + i * t.k;
    for (int64_t j = 0; j < t.n; ++j) {
      const int32_t* sj = st.data() + j * t.k;
      r.c[size_t(i * t.n + j)] = core_->accumulate(0, sj, xi, size_t(t.k));  // k ascending, P per step
    }
  }
  r.actions.overflows = core_->actions().overflows;  // the only data-dependent count
  return r;
}

}  // namespace vpsim
