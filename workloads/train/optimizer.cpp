// SGD and learning-rate schedules (see optimizer.h).
#include "workloads/train/optimizer.h"

#include <cmath>

namespace vpsim {

double LrSchedule::at(int64_t iter) const {
  if (warmup > 0 && iter < warmup) return base_lr * static_cast<double>(iter + 1) / static_cast<double>(warmup);
  if (kind == "cosine") {
    const double t = static_cast<double>(iter - warmup) / static_cast<double>(std::max<int64_t>(1, total - warmup));
    return 0.5 * base_lr * (1.0 + std::cos(M_PI * std::min(1.0, t)));
  }
  double lr = base_lr;
  if (kind == "step")
    for (int64_t m : milestones)
      if (iter >= m) lr *= gamma;
  return lr;
}

double clipGradNorm(const std::vector<Param>& params, double max_norm) {
  double ss = 0.0;
  for (const auto& p : params)
    for (float g : p.grad->v) ss += double(g) * g;
  const double norm = std::sqrt(ss);
  if (norm > max_norm && norm > 0) {
    const auto k = static_cast<float>(max_norm / norm);
    for (const auto& p : params)
      for (float& g : p.grad->v) g *= k;
  }
  return norm;
}

Sgd::Sgd(std::vector<Param> params, double momentum, double weight_decay)
    : params_(std::move(params)), momentum_(momentum), weight_decay_(weight_decay) {
  for (const auto& p : params_) velocity_.emplace_back(p.value->n, p.value->c, p.value->h, p.value->w);
}

void Sgd::step(double lr) {
  const float mu = static_cast<float>(momentum_), lr_f = static_cast<float>(lr);
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor& w = *params_[i].value;
    const Tensor& g = *params_[i].grad;
    Tensor& v = velocity_[i];
    const float wd = params_[i].decay ? static_cast<float>(weight_decay_) : 0.0f;
    for (int64_t k = 0; k < w.size(); ++k) {
      v.v[k] = mu * v.v[k] + g.v[k] + wd * w.v[k];
      w.v[k] -= lr_f * v.v[k];
    }
  }
}

}  // namespace vpsim
