// The throughput rule and per-product action costs of each PE kind (formulas in throughput.h).
#include "pe/throughput.h"

#include <algorithm>

#include "traces/input_error.h"

namespace vpsim {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int bitFusionRound(int bits, int brick_bits) {
  int r = brick_bits;
  while (r < bits) r *= 2;
  return r;
}

bool stripesSerialIsOp0(const PeConfig& pe, int bits0, int bits1) {
  if (pe.serial_operand == SerialOperand::Narrower) return bits0 < bits1;  // tie: op1 serial, as Stripes
  return pe.serial_operand == SerialOperand::Op0;
}

void checkOperandBits(const PeConfig& pe, int bits0, int bits1) {
  const int bits[2] = {bits0, bits1};
  for (int i = 0; i < 2; ++i) {
    if (bits[i] < 1)
      throw InputError(pe.name + " PE: operand " + std::to_string(i) + " has " + std::to_string(bits[i]) +
                       " bits; widths start at 1");
    int limit = pe.maxOperandBits(i);
    if (pe.kind == PeKind::Stripes) {
      const bool serial = stripesSerialIsOp0(pe, bits0, bits1) == (i == 0);
      limit = serial ? pe.max_bits : pe.parallel_bits;
    }
    if (bits[i] > limit) {
      std::string hint;
      if (pe.kind == PeKind::BitParallel)
        hint = " (multiplier width " + std::to_string(pe.width) + "; set wide_operands: multi_cycle)";
      if (pe.kind == PeKind::BitFusion)
        hint = " (max_bits " + std::to_string(pe.max_bits) + "; enable temporal_fusion for up to 16)";
      throw InputError(pe.name + " PE: operand " + std::to_string(i) + " has " + std::to_string(bits[i]) +
                       " bits, more than the " + std::to_string(limit) + " it supports" + hint);
    }
  }
}

Throughput peThroughput(const PeConfig& pe, int bits0, int bits1) {
  checkOperandBits(pe, bits0, bits1);
  Throughput t;
  switch (pe.kind) {
    case PeKind::BitFusion: {
      const int r0 = bitFusionRound(bits0, pe.brick_bits), r1 = bitFusionRound(bits1, pe.brick_bits);
      const int s0 = std::min(r0, pe.max_bits), s1 = std::min(r1, pe.max_bits);
      t.products_per_step = int64_t(pe.max_bits / s0) * (pe.max_bits / s1);
      t.cycles_per_step = int64_t(r0 / s0) * (r1 / s1);
      break;
    }
    case PeKind::Stripes:
      t.products_per_step = pe.lanes;
      t.cycles_per_step = stripesSerialIsOp0(pe, bits0, bits1) ? bits0 : bits1;
      break;
    case PeKind::Loom:
      t.products_per_step = pe.lanes;
      t.cycles_per_step = int64_t(bits0) * bits1;
      break;
    case PeKind::BitParallel:
      t.cycles_per_step = ceilDiv(bits0, pe.width) * ceilDiv(bits1, pe.width);
      break;
    case PeKind::Reference:
      break;
  }
  return t;
}

ProductCost productCost(const PeConfig& pe, int bits0, int bits1) {
  checkOperandBits(pe, bits0, bits1);
  ProductCost c;
  switch (pe.kind) {
    case PeKind::BitFusion:
      c.brick_ops = uint64_t(bitFusionRound(bits0, pe.brick_bits) / pe.brick_bits) *
                    (bitFusionRound(bits1, pe.brick_bits) / pe.brick_bits);
      c.shift_adds = c.brick_ops;
      break;
    case PeKind::Stripes:
      c.and_ops = uint64_t(bits0) * bits1;  // serial bits x parallel bits
      c.shift_adds = stripesSerialIsOp0(pe, bits0, bits1) ? bits0 : bits1;
      break;
    case PeKind::Loom:
      c.and_ops = c.shift_adds = uint64_t(bits0) * bits1;
      break;
    case PeKind::BitParallel:
      c.mult_ops = c.shift_adds = uint64_t(ceilDiv(bits0, pe.width) * ceilDiv(bits1, pe.width));
      break;
    case PeKind::Reference:
      c.mult_ops = c.shift_adds = 1;
      break;
  }
  return c;
}

}  // namespace vpsim
