// DepthwiseConv2d: a depthwise convolution (groups = in_c = out_c: MobileNetV2's 3x3 layers) with
// direct loops over channels instead of Conv2d's im2col + one tiny GEMM per channel, where naive
// trainers lose their time. The quantizers are Conv2d's (per-channel weights, per-tensor
// activations, stochastically rounded errors feeding both backward passes), so bits, codes for
// spot checks, LDP's precision gradient and fixed point behave exactly as in every other conv.
#pragma once

#include "workloads/train/conv.h"

namespace vpsim {

class DepthwiseConv2d : public Conv2d {
 public:
  DepthwiseConv2d(const LayerOp& op, Rng& init_rng, ConvInit init = ConvInit::Recipe);  // op: in_c = out_c = groups
  // Threads take whole (sample, channel) planes: results do not depend on the thread count.
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  // Threads take whole channels, each summing its weight gradient over the batch in sample order.
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
};

}  // namespace vpsim
