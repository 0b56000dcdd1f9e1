// StripesPe: a Stripes serial inner-product unit (Judd et al., MICRO 2016). One operand arrives
// bit-serially, LSB first, one bit plane per cycle across all lanes; the other is bit-parallel.
// Each cycle the lanes AND their serial bit with the parallel operand, an adder tree sums the
// lanes, and the sum is shifted into place. For a signed serial operand the MSB plane has
// negative weight (two's complement), so the last cycle subtracts.
#pragma once

#include "pe/pe_core.h"

namespace vpsim {

class StripesPe : public PeCore {
 public:
  explicit StripesPe(PeConfig pe);
  bool serialIsOp0() const { return serial_is_op0_; }

 protected:
  int64_t stepSum(const int32_t* op0, const int32_t* op1, int count) override;
  int64_t cycleSum(const int32_t* op0, const int32_t* op1, int count, int cycle) override;  // bit plane
  void onConfigure() override;

 private:
  bool serial_is_op0_ = false;
};

}  // namespace vpsim
