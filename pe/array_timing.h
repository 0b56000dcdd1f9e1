// Array timing: cycles and action counts of one GEMM tile on a rows x cols array, from the PE
// throughput rule alone (no arithmetic). Used by the compiler, by tile fidelity, and checked
// against cycle fidelity, which must reach the same numbers by stepping every PE every clock.
//
// Each PE handles P = products_per_step consecutive k values per step, taking cps =
// cycles_per_step cycles; operands and partial sums move one PE per step (systolic skew).
//
// Weight stationary (S held in the PEs, X streams left->right, partial sums flow down), folds
// F = Fk * Fn with Fk = ceil(k / (rows*P)), Fn = ceil(n / cols), k folds innermost. Folds are
// pipelined: X rows of fold f+1 enter right behind the last row of fold f, so fill and drain
// (rows + cols - 2 steps) are paid once per tile, not once per fold:
//     steps  = (F - 1) * s + m + rows + cols - 2
//     cycles = exposed + steps * cps
// How the stationary operands reach the PEs decides s (steps between the starts of two folds) and
// the exposed load:
//   banked (Bit Fusion: every Fusion Unit reads its own WBUF bank, Sharma et al. ISCA'18 Sec. 4 and
//     the hardware page's "WBUF N*M banks"; Stripes/Loom: each unit reads its synapse buffer lane,
//     Judd et al. MICRO'16 Fig. 5): a PE switches weights when the next fold's first row reaches
//     it, nothing is shifted. exposed = 0, s = m -- except when a k fold continues the partial sums
//     of the previous one, which must leave the bottom row (rows - 1 steps) before re-entering the
//     top: s = max(m, rows) if Fk > 1.
//   shifted (systolic bit-parallel arrays, the TPU-style int8/fp32 configs, Jouppi et al. ISCA'17:
//     weights shift down one row per clock into double-buffered weight registers): the next fold
//     shifts in while the current one streams, which takes rows clocks: s = max(m, rows), and the
//     first fold's load is exposed: exposed = rows.
// So a compute-bound tile on Bit Fusion costs F * m * cps plus one fill/drain, the public
// simulator's B*ceil(OC/M)*OH*OW*ceil(K^2*IC/(N*pf)) up to rows + cols - 2 per tile; SCALE-Sim's
// weight-stationary closed form (2R + C + M - 2 per fold, no overlap) is an upper bound.
//
// Output stationary (C held in the PEs, X streams right, S streams down):
//     folds F = ceil(m / rows) * ceil(n / cols); per fold ceil(k/P) + rows + cols - 2 steps;
//     cycles = F * (ceil(k/P) + rows + cols - 2) * cps + rows (last drain; earlier drains hide
//              behind the next fold in shadow registers).
#pragma once

#include <cstdint>

#include "pe/array_config.h"
#include "pe/pe_config.h"
#include "pe/throughput.h"
#include "pe/tile.h"

namespace vpsim {

struct TileTiming {
  Throughput tp;                // the PE rule at the tile's widths
  int64_t folds = 0;            // array-sized pieces of the tile, run one after another
  int64_t steps_per_fold = 0;   // WS: steps between the starts of two folds (s); OS: steps of one fold
  int64_t steps = 0;            // all steps, fill and drain included
  uint64_t exposed_cycles = 0;  // first stationary load (WS shifted) or last drain (OS)
  uint64_t cycles = 0;          // total
  // The tail of `cycles` during which the next tile may already enter the array: WS the drain
  // after the last slot entered ((rows + cols - 2) * cps), OS the exposed drain (rows). Back-to-
  // back tiles overlap it, so fill and drain are paid once per run of tiles.
  uint64_t drain_cycles = 0;
};

// True when the PE kind reads its stationary operands from per-PE buffer banks (no shift-in).
bool weightsFromBanks(const PeConfig& pe);

TileTiming tileTiming(const ArrayConfig& a, const PeConfig& pe, const TileShape& t, int bits0, int bits1);
// Peak products per cycle of the whole array at these widths (steady state, no fill/drain).
double arrayPeakProductsPerCycle(const ArrayConfig& a, const PeConfig& pe, int bits0, int bits1);

// Action counts of the tile (datapath counts from productCost, movement from the dataflow).
// Overflows are data dependent and stay 0 here.
PeActions tileActions(const ArrayConfig& a, const PeConfig& pe, const TileShape& t, int bits0, int bits1);

}  // namespace vpsim
