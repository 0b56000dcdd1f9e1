// Conv2d: 2-D convolution (any kernel, stride, padding, groups: plain, strided and depthwise) as
// im2col + GEMM, with the quantizers of methods.md applied to its three GEMM operands: per-channel
// weights and per-tensor activations in forward, per-tensor stochastically rounded errors in
// backward, straight-through gradients. No bias (every conv is followed by BatchNorm).
#pragma once

#include "workloads/train/gemm_layer.h"
#include "workloads/train/module.h"

namespace vpsim {

// How conv weights start: Recipe = N(0, sqrt(2 / (k*k*Cout))), the CIFAR recipe's (CPT, FracTrain
// and SkipNet code; methods.md section 9); PyTorch = nn.Conv2d's default, kaiming_uniform with
// a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = (Cin/groups)*k*k.
enum class ConvInit { Recipe, PyTorch };

class Conv2d : public Module, public GemmLayer {
 public:
  // `op` carries the geometry (in_c, out_c, kernel, stride, pad, groups, in/out sizes).
  Conv2d(const LayerOp& op, Rng& init_rng, ConvInit init = ConvInit::Recipe);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override { out.push_back({op.name + ".weight", &weight, &weight_grad}); }
  void buffers(std::vector<BufferRef>& out) override { out.push_back({&act_quant.run_lo, 2}); }
  void gemmLayers(std::vector<GemmLayer*>& out) override { out.push_back(this); }

  Tensor weight, weight_grad;  // [out_c, in_c/groups, k, k]
  ActivationQuantizer act_quant;

 protected:  // shared with DepthwiseConv2d (depthwise.h), which replaces only the GEMM loops
  void quantizeInputs(const Tensor& x, const StepContext& ctx);
  const Tensor& quantizeErrors(const Tensor& dy, Tensor& g);  // sets grad_underflow
  // The errors of the bwd_weight pass: `g` (the bwd_data errors), or dy at wgrad_error_bits (SBM).
  const Tensor& weightGradErrors(const Tensor& dy, const Tensor& g);
  void precisionGradient(const Tensor& dx, bool need_dx);  // LDP's signal, after weight_grad and dx
  int64_t patch() const { return op.in_c / op.groups * op.kernel * op.kernel; }
  Tensor x_hat_, w_hat_, g_hat_, gw_hat_;  // quantized input, weights, errors (and SBM's wgrad errors)
  const Tensor* x_used_ = nullptr;         // the input forward used: x_hat_, or the caller's x at FP32
  const Tensor* w_used_ = nullptr;         // w_hat_ or weight
  const Tensor* x_raw_ = nullptr;          // the caller's unquantized input (LDP)
  StepContext ctx_;
};

// im2col of one sample's channel block [cg, h, w] into col rows (cg*k*k) starting at column col0,
// row stride ld. col2im is its adjoint (accumulates).
void im2col(const float* x, int cg, int h, int w, const LayerOp& op, float* col, int64_t ld, int64_t col0);
void col2im(const float* col, int cg, int h, int w, const LayerOp& op, float* x, int64_t ld, int64_t col0);

}  // namespace vpsim
