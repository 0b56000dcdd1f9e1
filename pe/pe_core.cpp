// PeCore: configuration checks, step bookkeeping (cycles, actions, accumulator) and the factory.
#include "pe/pe_core.h"

#include "pe/bit_fusion_pe.h"
#include "pe/bit_parallel_pe.h"
#include "pe/loom_pe.h"
#include "pe/reference_pe.h"
#include "pe/stripes_pe.h"
#include "traces/input_error.h"

namespace vpsim {

PeCore::PeCore(PeConfig pe) : pe_(std::move(pe)) {
  pe_.validate();
  configure(macConfigFor(pe_, std::min(8, pe_.maxOperandBits(0)), std::min(8, pe_.maxOperandBits(1))));
}

void PeCore::configure(const MacConfig& mac) {
  if (mac.accumulator_bits < 2 || mac.accumulator_bits > 64)
    throw InputError(pe_.name + " PE: accumulator_bits " + std::to_string(mac.accumulator_bits) + " outside [2, 64]");
  tp_ = peThroughput(pe_, mac.bits0, mac.bits1);  // throws for widths the PE cannot run
  cost_ = productCost(pe_, mac.bits0, mac.bits1);
  mac_ = mac;
  accum_ = Accumulator(mac.accumulator_bits, mac.overflow);
  onConfigure();
  reset();
}

void PeCore::reset() {
  acc_ = 0;
  cycles_ = 0;
  actions_ = PeActions{};
}

// Actions and cycles of `steps` steps carrying `products` products in total.
void PeCore::count(uint64_t products, uint64_t steps) {
  actions_.macs += products;
  actions_.brick_ops += cost_.brick_ops * products;
  actions_.and_ops += cost_.and_ops * products;
  actions_.mult_ops += cost_.mult_ops * products;
  actions_.shift_adds += cost_.shift_adds * products;
  actions_.acc_adds += steps;
  const uint64_t cycles = steps * static_cast<uint64_t>(tp_.cycles_per_step);
  actions_.active_cycles += cycles;
  cycles_ += cycles;
}

int64_t PeCore::cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) {
  return cycle == 0 ? stepSum(op0, op1, count) : 0;  // single-cycle datapaths
}

// A healthy PE returns the accumulator unchanged; an injected stuck-at-1 bit corrupts it.
int64_t PeCore::faulty(int64_t acc) const {
  return pe_.fault_stuck_bit < 0 ? acc : acc | (int64_t(1) << pe_.fault_stuck_bit);
}

int64_t PeCore::finishStep(int count, int64_t sum, int64_t acc) {
  this->count(static_cast<uint64_t>(count), 1);
  return faulty(accum_.add(acc, sum, actions_.overflows));
}

int64_t PeCore::step(const int32_t* op0, const int32_t* op1, int count, int64_t acc) {
  const int64_t sum = stepSum(op0, op1, count);
  this->count(static_cast<uint64_t>(count), 1);
  return faulty(accum_.add(acc, sum, actions_.overflows));
}

void PeCore::stepSums(const int32_t* op0, const int32_t* op1, size_t n, int64_t* sums) {
  const size_t p = static_cast<size_t>(tp_.products_per_step);
  for (size_t i = 0; i < n; i += p) *sums++ = stepSum(op0 + i, op1 + i, static_cast<int>(std::min(p, n - i)));
}

int64_t PeCore::accumulate(int64_t acc, const int32_t* op0, const int32_t* op1, size_t n) {
  const size_t p = static_cast<size_t>(tp_.products_per_step), batch = 256 * p;
  int64_t sums[256];
  uint64_t steps = 0;
  for (size_t i = 0; i < n; i += batch) {  // datapath sums first, then one accumulator update per step
    const size_t len = std::min(batch, n - i), ns = (len + p - 1) / p;
    stepSums(op0 + i, op1 + i, len, sums);
    for (size_t s = 0; s < ns; ++s) acc = accum_.add(acc, sums[s], actions_.overflows);
    steps += ns;
  }
  count(n, steps);
  return faulty(acc);
}

void PeCore::mac(const int32_t* op0, const int32_t* op1, size_t n) { acc_ = accumulate(acc_, op0, op1, n); }

std::unique_ptr<PeCore> makePeCore(const PeConfig& pe) {
  switch (pe.kind) {
    case PeKind::BitFusion:
      return std::make_unique<BitFusionPe>(pe);
    case PeKind::Stripes:
      return std::make_unique<StripesPe>(pe);
    case PeKind::Loom:
      return std::make_unique<LoomPe>(pe);
    case PeKind::BitParallel:
      return std::make_unique<BitParallelPe>(pe);
    case PeKind::Reference:
      return std::make_unique<ReferencePe>(pe);
  }
  throw InputError("unknown PE kind");
}

std::unique_ptr<PeCore> makePeCore(const std::string& name) { return makePeCore(peConfigByName(name)); }

}  // namespace vpsim
