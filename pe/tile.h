// A GEMM tile as the PE array sees it: C (m x n) = X (m x k) * S (k x n). S is operand 0 (the
// stationary one in weight-stationary dataflow, width bits0), X is operand 1 (streamed, bits1).
// The caller (isa/, sim/) maps a pass's operands onto S and X (GemmPass::op0 -> S).
#pragma once

#include <cstdint>
#include <vector>

#include "pe/pe_actions.h"

namespace vpsim {

struct TileShape {
  int64_t m = 1, n = 1, k = 1;
  bool operator==(const TileShape& o) const { return m == o.m && n == o.n && k == o.k; }
};

// Operand format of a tile (what SETUP sets for the block).
struct TileFormat {
  int bits0 = 8, bits1 = 8;  // S, X widths
  bool signed0 = true, signed1 = true;
};

// Operand values of a tile, row-major. Empty vectors mean timing only (no values computed).
struct TileData {
  TileShape shape;
  TileFormat format;
  std::vector<int32_t> x;  // m x k
  std::vector<int32_t> s;  // k x n
  // Partial sums the tile continues from (m x n: earlier k tiles of the same outputs); empty: zeros.
  std::vector<int64_t> c_in;
  bool hasValues() const { return !x.empty(); }
  void validate() const;  // sizes match the shape; throws InputError
};

struct TileResult {
  std::vector<int64_t> c;  // m x n accumulator values (empty when timing only)
  uint64_t cycles = 0;
  PeActions actions;
};

}  // namespace vpsim
