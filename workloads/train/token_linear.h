// TokenLinear: a linear layer applied to every token of a sequence batch, y[N x out] = x[N x in] W^T
// + b (N = batch x steps rows), the zoo's `matmul` kind (the Transformer's qkv, proj, fc1, fc2 and
// every language model's vocabulary `decoder`). Weights per output channel, inputs per tensor with
// the EMA range, errors per tensor with stochastic rounding, straight-through gradients; the bias
// is added in FP32 (the vector unit's work). A layer the zoo keeps in FP32 (quantized = false) gets
// 32 bits from every schedule and runs unquantized.
#pragma once

#include "workloads/train/gemm_layer.h"
#include "workloads/train/module.h"

namespace vpsim {

// The zoo's matmul LayerOp: `tokens` rows per sample, in -> out features, `groups` heads.
LayerOp matmulOp(const std::string& name, int64_t tokens, int64_t in, int64_t out, int64_t groups = 1,
                 bool quantized = true);

class TokenLinear : public Module, public GemmLayer {
 public:
  // Weights N(0, init_std) (init_std = 0: U(-1/sqrt(in), 1/sqrt(in)), PyTorch's Linear); bias 0.
  TokenLinear(const LayerOp& op, Rng& init_rng, double init_std = 0.0);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void buffers(std::vector<BufferRef>& out) override { out.push_back({&act_quant.run_lo, 2}); }
  void gemmLayers(std::vector<GemmLayer*>& out) override { out.push_back(this); }

  Tensor weight, weight_grad, bias, bias_grad;  // weight [out, in]
  ActivationQuantizer act_quant;

 private:
  std::vector<float> x_hat_, w_hat_, g_hat_;
  const Tensor* x_ = nullptr;  // the caller's input, alive until backward
  const float* x_used_ = nullptr;
  const float* w_used_ = nullptr;
  StepContext ctx_;
};

}  // namespace vpsim
