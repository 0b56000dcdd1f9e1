// RangeBatchNorm2d: the Range BN of the original SBM paper (Banner et al., "Scalable methods for
// 8-bit training of neural networks", 2018), which normalizes by the range of the centred batch
// instead of its standard deviation (no squares, friendlier to low precision). Per channel, over
// the n = N*H*W values of the batch:
//   y = gamma * (x - mean) * s + beta,   s = 1 / (C(n) * (max(x) - min(x)) + eps),
//   C(n) = 1 / (2 * sqrt(2 ln n)).
// The expected range of n Gaussian values is about 2 sigma sqrt(2 ln n), so C(n) * range estimates
// sigma. The paper writes C(n) = 1/sqrt(2 ln n); the extra 1/2 (which keeps the output at unit
// scale, like plain BN) is the correction its authors' code applies. The gradient flows through
// the mean and through the range's two extreme elements (the first maximum and minimum).
// Evaluation uses running averages (momentum 0.1) of the mean and of C(n) * range.
#pragma once

#include <string>

#include "workloads/train/module.h"

namespace vpsim {

class RangeBatchNorm2d : public Module {
 public:
  RangeBatchNorm2d(std::string name, int channels);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void buffers(std::vector<BufferRef>& out) override;

  std::string name;
  Tensor gamma, beta, gamma_grad, beta_grad;  // [1, C, 1, 1]
  std::vector<float> running_mean, running_sigma;
  float eps = 1e-5f, momentum = 0.1f;

 private:
  Tensor x_norm_;                         // (x - mean) * s, kept for backward
  std::vector<float> s_;                  // per channel
  std::vector<int64_t> argmax_, argmin_;  // per channel: flat index (n*C + c)*HW + i of the extremes
  float c_n_ = 0.0f;                      // C(n) of the last training batch
};

// C(n) above; n >= 2.
double rangeBnConstant(int64_t n);

}  // namespace vpsim
