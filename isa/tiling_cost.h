// TilingCostModel: cycles, DRAM and SRAM traffic and energy of one tiling of a grouped GEMM pass,
// evaluated in O(1) so the compiler can try every loop order and power-of-two tile.
//
// Loop nest: level 0 = groups, levels 1..3 = order[0..2] (a permutation of m, n, k), level 4 = body.
// Tensors: op0 (k x n, WBUF, b0 bits), op1 (m x k, IBUF, b1 bits), out (m x n, OBUF, psum bits).
// A tensor's block is loaded at its resident level L: it spans one tile along dependent dims whose
// loop is at a level < L and the full extent along dims at levels >= L. L starts at 4 and moves out
// past a loop while the tensor does not depend on it, or the grown block still fits its buffer
// (half of it if double buffered) -- the public Bit Fusion simulator's promotion rule, exact for
// edge tiles. Loops outside L that the tensor does not depend on reload it (reload factor R).
// Stalls: the public rule max(0, middle DRAM bits / bw - compute) + fill + drain, with fill and
// drain the first array fold's data and the last output row (the public simulator charges the whole
// first block, which makes promotion look costly and rewards degenerate tiles).
#pragma once

#include <array>
#include <cstdint>

#include "isa/compiler_target.h"
#include "isa/fmap_traffic.h"
#include "isa/opcode.h"
#include "traces/layer_op.h"

namespace vpsim {

enum class GemmTensor : uint8_t { Op0 = 0, Op1 = 1, Out = 2 };
inline constexpr int kNumTensors = 3;
Scratchpad tensorBuffer(GemmTensor t);          // op0 -> wbuf, op1 -> ibuf, out -> obuf
bool tensorDependsOn(GemmTensor t, GemmDim d);  // every tensor depends on g

struct GemmTiling {
  std::array<GemmDim, 3> order = {GemmDim::M, GemmDim::N, GemmDim::K};  // outer -> inner
  int64_t tm = 1, tn = 1, tk = 1;
  int64_t tile(GemmDim d) const { return d == GemmDim::M ? tm : d == GemmDim::N ? tn : d == GemmDim::K ? tk : 1; }
};

struct TilingCost {
  bool fits = false;
  int64_t tiles = 0;  // compute tiles (all groups)
  int64_t compute_cycles = 0, stall_cycles = 0, total_cycles = 0;
  int64_t dram_read_bits = 0, dram_write_bits = 0;
  int64_t fill_bits = 0, drain_bits = 0;                       // pipeline fill and drain that cannot overlap compute
  std::array<int64_t, 4> sram_read_bits{}, sram_write_bits{};  // by Scratchpad
  std::array<int, kNumTensors> level{};                        // resident level (1..4) per GemmTensor
  std::array<int64_t, kNumTensors> block_bits{};               // largest block of each tensor
  std::array<int64_t, kNumTensors> load_bits{}, store_bits{};  // DRAM traffic per tensor
  double energy_pj = 0;
};

class TilingCostModel {
 public:
  TilingCostModel(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1);
  TilingCost evaluate(const GemmTiling& t) const;
  bool tileFits(const GemmTiling& t) const;  // one tile of every tensor fits its buffer
  int64_t capacityBits(GemmTensor t) const;  // usable bits (half if double buffered)
  int tensorBits(GemmTensor t) const;
  int64_t extent(GemmDim d) const;
  // Cycles of one compute tile with k-depth tk: ceil(ceil(tk/rows) * den / num).
  int64_t kCycles(int64_t tk) const;
  // Cycles of one tm x tn x tk compute tile: max(tm, weight_load_cycles) * ceil(tn/cols) * kCycles(tk);
  // the sum over a program's compute tiles is TilingCost::compute_cycles.
  int64_t tileCycles(int64_t tm, int64_t tn, int64_t tk) const;

 private:
  int64_t blockBits(GemmTensor t, const GemmTiling& tl, int level) const;
  // Sum over one sweep of the tensor's blocks at `level` (blocks span a tile along dims whose loop
  // is outside the level): the whole tensor, or for the patch tensor the sum of its footprints.
  int64_t sweepBits(GemmTensor t, const GemmTiling& tl, int level) const;
  bool isPatch(GemmTensor t) const;
  int residentLevel(GemmTensor t, const GemmTiling& tl) const;
  int64_t reloadFactor(GemmTensor t, const GemmTiling& tl, int level) const;
  void addTraffic(const GemmTiling& tl, TilingCost& c) const;
  void addSram(const GemmTiling& tl, TilingCost& c) const;
  void addStalls(const GemmTiling& tl, TilingCost& c) const;

  const CompilerTarget& target_;
  GemmPass gemm_;
  int b0_, b1_;
  Rational pf_;
  std::optional<PatchTensor> patch_;
  FmapTraffic fmap_;
};

}  // namespace vpsim
