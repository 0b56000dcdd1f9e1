// Runs with values: the integer operands of a whole pass's GEMM, carried tile by tile through the
// SystemC accelerator (PassSimulator::simulateValues, the one call for values: `vpsim layer
// --values` and the co-simulation spot checks use it), and the plain integer reference the outputs
// are checked against. Each compute tile gets its slice of the operands by the tile's ranges and
// continues from the partial sums its outputs hold so far (earlier k tiles), so every output sees
// the same accumulator steps as one long run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pe/pe_config.h"
#include "pe/tile.h"

namespace vpsim {

struct ComputeOp;

struct GemmValues {
  int64_t groups = 1, m = 0, n = 0, k = 0;  // C (m x n) = X (m x k) * S (k x n), per group
  std::vector<int32_t> op0;                 // S: the pass's operand 0 (width b0), groups x k x n
  std::vector<int32_t> op1;                 // X: the pass's operand 1 (width b1), groups x m x k
  bool signed0 = false, signed1 = false;
  std::vector<int64_t> c;         // groups x m x n accumulator values (filled by the run)
  uint64_t overflows = 0;         // accumulator overflow events in the PE array
  std::vector<int64_t> k_starts;  // where the run's compute tiles began along k (sorted; filled by the run)

  void resize(int64_t groups, int64_t m, int64_t n, int64_t k);  // zero operands, outputs cleared
};

// Uniform random codes of the given widths (seeded, reproducible).
void fillRandom(GemmValues& v, int b0, int b1, uint64_t seed);
// InputError naming the operand and element if a value does not fit its width and signedness.
void checkFits(const GemmValues& v, int b0, int b1);

// The tile of one compute operation: its operand slices and the partial sums it continues from.
TileData valuesTile(const GemmValues& v, const ComputeOp& op);
void storeTile(GemmValues& v, const ComputeOp& op, const TileResult& r);  // results back, overflows added

// Plain integer reference: exact products, summed in groups of the PE's products per step into
// the configured accumulator (wrap or saturate), k ascending, as the array's steps are. A compute
// tile's steps start at the tile's first k (the array takes P products at a time from the tile it
// holds), so the groups restart at every k tile of the run (v.k_starts); with a saturating
// accumulator the grouping decides the result once a step overflows.
struct ValuesCheck {
  int64_t compared = 0, mismatches = 0;
  uint64_t reference_overflows = 0;
  std::string first_mismatch;  // "output [g, i, j]: PE array X != reference Y", "" if none
};
ValuesCheck checkAgainstReference(const GemmValues& v, const PeConfig& pe, int b0, int b1);

}  // namespace vpsim
