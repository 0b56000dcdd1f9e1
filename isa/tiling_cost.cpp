// The analytical cost of one tiling; see tiling_cost.h for the loop-nest and residency model.
#include "isa/tiling_cost.h"

#include <algorithm>
#include <stdexcept>

#include "pe/throughput.h"  // ceilDiv

namespace vpsim {
namespace {

// Sum of f(tile size) over the tiles of an extent cut into tiles of size t (the last one may be short).
template <typename F>
int64_t sumOverTiles(int64_t extent, int64_t t, F f) {
  const int64_t full = extent / t, edge = extent - full * t;
  return full * f(t) + (edge ? f(edge) : 0);
}

}  // namespace

Scratchpad tensorBuffer(GemmTensor t) {
  return t == GemmTensor::Op0 ? Scratchpad::Wbuf : t == GemmTensor::Op1 ? Scratchpad::Ibuf : Scratchpad::Obuf;
}

bool tensorDependsOn(GemmTensor t, GemmDim d) {
  if (d == GemmDim::G) return true;
  if (t == GemmTensor::Op0) return d != GemmDim::M;
  if (t == GemmTensor::Op1) return d != GemmDim::N;
  return d != GemmDim::K;
}

TilingCostModel::TilingCostModel(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1)
    : target_(target), gemm_(gemm), b0_(b0), b1_(b1), patch_(patchTensor(gemm)), fmap_(gemm.conv) {
  if (!target.throughput) throw std::invalid_argument("CompilerTarget without a throughput rule");
  pf_ = target.throughput(b0, b1);
  if (pf_.num <= 0 || pf_.den <= 0) throw std::invalid_argument("throughput rule returned a non-positive rate");
}

int64_t TilingCostModel::extent(GemmDim d) const {
  switch (d) {
    case GemmDim::G:
      return gemm_.groups;
    case GemmDim::M:
      return gemm_.m;
    case GemmDim::N:
      return gemm_.n;
    case GemmDim::K:
      return gemm_.k;
  }
  return 1;
}

int TilingCostModel::tensorBits(GemmTensor t) const {
  return t == GemmTensor::Op0 ? b0_ : t == GemmTensor::Op1 ? b1_ : target_.psum_bits;
}

int64_t TilingCostModel::capacityBits(GemmTensor t) const {
  const CompilerTarget& c = target_;
  if (t == GemmTensor::Op0) return c.wbuf_double ? c.wbuf_bits / 2 : c.wbuf_bits;
  if (t == GemmTensor::Op1) return c.ibuf_double ? c.ibuf_bits / 2 : c.ibuf_bits;
  return c.obuf_double ? c.obuf_bits / 2 : c.obuf_bits;
}

int64_t TilingCostModel::kCycles(int64_t tk) const { return ceilDiv(ceilDiv(tk, target_.rows) * pf_.den, pf_.num); }

int64_t TilingCostModel::tileCycles(int64_t tm, int64_t tn, int64_t tk) const {
  if (target_.tile_cycles) return target_.tile_cycles(tm, tn, tk, b0_, b1_);
  return std::max(tm, target_.weight_load_cycles) * ceilDiv(tn, target_.cols) * kCycles(tk);
}

bool TilingCostModel::isPatch(GemmTensor t) const { return patch_ && tensorBuffer(t) == patch_->buf; }

// The block of a tensor spans one tile along a dependent dim whose loop is outside `level`
// (levels 1..3 = order[0..2]) and the whole extent otherwise.
static bool spansTile(const GemmTiling& tl, GemmDim d, int level) {
  for (int l = 1; l < level; ++l)
    if (tl.order[l - 1] == d) return true;
  return false;
}

int64_t TilingCostModel::sweepBits(GemmTensor t, const GemmTiling& tl, int level) const {
  if (!isPatch(t)) return blockBits(t, tl, 1);
  const GemmDim pd = patch_->pixel_dim, qd = patch_->patch_dim;
  const int64_t p = spansTile(tl, pd, level) ? tl.tile(pd) : extent(pd);
  const int64_t q = spansTile(tl, qd, level) ? tl.tile(qd) : extent(qd);
  return fmap_.pixelTiles(p).sum * fmap_.patchTiles(q).sum * tensorBits(t);
}

int64_t TilingCostModel::blockBits(GemmTensor t, const GemmTiling& tl, int level) const {
  if (isPatch(t)) {  // the largest halo tile of the block's pixels times the channels it touches
    const GemmDim pd = patch_->pixel_dim, qd = patch_->patch_dim;
    const int64_t p = spansTile(tl, pd, level) ? tl.tile(pd) : extent(pd);
    const int64_t q = spansTile(tl, qd, level) ? tl.tile(qd) : extent(qd);
    return fmap_.pixelTiles(p).max * fmap_.patchTiles(q).max * tensorBits(t);
  }
  int64_t bits = tensorBits(t);
  for (int l = 1; l <= 3; ++l) {
    const GemmDim d = tl.order[l - 1];
    if (tensorDependsOn(t, d)) bits *= l < level ? tl.tile(d) : extent(d);
  }
  return bits;
}

int TilingCostModel::residentLevel(GemmTensor t, const GemmTiling& tl) const {
  int level = 4;
  while (level > 1) {
    const GemmDim d = tl.order[level - 2];  // the loop just outside the block
    if (tensorDependsOn(t, d) && blockBits(t, tl, level - 1) > capacityBits(t)) break;
    --level;
  }
  return level;
}

int64_t TilingCostModel::reloadFactor(GemmTensor t, const GemmTiling& tl, int level) const {
  int64_t r = 1;
  for (int l = 1; l < level; ++l)
    if (!tensorDependsOn(t, tl.order[l - 1])) r *= ceilDiv(extent(tl.order[l - 1]), tl.tile(tl.order[l - 1]));
  return r;
}

void TilingCostModel::addTraffic(const GemmTiling& tl, TilingCost& c) const {
  for (int i = 0; i < kNumTensors; ++i) {
    const auto t = static_cast<GemmTensor>(i);
    c.level[i] = residentLevel(t, tl);
    c.block_bits[i] = blockBits(t, tl, c.level[i]);
    // One sweep over the tensor's blocks, every group (the tensor itself, or the patch tensor's halo tiles).
    const int64_t whole = gemm_.groups * sweepBits(t, tl, c.level[i]);
    const int64_t r = reloadFactor(t, tl, c.level[i]);
    // Partial sums come back on every visit of an output block but the first.
    c.load_bits[i] = t == GemmTensor::Out && !target_.output_init_read ? whole * (r - 1) : whole * r;
    c.store_bits[i] = t == GemmTensor::Out ? whole * r : 0;
    c.dram_read_bits += c.load_bits[i];
    c.dram_write_bits += c.store_bits[i];
  }
}

void TilingCostModel::addSram(const GemmTiling& tl, TilingCost& c) const {
  const int64_t g = gemm_.groups, m = gemm_.m, n = gemm_.n, k = gemm_.k;
  const int64_t n_folds = sumOverTiles(n, tl.tn, [&](int64_t x) { return ceilDiv(x, target_.cols); });
  const int64_t pack = std::max<int64_t>(1, pf_.num / pf_.den);
  const int64_t k_folds = sumOverTiles(k, tl.tk, [&](int64_t x) { return ceilDiv(x, target_.rows * pack); });
  const int64_t m_tiles = ceilDiv(m, tl.tm);
  const auto w = static_cast<int>(Scratchpad::Wbuf), i = static_cast<int>(Scratchpad::Ibuf),
             o = static_cast<int>(Scratchpad::Obuf);
  // Weight stationary: each op0 tile enters the array once per compute tile; op1 streams once per
  // column fold; every row-fold of partial sums is a read-modify-write of OBUF.
  c.sram_read_bits[w] = g * m_tiles * k * n * b0_;
  c.sram_read_bits[i] = g * m * k * n_folds * b1_;
  c.sram_write_bits[o] = g * m * n * k_folds * target_.psum_bits;
  c.sram_read_bits[o] = c.sram_write_bits[o];
  // DMA side: DRAM loads write the buffers, output stores read OBUF.
  c.sram_write_bits[w] = c.load_bits[0];
  c.sram_write_bits[i] = c.load_bits[1];
  c.sram_write_bits[o] += c.load_bits[2];
  c.sram_read_bits[o] += c.store_bits[2];
}

// Pipeline fill (the first array fold of weights and the first input row, as the DMA streams tiles
// in fold-sized chunks) and drain (the last output row) cannot overlap compute; with double
// buffering everything else can. One ceiling over the bits keeps the result
// monotonic in every input: total = ceil(max(compute*bw + fill + drain, all DRAM bits) / bw).
void TilingCostModel::addStalls(const GemmTiling& tl, TilingCost& c) const {
  const int64_t bw = target_.dram_bits_per_cycle;
  const int64_t fold_k = std::min(tl.tk, target_.rows * std::max<int64_t>(1, pf_.num / pf_.den));
  const int64_t fold_n = std::min(tl.tn, target_.cols);
  const int64_t fill = fold_k * fold_n * b0_ + fold_k * b1_;  // first array fold of op0, first op1 row
  const int64_t drain = fold_n * target_.psum_bits;           // last output row
  const int64_t traffic = c.dram_read_bits + c.dram_write_bits;
  c.fill_bits = fill, c.drain_bits = drain;
  const bool overlap = target_.ibuf_double && target_.wbuf_double && target_.obuf_double;
  const int64_t total = overlap ? ceilDiv(std::max(c.compute_cycles * bw + fill + drain, traffic), bw)
                                : c.compute_cycles + ceilDiv(traffic, bw);
  // The vector unit works beside the array; it bounds the pass when it has more to do.
  const double ops = target_.vector_ops ? target_.vector_ops(gemm_) : 0.0;
  const int64_t vec = ops > 0 ? static_cast<int64_t>((ops + target_.vector_lanes - 1) / target_.vector_lanes) : 0;
  c.stall_cycles = std::max(total, vec) - c.compute_cycles;
}

bool TilingCostModel::tileFits(const GemmTiling& tl) const {
  for (int i = 0; i < kNumTensors; ++i)
    if (blockBits(static_cast<GemmTensor>(i), tl, 4) > capacityBits(static_cast<GemmTensor>(i))) return false;
  return true;
}

TilingCost TilingCostModel::evaluate(const GemmTiling& tl) const {
  TilingCost c;
  if (!(c.fits = tileFits(tl))) return c;
  if (target_.tile_cycles) {  // the array's rule is not separable: sum over the (up to 8) tile classes
    // Back-to-back tiles overlap the drain of the one before (pe/array_timing.h).
    const int64_t drain = target_.tile_drain ? target_.tile_drain(b0_, b1_) : 0;
    c.compute_cycles =
        drain + gemm_.groups * sumOverTiles(gemm_.m, tl.tm, [&](int64_t m) {
                  return sumOverTiles(gemm_.n, tl.tn, [&](int64_t n) {
                    return sumOverTiles(gemm_.k, tl.tk, [&](int64_t k) { return tileCycles(m, n, k) - drain; });
                  });
                });
  } else {
    const int64_t n_folds = sumOverTiles(gemm_.n, tl.tn, [&](int64_t x) { return ceilDiv(x, target_.cols); });
    const int64_t k_cyc = sumOverTiles(gemm_.k, tl.tk, [&](int64_t x) { return kCycles(x); });
    const int64_t m_cyc =
        sumOverTiles(gemm_.m, tl.tm, [&](int64_t x) { return std::max(x, target_.weight_load_cycles); });
    c.compute_cycles = gemm_.groups * m_cyc * n_folds * k_cyc;
  }
  c.tiles = gemm_.groups * ceilDiv(gemm_.m, tl.tm) * ceilDiv(gemm_.n, tl.tn) * ceilDiv(gemm_.k, tl.tk);
  addTraffic(tl, c);
  addSram(tl, c);
  addStalls(tl, c);
  c.total_cycles = c.compute_cycles + c.stall_cycles;
  const auto w = static_cast<int>(Scratchpad::Wbuf), i = static_cast<int>(Scratchpad::Ibuf),
             o = static_cast<int>(Scratchpad::Obuf);
  const CompilerTarget& e = target_;
  c.energy_pj = (c.dram_read_bits + c.dram_write_bits) * e.dram_pj + c.sram_read_bits[w] * e.wbuf_read_pj +
                c.sram_write_bits[w] * e.wbuf_write_pj + c.sram_read_bits[i] * e.ibuf_read_pj +
                c.sram_write_bits[i] * e.ibuf_write_pj + c.sram_read_bits[o] * e.obuf_read_pj +
                c.sram_write_bits[o] * e.obuf_write_pj + c.compute_cycles * e.core_pj_per_cycle;
  return c;
}

}  // namespace vpsim
