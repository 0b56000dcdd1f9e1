// LoomPe: lanes are packed 64 to a word so one AND + popcount evaluates 64 lane AND gates.
#include "pe/loom_pe.h"

#include "pe/digits.h"

namespace vpsim {

LoomPe::LoomPe(PeConfig pe) : PeCore(std::move(pe)) {}

int64_t LoomPe::chunkSum(const int32_t* op0, const int32_t* op1, int count) const {
  const int b0 = mac_.bits0, b1 = mac_.bits1;
  uint64_t a_planes[16] = {}, b_planes[16] = {};
  for (int l = 0; l < count; ++l) {
    const auto ua = static_cast<uint32_t>(in0(op0[l])), ub = static_cast<uint32_t>(in1(op1[l]));
    for (int q = 0; q < b0; ++q) a_planes[q] |= uint64_t((ua >> q) & 1u) << l;
    for (int q = 0; q < b1; ++q) b_planes[q] |= uint64_t((ub >> q) & 1u) << l;
  }
  int64_t sum = 0;
  for (int qa = 0; qa < b0; ++qa) {
    for (int qb = 0; qb < b1; ++qb) {  // one cycle: AND of two bit planes, count the ones
      const int64_t plane = __builtin_popcountll(a_planes[qa] & b_planes[qb]);
      const bool negative = (mac_.signed0 && qa == b0 - 1) != (mac_.signed1 && qb == b1 - 1);
      sum += negative ? -shiftLeft(plane, qa + qb) : shiftLeft(plane, qa + qb);
    }
  }
  return sum;
}

int64_t LoomPe::stepSum(const int32_t* op0, const int32_t* op1, int count) {
  int64_t sum = 0;
  for (int l = 0; l < count; l += 64) sum += chunkSum(op0 + l, op1 + l, std::min(64, count - l));
  return sum;
}

// Clock `cycle` takes bit qa = cycle / bits1 of operand 0 and bit qb = cycle % bits1 of operand 1.
int64_t LoomPe::cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) {
  const int qa = cycle / mac_.bits1, qb = cycle % mac_.bits1;
  int64_t plane = 0;
  for (int l = 0; l < count; ++l)
    plane += (static_cast<uint32_t>(in0(op0[l])) >> qa) & (static_cast<uint32_t>(in1(op1[l])) >> qb) & 1u;
  const bool negative = (mac_.signed0 && qa == mac_.bits0 - 1) != (mac_.signed1 && qb == mac_.bits1 - 1);
  return negative ? -shiftLeft(plane, qa + qb) : shiftLeft(plane, qa + qb);
}

}  // namespace vpsim
