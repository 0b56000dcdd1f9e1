// PeCore::tileValues: a whole tile through this PE's datapath in one call (pe/tile_kernels.h).
#include "pe/pe_core.h"
#include "pe/tile_kernels.h"

namespace vpsim {

TileKernelSpec PeCore::kernelSpec() const {
  TileKernelSpec k;
  k.kind = pe_.kind;
  k.bits0 = mac_.bits0, k.bits1 = mac_.bits1, k.signed0 = mac_.signed0, k.signed1 = mac_.signed1;
  k.products_per_step = tp_.products_per_step;
  if (pe_.kind == PeKind::BitFusion) {
    k.digit_bits = pe_.brick_bits;
    k.digits0 = bitFusionRound(mac_.bits0, pe_.brick_bits) / pe_.brick_bits;
    k.digits1 = bitFusionRound(mac_.bits1, pe_.brick_bits) / pe_.brick_bits;
  } else if (pe_.kind == PeKind::BitParallel) {
    k.digit_bits = pe_.width;
    k.digits0 = int(ceilDiv(mac_.bits0, pe_.width)), k.digits1 = int(ceilDiv(mac_.bits1, pe_.width));
  } else {
    k.digits0 = k.digits1 = 1;
  }
  k.serial_is_op0 = pe_.kind == PeKind::Stripes && stripesSerialIsOp0(pe_, mac_.bits0, mac_.bits1);
  k.acc_bits = mac_.accumulator_bits;
  k.saturate = mac_.overflow == Overflow::Saturate;
  k.fault_bit = pe_.fault_stuck_bit;
  return k;
}

uint64_t PeCore::tileValues(const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k, int64_t* c) {
  // The operand registers: low bits, sign extended (the reference MAC takes values as they are).
  const bool raw = pe_.kind == PeKind::Reference;
  std::vector<int32_t> xr(x, x + m * k), sr(s, s + k * n);
  if (!raw) {
    for (auto& v : xr) v = in1(v);
    for (auto& v : sr) v = in0(v);
  }
  const uint64_t overflows = runTileKernel(kernelSpec(), xr.data(), sr.data(), m, n, k, c);
  actions_.overflows += overflows;
  const uint64_t p = uint64_t(tp_.products_per_step), steps = uint64_t(m * n) * ((uint64_t(k) + p - 1) / p);
  count(uint64_t(m * n * k), steps);
  return overflows;
}

}  // namespace vpsim
