// BatchNorm2d forward/backward (see batchnorm.h). Channels are independent, so they are split
// across threads; each channel's sums run in a fixed order (double accumulators).
#include "workloads/train/batchnorm.h"

#include <cmath>

#include "workloads/train/parallel.h"

namespace vpsim {

BatchNorm2d::BatchNorm2d(std::string n, int channels)
    : name(std::move(n)), running_mean(channels, 0.0f), running_var(channels, 1.0f) {
  gamma.resize(1, channels, 1, 1), beta.resize(1, channels, 1, 1);
  gamma_grad.resize(1, channels, 1, 1), beta_grad.resize(1, channels, 1, 1);
  std::fill(gamma.v.begin(), gamma.v.end(), 1.0f);
}

void BatchNorm2d::params(std::vector<Param>& out) {
  out.push_back({name + ".weight", &gamma, &gamma_grad});
  out.push_back({name + ".bias", &beta, &beta_grad});
}

void BatchNorm2d::buffers(std::vector<BufferRef>& out) {
  out.push_back({running_mean.data(), static_cast<int64_t>(running_mean.size())});
  out.push_back({running_var.data(), static_cast<int64_t>(running_var.size())});
}

void BatchNorm2d::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  const int C = x.c;
  const int64_t hw = static_cast<int64_t>(x.h) * x.w, count = hw * x.n;
  y.resize(x.n, x.c, x.h, x.w);
  x_norm_.resize(x.n, x.c, x.h, x.w);
  inv_std_.assign(C, 0.0f);
  parallelFor(C, [&](int, int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      double mean = running_mean[c], var = running_var[c];
      if (ctx.train) {
        double s = 0.0, ss = 0.0;
        for (int n = 0; n < x.n; ++n) {
          const float* p = x.sample(n) + c * hw;
          for (int64_t i = 0; i < hw; ++i) s += p[i], ss += double(p[i]) * p[i];
        }
        mean = s / count;
        var = std::max(0.0, ss / count - mean * mean);  // biased variance normalizes the batch
        const double unbiased = count > 1 ? var * count / (count - 1) : var;
        running_mean[c] = static_cast<float>((1 - momentum) * running_mean[c] + momentum * mean);
        running_var[c] = static_cast<float>((1 - momentum) * running_var[c] + momentum * unbiased);
      }
      const float inv = static_cast<float>(1.0 / std::sqrt(var + eps)), m = static_cast<float>(mean);
      inv_std_[c] = inv;
      for (int n = 0; n < x.n; ++n) {
        const float* p = x.sample(n) + c * hw;
        float* xn = x_norm_.sample(n) + c * hw;
        float* q = y.sample(n) + c * hw;
        for (int64_t i = 0; i < hw; ++i) xn[i] = (p[i] - m) * inv, q[i] = gamma.v[c] * xn[i] + beta.v[c];
      }
    }
  });
}

void BatchNorm2d::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int C = dy.c;
  const int64_t hw = static_cast<int64_t>(dy.h) * dy.w;
  const double count = static_cast<double>(hw * dy.n);
  if (need_dx) dx.resize(dy.n, dy.c, dy.h, dy.w);
  parallelFor(C, [&](int, int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      double sdy = 0.0, sdyx = 0.0;  // sum(dy), sum(dy * x_norm)
      for (int n = 0; n < dy.n; ++n) {
        const float* g = dy.sample(n) + c * hw;
        const float* xn = x_norm_.sample(n) + c * hw;
        for (int64_t i = 0; i < hw; ++i) sdy += g[i], sdyx += double(g[i]) * xn[i];
      }
      gamma_grad.v[c] = static_cast<float>(sdyx);
      beta_grad.v[c] = static_cast<float>(sdy);
      if (!need_dx) continue;
      // dx = gamma*inv_std * (dy - mean(dy) - x_norm * mean(dy*x_norm))
      const float k = gamma.v[c] * inv_std_[c], mdy = static_cast<float>(sdy / count);
      const float mdyx = static_cast<float>(sdyx / count);
      for (int n = 0; n < dy.n; ++n) {
        const float* g = dy.sample(n) + c * hw;
        const float* xn = x_norm_.sample(n) + c * hw;
        float* d = dx.sample(n) + c * hw;
        for (int64_t i = 0; i < hw; ++i) d[i] = k * (g[i] - mdy - xn[i] * mdyx);
      }
    }
  });
}

}  // namespace vpsim
