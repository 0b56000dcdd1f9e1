// SGD with momentum and weight decay (PyTorch's formulation: v = mu*v + (g + wd*w); w -= lr*v) and
// the learning-rate schedules of the recipe: step decay at given iterations, cosine, linear warm-up.
#pragma once

#include <string>
#include <vector>

#include "workloads/train/module.h"

namespace vpsim {

struct LrSchedule {
  std::string kind = "step";       // step | cosine | constant
  double base_lr = 0.1;
  std::vector<int64_t> milestones;  // step: multiply by gamma at each of these iterations
  double gamma = 0.1;
  int64_t warmup = 0;  // iterations of linear warm-up from base_lr/warmup to base_lr
  int64_t total = 1;   // iterations (cosine decays to 0 at `total`)
  double at(int64_t iter) const;
};

// Scales every gradient by max_norm / norm when the global L2 norm of all of them exceeds max_norm
// (PyTorch's clip_grad_norm_; the PTB recipes clip at 0.25..5). Returns the norm before clipping.
double clipGradNorm(const std::vector<Param>& params, double max_norm);

class Sgd {
 public:
  Sgd(std::vector<Param> params, double momentum, double weight_decay);
  void step(double lr);
  std::vector<Tensor>& velocity() { return velocity_; }  // checkpointed

 private:
  std::vector<Param> params_;
  std::vector<Tensor> velocity_;
  double momentum_, weight_decay_;
};

}  // namespace vpsim
