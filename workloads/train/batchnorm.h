// BatchNorm2d (plain BN, FP32 as in the reference codes): batch statistics in training with
// running averages (momentum 0.1, unbiased running variance, as PyTorch) for evaluation.
#pragma once

#include "workloads/train/module.h"

namespace vpsim {

class BatchNorm2d : public Module {
 public:
  BatchNorm2d(std::string name, int channels);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void buffers(std::vector<BufferRef>& out) override;

  std::string name;
  Tensor gamma, beta, gamma_grad, beta_grad;  // [1, C, 1, 1]
  std::vector<float> running_mean, running_var;
  float eps = 1e-5f, momentum = 0.1f;

 private:
  Tensor x_norm_;               // normalized input, kept for backward
  std::vector<float> inv_std_;  // per channel
};

}  // namespace vpsim
