// GemmLayer: what the trainer and the schedules see of a conv or FC layer: its zoo LayerOp, the
// bits it runs at this iteration, how it quantizes, and (for LDP) the task-loss gradient signal
// with respect to its precision.
#pragma once

#include <cstdint>
#include <vector>

#include "traces/layer_op.h"
#include "workloads/train/quantizer.h"

namespace vpsim {

enum class QuantMode { Affine, Symmetric, FixedPoint };  // quantizer: affine | symmetric | fixed

class GemmLayer {
 public:
  virtual ~GemmLayer() = default;
  LayerOp op;
  Bits bits{32, 32, 32};  // set by the trainer before every forward; 32 = FP32
  QuantMode mode = QuantMode::Affine;
  int index = 0;            // position in the model's layer list (keys the rounding noise)
  bool keep_codes = false;  // keep the integer codes of the last forward (co-simulation checks)
  // The original SBM variant (quantizer: sbm): one weight range per tensor instead of one per output
  // channel, and the errors that feed the weight gradient quantized at wgrad_error_bits instead of
  // g (0 = g; the bwd_data pass keeps g). The trace's bits record g for both backward passes.
  bool per_tensor_weights = false;
  int wgrad_error_bits = 0;
  bool track_precision_grad = false;  // LDP: accumulate precision_grad in backward
  // LDP: sum(dL/dx_hat * (x_hat - x)) + sum(dL/dW_hat * (W_hat - W)) of the last backward.
  // Times -ln2 * 2^b/(2^b-1) it is dL/db under the straight-through estimator (ldp_schedule.cpp).
  double precision_grad = 0.0;
  bool track_grad_underflow = false;  // two-phase gradient-statistics switch: measure grad_underflow
  // Fraction of the last backward's nonzero errors below half a step of their quantization grid
  // (too small for it); -1 when the errors ran at FP32 or were not measured.
  double grad_underflow = -1.0;

  // Codes of the last forward (keep_codes): weights [out_c x in_c/groups*k*k] per channel, and the
  // layer input (NCHW) per tensor.
  std::vector<uint16_t> w_codes, x_codes;
  std::vector<QuantParams> w_params;
  QuantParams x_params;
  // Codes of the last backward's quantized errors dL/dy (NCHW, per tensor), kept with keep_codes
  // when the errors were quantized (bits.g < 32, affine or symmetric grids).
  std::vector<uint16_t> g_codes;
  QuantParams g_params;
};

}  // namespace vpsim
