// StripesPe: bit-plane by bit-plane accumulation over the lanes.
#include "pe/stripes_pe.h"

#include "pe/digits.h"

namespace vpsim {

StripesPe::StripesPe(PeConfig pe) : PeCore(std::move(pe)) { onConfigure(); }

void StripesPe::onConfigure() { serial_is_op0_ = stripesSerialIsOp0(pe_, mac_.bits0, mac_.bits1); }

int64_t StripesPe::stepSum(const int32_t* op0, const int32_t* op1, int count) {
  const int32_t* ser = serial_is_op0_ ? op0 : op1;
  const int32_t* par = serial_is_op0_ ? op1 : op0;
  const int bits = serial_is_op0_ ? mac_.bits0 : mac_.bits1;
  const bool ser_signed = serial_is_op0_ ? mac_.signed0 : mac_.signed1;
  uint32_t s[4096];
  int32_t w[4096];
  for (int l = 0; l < count; ++l) {  // load the lane registers
    s[l] = static_cast<uint32_t>(serial_is_op0_ ? in0(ser[l]) : in1(ser[l]));
    w[l] = serial_is_op0_ ? in1(par[l]) : in0(par[l]);
  }
  int64_t sum = 0;
  for (int q = 0; q < bits; ++q) {  // one cycle per bit plane
    int32_t plane = 0;              // lanes * 2^16 fits: at most 4096 lanes of 16-bit operands
    for (int l = 0; l < count; ++l) plane += w[l] & -static_cast<int32_t>((s[l] >> q) & 1u);  // AND + tree
    const bool negative = ser_signed && q == bits - 1;
    sum += negative ? -shiftLeft(plane, q) : shiftLeft(plane, q);
  }
  return sum;
}

int64_t StripesPe::cycleSum(const int32_t* op0, const int32_t* op1, int count, int q) {
  const int bits = serial_is_op0_ ? mac_.bits0 : mac_.bits1;
  const bool ser_signed = serial_is_op0_ ? mac_.signed0 : mac_.signed1;
  int64_t plane = 0;
  for (int l = 0; l < count; ++l) {
    const auto s = static_cast<uint32_t>(serial_is_op0_ ? in0(op0[l]) : in1(op1[l]));
    if ((s >> q) & 1u) plane += serial_is_op0_ ? in1(op1[l]) : in0(op0[l]);
  }
  return ser_signed && q == bits - 1 ? -shiftLeft(plane, q) : shiftLeft(plane, q);
}

}  // namespace vpsim
