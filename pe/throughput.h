// Throughput rule of one PE (one Fusion Unit, one bit-serial PE with its lanes, one MAC) at given
// operand widths, WITHOUT running arithmetic: `products_per_step` products every `cycles_per_step`
// cycles, an exact rational. The compiler (isa/), the array timing and the cores all use it.
//
//   bitfusion   r = widths rounded up to brick_bits * 2^j (1->2, 3->4, 5..7->8, 9..15->16);
//               s = min(r, max_bits), temporal passes t = r / s;
//               products_per_step = (max_bits/s0) * (max_bits/s1), cycles_per_step = t0 * t1.
//               (brick 2, max 8: 8x8 -> 1/1, 8x4 -> 2/1, 4x4 -> 4/1, 2x2 -> 16/1, 16x8 -> 1/2,
//               16x16 -> 1/4; for powers of two this is the public simulator's
//               pf = floor(8/max(ip,2)) * floor(8/max(wp,2)).)
//   stripes     lanes products in serial_bits cycles (serial operand per serial_operand).
//   loom        lanes products in bits0 * bits1 cycles.
//   bitparallel 1 product in ceil(b0/width) * ceil(b1/width) cycles (1 when both fit).
//   reference   1 product per cycle.
#pragma once

#include <cstdint>

#include "pe/pe_config.h"

namespace vpsim {

struct Throughput {
  int64_t products_per_step = 1;
  int64_t cycles_per_step = 1;
  double productsPerCycle() const { return double(products_per_step) / double(cycles_per_step); }
  bool operator==(const Throughput& o) const {
    return products_per_step == o.products_per_step && cycles_per_step == o.cycles_per_step;
  }
};

// Actions one product costs at the given widths (see PeActions for the units).
struct ProductCost {
  uint64_t brick_ops = 0, and_ops = 0, mult_ops = 0, shift_adds = 0;
};

// Throws InputError when the PE cannot run these widths (0 bits, too wide, ...).
void checkOperandBits(const PeConfig& pe, int bits0, int bits1);
Throughput peThroughput(const PeConfig& pe, int bits0, int bits1);
ProductCost productCost(const PeConfig& pe, int bits0, int bits1);

int bitFusionRound(int bits, int brick_bits);  // width a Fusion Unit runs `bits` at
bool stripesSerialIsOp0(const PeConfig& pe, int bits0, int bits1);
int64_t ceilDiv(int64_t a, int64_t b);

}  // namespace vpsim
