// TileData validation: operand vectors must match the tile shape.
#include "pe/tile.h"

#include "traces/input_error.h"

namespace vpsim {

void TileData::validate() const {
  if (shape.m < 1 || shape.n < 1 || shape.k < 1) throw InputError("tile: every dimension must be at least 1");
  if (x.empty() && s.empty()) return;  // timing only
  if (x.size() != size_t(shape.m * shape.k) || s.size() != size_t(shape.k * shape.n))
    throw InputError("tile: operand sizes " + std::to_string(x.size()) + " and " + std::to_string(s.size()) +
                     " do not match m*k and k*n");
  if (!c_in.empty() && c_in.size() != size_t(shape.m * shape.n))
    throw InputError("tile: " + std::to_string(c_in.size()) + " starting partial sums for " +
                     std::to_string(shape.m * shape.n) + " outputs");
}

}  // namespace vpsim
