// BitOPs accounting of a trace (methods.md section 2): per layer and pass, BitOPs = batch * MACs *
// (bits of operand 0) * (bits of operand 1), summed over iterations; rolled up per pass, per epoch,
// with iteration-weighted average bits per layer.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "traces/trace_format.h"

namespace vpsim {

struct AccountingOptions {
  // The stem's bwd_data GEMM is never needed; the methods page's formula still counts it.
  bool count_unneeded_bwd_data = true;
  // Layers kept in FP32 (quantized = false) are reported apart, not in the totals.
  bool count_fp32_layers = false;
};

struct BitopsSummary {
  std::array<double, 3> by_pass{};  // fwd, bwd_data, bwd_weight (double: sums exceed 2^63 on ImageNet runs)
  double total = 0;
  double fp32_layers = 0;                       // BitOPs of unquantized layers (at their 32-bit width)
  std::vector<double> per_epoch;                // total per epoch
  std::vector<double> per_layer;                // total per layer (unquantized layers: their FP32 BitOPs)
  std::vector<std::array<double, 3>> avg_bits;  // per layer: iteration-weighted mean of w, a, g
  double inference_per_sample = 0;              // fwd BitOPs of one sample at the last iteration's bits
};

class BitopsAccountant {
 public:
  BitopsAccountant(const TraceHeader& header, AccountingOptions options = {});
  void add(const TraceRun& run);  // runs in order
  // The BitOPs one iteration at `bits` adds to the totals (the trainer's metrics.csv counts with it).
  double iterationTotal(const std::vector<Bits>& bits) const;
  BitopsSummary finish();

 private:
  double iterationBitops(const std::vector<Bits>& bits, std::array<double, 3>* by_pass, double* fp32,
                         std::vector<double>* per_layer) const;
  TraceHeader header_;
  AccountingOptions opt_;
  BitopsSummary sum_;
  std::vector<std::array<double, 3>> bit_iters_;
  std::vector<Bits> last_bits_;
};

}  // namespace vpsim
