// CausalAttention: multi-head causal self-attention on a [B*T, 3D] qkv tensor (q | k | v, head h in
// columns h*D/H ..), giving the [B*T, D] context. Its two activation x activation products are the
// zoo's `attn_scores` (S = Q K^T per head) and `attn_context` (C = A V per head), each a GemmLayer
// with its own bits. Quantized like every zoo GEMM, with the roles of lowerPass: the moving operand
// (Q; the probabilities A) per tensor at bits.a with the EMA range in evaluation, the stationary one
// (K; V) per tensor at bits.w from the current values (an activation has no channels of its own), the
// output errors (dS; dC) per tensor with stochastic rounding at bits.g; STE. Softmax, the 1/sqrt(d)
// scale and the causal mask are FP32; masked positions are exact zeros in every quantized operand
// (a causal kernel skips them), so no quantization noise reaches a future token.
#pragma once

#include "workloads/train/gemm_layer.h"
#include "workloads/train/module.h"

namespace vpsim {

class CausalAttention : public Module {
 public:
  // prefix: names the layers prefix + "attn_scores" / "attn_context"; steps: tokens per sequence.
  CausalAttention(const std::string& prefix, int64_t steps, int64_t dim, int64_t heads);
  void forward(const Tensor& qkv, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dqkv, bool need_dx) override;
  void buffers(std::vector<BufferRef>& out) override;
  void gemmLayers(std::vector<GemmLayer*>& out) override { out.push_back(&scores), out.push_back(&context); }

  GemmLayer scores, context;
  ActivationQuantizer q_quant, a_quant;  // EMA ranges of Q and of A

 private:
  void gather(const Tensor& qkv);
  void maskFuture(std::vector<float>& t) const;  // zeroes every j > i of each [T x T] block
  int64_t T_, D_, H_, dh_, B_ = 0;
  std::vector<float> q_, k_, v_, p_;                  // [B, H, T, dh] and probabilities [B, H, T, T]
  std::vector<float> qh_, kh_, vh_, ah_, dch_, dsh_;  // quantized copies (when quantized)
  const float *qu_ = nullptr, *ku_ = nullptr, *vu_ = nullptr, *au_ = nullptr;  // operands used
  StepContext ctx_;
};

}  // namespace vpsim
