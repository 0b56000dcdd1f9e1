// The GEMM-free layers of the language models, all FP32 as the zoo marks them (none is in its
// layer list): token (and learned position) embedding, layer norm, dropout and GELU. Sequence
// activations are [batch*steps, features] tensors (n = rows, c = features), rows sample-major
// (row b*steps + t); the token ids of a batch are an [batch, steps] tensor of exact small integers.
#pragma once

#include "workloads/train/module.h"

namespace vpsim {

// y[b*T + t] = table[token(b, t)] (+ position[t]). The gradient is dense over the table (rows of
// tokens not in the batch get 0), accumulated in row order: deterministic.
class Embedding : public Module {
 public:
  // positions > 0: a learned position table of that many rows (the Transformer's). Init U(-r, r).
  Embedding(std::string name, int64_t vocab, int64_t dim, int64_t positions, double init_range, Rng& rng);
  void forward(const Tensor& tokens, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;

  std::string name;
  Tensor table, table_grad, position, position_grad;

 private:
  std::vector<int32_t> ids_;
  int steps_ = 0;
};

// Normalizes each row over its features: y = gamma * (x - mean) / sqrt(var + 1e-5) + beta.
class LayerNorm : public Module {
 public:
  LayerNorm(std::string name, int64_t dim);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;

  std::string name;
  Tensor gamma, beta, gamma_grad, beta_grad;
  float eps = 1e-5f;

 private:
  Tensor x_norm_;
  std::vector<float> inv_std_;
};

// Inverted dropout in training (kept values scaled by 1/(1-p)), identity in evaluation. The mask
// is a counter-based draw from (seed, iteration, id): the same after a resume.
class Dropout : public Module {
 public:
  Dropout(double p, uint64_t id) : p_(static_cast<float>(p)), id_(id) {}
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  float p_;
  uint64_t id_;
  bool active_ = false;
  std::vector<float> mask_;  // 0 or 1/(1-p)
};

// GELU, tanh approximation (GPT-2): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
class Gelu : public Module {
 public:
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  const Tensor* x_ = nullptr;  // the caller's input, alive until backward
};

}  // namespace vpsim
