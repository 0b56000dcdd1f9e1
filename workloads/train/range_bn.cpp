// RangeBatchNorm2d forward/backward (see range_bn.h). Channels are split across threads; each
// channel's sums and extremes are found in a fixed order (double accumulators).
#include "workloads/train/range_bn.h"

#include <cmath>

#include "workloads/train/parallel.h"

namespace vpsim {

double rangeBnConstant(int64_t n) { return 1.0 / (2.0 * std::sqrt(2.0 * std::log(static_cast<double>(n)))); }

RangeBatchNorm2d::RangeBatchNorm2d(std::string n, int channels)
    : name(std::move(n)), running_mean(channels, 0.0f), running_sigma(channels, 1.0f) {
  gamma.resize(1, channels, 1, 1), beta.resize(1, channels, 1, 1);
  gamma_grad.resize(1, channels, 1, 1), beta_grad.resize(1, channels, 1, 1);
  std::fill(gamma.v.begin(), gamma.v.end(), 1.0f);
}

void RangeBatchNorm2d::params(std::vector<Param>& out) {
  out.push_back({name + ".weight", &gamma, &gamma_grad});
  out.push_back({name + ".bias", &beta, &beta_grad});
}

void RangeBatchNorm2d::buffers(std::vector<BufferRef>& out) {
  out.push_back({running_mean.data(), static_cast<int64_t>(running_mean.size())});
  out.push_back({running_sigma.data(), static_cast<int64_t>(running_sigma.size())});
}

void RangeBatchNorm2d::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  const int C = x.c;
  const int64_t hw = static_cast<int64_t>(x.h) * x.w, count = hw * x.n;
  y.resize(x.n, x.c, x.h, x.w), x_norm_.resize(x.n, x.c, x.h, x.w);
  s_.assign(C, 0.0f), argmax_.assign(C, 0), argmin_.assign(C, 0);
  c_n_ = static_cast<float>(rangeBnConstant(std::max<int64_t>(2, count)));
  parallelFor(C, [&](int, int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      double mean = running_mean[c], sigma = running_sigma[c];
      if (ctx.train) {
        double sum = 0.0;
        int64_t imax = c * hw, imin = c * hw;
        for (int n = 0; n < x.n; ++n)
          for (int64_t i = 0, base = (n * C + c) * hw; i < hw; ++i) {
            const float v = x.v[base + i];
            sum += v;
            if (v > x.v[imax]) imax = base + i;
            if (v < x.v[imin]) imin = base + i;
          }
        mean = sum / static_cast<double>(count);
        sigma = c_n_ * (double(x.v[imax]) - x.v[imin]);
        argmax_[c] = imax, argmin_[c] = imin;
        running_mean[c] = static_cast<float>((1 - momentum) * running_mean[c] + momentum * mean);
        running_sigma[c] = static_cast<float>((1 - momentum) * running_sigma[c] + momentum * sigma);
      }
      const float s = static_cast<float>(1.0 / (sigma + eps)), m = static_cast<float>(mean);
      s_[c] = s;
      for (int n = 0; n < x.n; ++n)
        for (int64_t i = 0, base = (n * C + c) * hw; i < hw; ++i) {
          const float xn = (x.v[base + i] - m) * s;
          x_norm_.v[base + i] = xn, y.v[base + i] = gamma.v[c] * xn + beta.v[c];
        }
    }
  });
}

// With A = sum(dy * (x - mean)) = sum(dy * x_norm) / s:
//   dx_i = gamma * s * (dy_i - mean(dy)) - gamma * A * s^2 * C(n) * ([i = argmax] - [i = argmin]).
void RangeBatchNorm2d::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int C = dy.c;
  const int64_t hw = static_cast<int64_t>(dy.h) * dy.w;
  const double count = static_cast<double>(hw * dy.n);
  if (need_dx) dx.resize(dy.n, dy.c, dy.h, dy.w);
  parallelFor(C, [&](int, int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      double sdy = 0.0, sdyx = 0.0;
      for (int n = 0; n < dy.n; ++n)
        for (int64_t i = 0, base = (n * C + c) * hw; i < hw; ++i)
          sdy += dy.v[base + i], sdyx += double(dy.v[base + i]) * x_norm_.v[base + i];
      gamma_grad.v[c] = static_cast<float>(sdyx);
      beta_grad.v[c] = static_cast<float>(sdy);
      if (!need_dx) continue;
      const float k = gamma.v[c] * s_[c], mdy = static_cast<float>(sdy / count);
      for (int n = 0; n < dy.n; ++n)
        for (int64_t i = 0, base = (n * C + c) * hw; i < hw; ++i) dx.v[base + i] = k * (dy.v[base + i] - mdy);
      const float extreme = static_cast<float>(gamma.v[c] * sdyx * s_[c] * c_n_);  // gamma * A * s^2 * C(n)
      dx.v[argmax_[c]] -= extreme;
      dx.v[argmin_[c]] += extreme;
    }
  });
}

}  // namespace vpsim
