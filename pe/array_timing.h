// Array timing: cycles and action counts of one GEMM tile on a rows x cols array, from the PE
// throughput rule alone (no arithmetic). Used by the compiler, by tile fidelity, and checked
// against cycle fidelity, which must reach the same numbers by stepping every PE every clock.
//
// Each PE handles P = products_per_step consecutive k values per step, taking cps =
// cycles_per_step cycles; operands and partial sums move one PE per step (systolic skew).
//   weight stationary (S held in the PEs, X streams left->right, partial sums flow down):
//     folds F = ceil(k / (rows*P)) * ceil(n / cols); per fold m + rows + cols - 2 steps;
//     cycles = rows (first stationary load; later loads hide behind compute in shadow registers)
//              + F * (m + rows + cols - 2) * cps.
//   output stationary (C held in the PEs, X streams right, S streams down):
//     folds F = ceil(m / rows) * ceil(n / cols); per fold ceil(k/P) + rows + cols - 2 steps;
//     cycles = F * (ceil(k/P) + rows + cols - 2) * cps + rows (last drain; earlier drains hide
//              behind the next fold in shadow registers).
// Fill and drain are the rows + cols - 2 steps of each fold; steady state is m (or ceil(k/P)).
#pragma once

#include <cstdint>

#include "pe/array_config.h"
#include "pe/pe_config.h"
#include "pe/throughput.h"
#include "pe/tile.h"

namespace vpsim {

struct TileTiming {
  Throughput tp;                 // the PE rule at the tile's widths
  int64_t folds = 0;             // array-sized pieces of the tile, run one after another
  int64_t steps_per_fold = 0;    // steady state + fill/drain steps of one fold
  uint64_t exposed_cycles = 0;   // first stationary load (WS) or last drain (OS)
  uint64_t cycles = 0;           // total
};

TileTiming tileTiming(const ArrayConfig& a, const PeConfig& pe, const TileShape& t, int bits0, int bits1);
// Peak products per cycle of the whole array at these widths (steady state, no fill/drain).
double arrayPeakProductsPerCycle(const ArrayConfig& a, const PeConfig& pe, int bits0, int bits1);

// Action counts of the tile (datapath counts from productCost, movement from the dataflow).
// Overflows are data dependent and stay 0 here.
PeActions tileActions(const ArrayConfig& a, const PeConfig& pe, const TileShape& t, int bits0, int bits1);

}  // namespace vpsim
