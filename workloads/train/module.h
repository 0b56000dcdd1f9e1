// Module: the interface every trainer layer implements, llm.c style: forward caches what backward
// needs, backward turns dL/dy into dL/dx and writes (overwrites) the parameter gradients.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/train/tensor.h"

namespace vpsim {

// A trainable tensor and its gradient. decay: weight decay applies (all parameters in the recipe).
struct Param {
  std::string name;
  Tensor* value = nullptr;
  Tensor* grad = nullptr;
  bool decay = true;
};

// What a layer needs to know about the current step.
struct StepContext {
  bool train = true;
  int64_t iter = 0;  // training iteration: keys stochastic rounding noise
  uint64_t seed = 0;
  bool stream_start = false;  // language models: the batch starts new token streams (reset carried state)
};

class GemmLayer;

// Non-trainable state saved in checkpoints (BatchNorm running stats, activation EMAs).
struct BufferRef {
  float* data = nullptr;
  int64_t n = 0;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual void forward(const Tensor& x, Tensor& y, const StepContext& ctx) = 0;
  // need_dx = false skips the input gradient (the first layer: nobody needs dL/d(image)).
  virtual void backward(const Tensor& dy, Tensor& dx, bool need_dx) = 0;
  virtual void params(std::vector<Param>& out) {}
  virtual void buffers(std::vector<BufferRef>& out) {}
  virtual void gemmLayers(std::vector<GemmLayer*>& out) {}  // in zoo order
};

}  // namespace vpsim
