// SGD with momentum and weight decay (PyTorch's formulation: v = mu*v + (g + wd*w); w -= lr*v) and
// the learning-rate schedules of the recipe: step decay at given iterations, cosine, linear warm-up.
#pragma once

#include <string>
#include <vector>

#include "workloads/train/module.h"

namespace vpsim {

struct LrSchedule {
  std::string kind = "step";  // step | cosine | constant
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

// Adam with decoupled weight decay (AdamW, as fairseq's transformer_lm trains): m = b1 m + (1-b1) g,
// v = b2 v + (1-b2) g^2, w -= lr (m/(1-b1^t) / (sqrt(v/(1-b2^t)) + eps) + wd w), t = iteration + 1.
struct AdamConfig {
  bool enabled = false;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

// The optimizer: SGD with momentum, or Adam when `adam.enabled` (the class keeps its name).
class Sgd {
 public:
  Sgd(std::vector<Param> params, double momentum, double weight_decay, AdamConfig adam = {});
  void step(double lr, int64_t iter = 0);  // iter: Adam's bias correction
  // Checkpointed state: the momentum buffers (Adam: first moments, then second moments).
  std::vector<Tensor>& velocity() { return velocity_; }

 private:
  void adamStep(double lr, int64_t iter);
  std::vector<Param> params_;
  std::vector<Tensor> velocity_;
  double momentum_, weight_decay_;
  AdamConfig adam_;
};

}  // namespace vpsim
