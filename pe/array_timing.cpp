// Array timing and action rules (formulas in array_timing.h).
#include "pe/array_timing.h"

#include <algorithm>

#include "traces/input_error.h"

namespace vpsim {

static void checkShape(const ArrayConfig& a, const TileShape& t) {
  a.validate();
  if (t.m < 1 || t.n < 1 || t.k < 1)
    throw InputError("tile " + std::to_string(t.m) + "x" + std::to_string(t.n) + "x" + std::to_string(t.k) +
                     ": every dimension must be at least 1");
}

bool weightsFromBanks(const PeConfig& pe) {
  return pe.kind == PeKind::BitFusion || pe.kind == PeKind::Stripes || pe.kind == PeKind::Loom;
}

TileTiming tileTiming(const ArrayConfig& a, const PeConfig& pe, const TileShape& t, int bits0, int bits1) {
  checkShape(a, t);
  TileTiming r;
  r.tp = peThroughput(pe, bits0, bits1);
  const int64_t R = a.rows, C = a.cols, P = r.tp.products_per_step;
  const auto cps = static_cast<uint64_t>(r.tp.cycles_per_step);
  if (a.dataflow == Dataflow::WeightStationary) {
    const int64_t fk = ceilDiv(t.k, R * P);
    const bool banked = weightsFromBanks(pe);
    r.folds = fk * ceilDiv(t.n, C);
    r.steps_per_fold = banked && fk == 1 ? t.m : std::max(t.m, R);
    r.steps = (r.folds - 1) * r.steps_per_fold + t.m + R + C - 2;
    r.exposed_cycles = banked ? 0 : static_cast<uint64_t>(R);
  } else {
    r.folds = ceilDiv(t.m, R) * ceilDiv(t.n, C);
    r.steps_per_fold = ceilDiv(t.k, P) + R + C - 2;
    r.steps = r.folds * r.steps_per_fold;
    r.exposed_cycles = static_cast<uint64_t>(R);
  }
  r.cycles = r.exposed_cycles + static_cast<uint64_t>(r.steps) * cps;
  r.drain_cycles = a.dataflow == Dataflow::WeightStationary ? static_cast<uint64_t>(R + C - 2) * cps : r.exposed_cycles;
  return r;
}

double arrayPeakProductsPerCycle(const ArrayConfig& a, const PeConfig& pe, int bits0, int bits1) {
  return double(a.rows) * a.cols * peThroughput(pe, bits0, bits1).productsPerCycle();
}

PeActions tileActions(const ArrayConfig& a, const PeConfig& pe, const TileShape& t, int bits0, int bits1) {
  const TileTiming tt = tileTiming(a, pe, t, bits0, bits1);
  const ProductCost pc = productCost(pe, bits0, bits1);
  const int64_t R = a.rows, C = a.cols, P = tt.tp.products_per_step;
  const auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
  PeActions s;
  s.macs = u(t.m * t.n * t.k);
  s.brick_ops = pc.brick_ops * s.macs, s.and_ops = pc.and_ops * s.macs;
  s.mult_ops = pc.mult_ops * s.macs, s.shift_adds = pc.shift_adds * s.macs;
  const int64_t groups = ceilDiv(t.k, P);  // PE steps per output that carry products
  s.acc_adds = u(t.m * t.n * groups);
  s.active_cycles = s.acc_adds * u(tt.tp.cycles_per_step);
  s.idle_cycles = u(R * C) * tt.cycles - s.active_cycles;
  if (a.dataflow == Dataflow::WeightStationary) {
    const int64_t fk = ceilDiv(t.k, R * P), fn = ceilDiv(t.n, C);
    s.operand_moves = u(fn * t.m * groups * (C - 1) + fk * t.m * t.n * (R - 1));  // X right + sums down
    s.weight_loads = u(groups * t.n);
  } else {
    const int64_t fm = ceilDiv(t.m, R), fn = ceilDiv(t.n, C);
    s.operand_moves = u(fn * groups * t.m * (C - 1) + fm * groups * t.n * (R - 1));  // X right + S down
  }
  return s;
}

}  // namespace vpsim
