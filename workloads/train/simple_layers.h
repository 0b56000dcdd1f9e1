// Small GEMM-free layers of the networks beyond the ResNets: ReLU6 (MobileNetV2), a per-channel
// bias (the BN-free LeNet-5 and 6-layer CNN: Conv2d has none) and Flatten (NCHW -> [N, C*H*W, 1, 1]
// in front of a quantized fully connected layer, which runs as a Conv2d on a 1x1 map).
#pragma once

#include <string>

#include "workloads/train/module.h"

namespace vpsim {

// y = min(max(x, 0), 6); the gradient passes where 0 < x < 6.
class ReLU6 : public Module {
 public:
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  const Tensor* y_ = nullptr;  // the caller's output (alive until backward): 0 < y < 6 is the mask
};

// y[n, c, ...] = x[n, c, ...] + bias[c]; bias starts at 0 and takes weight decay like every parameter.
class Bias : public Module {
 public:
  Bias(std::string name, int channels);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override { out.push_back({name_ + ".bias", &bias, &bias_grad}); }

  Tensor bias, bias_grad;  // [1, C, 1, 1]

 private:
  std::string name_;
};

class Flatten : public Module {
 public:
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  int c_ = 0, h_ = 0, w_ = 0;
};

}  // namespace vpsim
