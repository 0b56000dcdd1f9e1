// PeCore: the functional core interface every PE microarchitecture implements. Plain C++, no
// SystemC: configure an operand format, multiply-accumulate vectors of operand pairs, read the
// exact integer result, the cycles the PE needed and its action counts.
//
// Arithmetic contract: operands are integer codes; the PE sees only the low `bits` bits of each
// (as its input register would) and reads them as two's complement when signed. A run is cut into
// steps of products_per_step pairs (one Fusion Unit cycle group, one bit-serial pass over the
// lanes, one MAC); each step's exact sum is added to the accumulator once, where the configured
// accumulator width wraps or saturates. With wrap, results equal the plain integer dot product
// modulo 2^accumulator_bits; with saturate, saturation happens at step granularity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "pe/accumulator.h"
#include "pe/pe_actions.h"
#include "pe/pe_config.h"
#include "pe/throughput.h"
#include "pe/tile_kernels.h"

namespace vpsim {

class PeCore {
 public:
  explicit PeCore(PeConfig pe);
  virtual ~PeCore() = default;

  // Validates the widths against this PE (throws InputError) and resets the PE.
  void configure(const MacConfig& mac);
  void reset();  // accumulator, cycles and actions to zero

  // Multiply-accumulate n pairs op0[i] * op1[i] into the PE's accumulator.
  void mac(const int32_t* op0, const int32_t* op1, size_t n);
  // One datapath step on count (<= products_per_step) pairs, added to the caller's partial sum
  // `acc`; cycles and actions are counted here. The array uses it with partial sums it moves.
  int64_t step(const int32_t* op0, const int32_t* op1, int count, int64_t acc);
  // mac() on a caller-held partial sum: the steps of n pairs added to acc, which is returned.
  int64_t accumulate(int64_t acc, const int32_t* op0, const int32_t* op1, size_t n);
  // A whole tile in one call, the fast bit-accurate path (pe/tile_kernels.h): c (m x n; partial
  // sums in, results out) += X (m x k, operand 1) * S (k x n, operand 0); every output's steps
  // k ascending, each accumulated like step() (stuck bit re-applied after every update). Returns
  // the overflow events; cycles and actions are counted as for m x n runs of k pairs.
  uint64_t tileValues(const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k, int64_t* c);
  TileKernelSpec kernelSpec() const;  // this PE at the configured operand format

  // Cycle by cycle: the part of a step's sum the datapath forms in clock `cycle` (0 ..
  // cycles_per_step-1: a bit plane, a plane pair, a chunk pair, a temporal pass). The parts add up
  // to the step's sum; finishStep then counts the step and accumulates it exactly like step().
  virtual int64_t cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle);
  int64_t finishStep(int count, int64_t sum, int64_t acc);

  int64_t result() const { return acc_; }
  uint64_t cycles() const { return cycles_; }
  const PeActions& actions() const { return actions_; }
  const Throughput& throughput() const { return tp_; }
  const PeConfig& peConfig() const { return pe_; }
  int64_t faulty(int64_t acc) const;  // applies PeConfig::fault_stuck_bit (fault injection)
  const MacConfig& macConfig() const { return mac_; }

 protected:
  // Exact sum of `count` products as this datapath forms it (bricks, bit planes, chunks).
  virtual int64_t stepSum(const int32_t* op0, const int32_t* op1, int count) = 0;
  // The sums of consecutive steps over n pairs (sums[s] = stepSum of pairs [s*P, s*P+P)). The
  // default calls stepSum per step; cores override it to avoid a call per step.
  virtual void stepSums(const int32_t* op0, const int32_t* op1, size_t n, int64_t* sums);
  virtual void onConfigure() {}
  // The value the PE's operand register holds for input v.
  int32_t in0(int32_t v) const { return readOperand(v, mac_.bits0, mac_.signed0); }
  int32_t in1(int32_t v) const { return readOperand(v, mac_.bits1, mac_.signed1); }
  static int32_t readOperand(int32_t v, int bits, bool is_signed) {
    if (bits >= 32) return v;
    const uint32_t low = static_cast<uint32_t>(v) & ((uint32_t{1} << bits) - 1);
    if (!is_signed) return static_cast<int32_t>(low);
    return static_cast<int32_t>(low << (32 - bits)) >> (32 - bits);
  }

  PeConfig pe_;
  MacConfig mac_;
  Throughput tp_;

 private:
  void count(uint64_t products, uint64_t steps);
  ProductCost cost_;
  Accumulator accum_;
  PeActions actions_;
  int64_t acc_ = 0;
  uint64_t cycles_ = 0;
};

// The factory by kind: a core for a resolved PeConfig (configured at 8x8 signed by default).
std::unique_ptr<PeCore> makePeCore(const PeConfig& pe);
// By factory name with default parameters: bitfusion, stripes, loom, bitparallel, int8, int16, fp32, reference.
std::unique_ptr<PeCore> makePeCore(const std::string& name);

}  // namespace vpsim
