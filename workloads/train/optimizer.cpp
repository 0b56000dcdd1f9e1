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

Sgd::Sgd(std::vector<Param> params, double momentum, double weight_decay, AdamConfig adam)
    : params_(std::move(params)), momentum_(momentum), weight_decay_(weight_decay), adam_(adam) {
  for (int copy = 0; copy < (adam.enabled ? 2 : 1); ++copy)
    for (const auto& p : params_) velocity_.emplace_back(p.value->n, p.value->c, p.value->h, p.value->w);
}

void Sgd::adamStep(double lr, int64_t iter) {
  const double t = static_cast<double>(iter + 1);
  const auto c1 = static_cast<float>(1.0 / (1.0 - std::pow(adam_.beta1, t)));
  const auto c2 = static_cast<float>(1.0 / (1.0 - std::pow(adam_.beta2, t)));
  const auto b1 = static_cast<float>(adam_.beta1), b2 = static_cast<float>(adam_.beta2);
  const auto eps = static_cast<float>(adam_.eps), lr_f = static_cast<float>(lr);
  const size_t n = params_.size();
  for (size_t i = 0; i < n; ++i) {
    Tensor& w = *params_[i].value;
    const Tensor& g = *params_[i].grad;
    Tensor &m = velocity_[i], &v = velocity_[n + i];
    const float wd = params_[i].decay ? static_cast<float>(weight_decay_) : 0.0f;
    for (int64_t k = 0; k < w.size(); ++k) {
      m.v[k] = b1 * m.v[k] + (1.0f - b1) * g.v[k];
      v.v[k] = b2 * v.v[k] + (1.0f - b2) * g.v[k] * g.v[k];
      w.v[k] -= lr_f * (m.v[k] * c1 / (std::sqrt(v.v[k] * c2) + eps) + wd * w.v[k]);
    }
  }
}

void Sgd::step(double lr, int64_t iter) {
  if (adam_.enabled) return adamStep(lr, iter);
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
