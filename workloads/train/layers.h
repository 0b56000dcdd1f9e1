// The GEMM-free layers: ReLU, max and average pooling (average pooling with kernel = input size is
// the global pool), and the fully connected layer (FP32, with bias, as in the reference codes).
// Residual adds live in the blocks that own them (network.cpp): forward sums, backward copies.
#pragma once

#include "workloads/train/gemm_layer.h"
#include "workloads/train/module.h"

namespace vpsim {

class ReLU : public Module {
 public:
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  const Tensor* y_ = nullptr;  // the caller's output (kept alive until backward): its sign is the mask
};

// pad: implicit -infinity border (the ImageNet ResNets' 3x3 stride-2 pad-1 pool).
class MaxPool2d : public Module {
 public:
  MaxPool2d(int kernel, int stride, int pad = 0) : k_(kernel), s_(stride), p_(pad) {}
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  int k_, s_, p_;
  std::vector<int32_t> argmax_;  // input offset (within the sample) of each output's maximum
  int in_n_ = 0, in_c_ = 0, in_h_ = 0, in_w_ = 0;
};

// kernel = 0: global average pooling (kernel = the input's size).
class AvgPool2d : public Module {
 public:
  AvgPool2d(int kernel, int stride) : k_(kernel), s_(stride) {}
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;

 private:
  int k_, s_, kk_ = 0, ss_ = 0;
  int in_n_ = 0, in_c_ = 0, in_h_ = 0, in_w_ = 0;
};

class Linear : public Module, public GemmLayer {
 public:
  Linear(const LayerOp& op, Rng& init_rng);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void gemmLayers(std::vector<GemmLayer*>& out) override { out.push_back(this); }

  Tensor weight, weight_grad, bias, bias_grad;  // weight [out, in]

 private:
  Tensor x_;
};

// Mean softmax cross-entropy over the batch; returns the loss and writes dL/dlogits.
// Counts correct top-1 predictions into *correct when given.
double softmaxCrossEntropy(const Tensor& logits, const std::vector<int>& labels, Tensor* dlogits, int* correct);

}  // namespace vpsim
