// TileEngine: tile fidelity. One call per tile: bit-exact values from a single PE core (each
// output is the same sequence of PE steps the array would perform: k ascending in groups of
// products_per_step, one accumulator update per group), cycles and movement counts from the
// array timing rules. Plain C++; the SystemC array wraps it in one transaction per tile.
#pragma once

#include <memory>

#include "pe/array_config.h"
#include "pe/pe_core.h"
#include "pe/tile.h"

namespace vpsim {

class TileEngine {
 public:
  TileEngine(const ArrayConfig& array, const PeConfig& pe);
  TileResult run(const TileData& tile);  // throws InputError for a bad tile or widths

 private:
  ArrayConfig array_;
  PeConfig pe_;
  std::unique_ptr<PeCore> core_;
};

// S (k x n) transposed to n x k, so each PE's stationary values are contiguous.
std::vector<int32_t> transposeS(const TileData& tile);

}  // namespace vpsim
