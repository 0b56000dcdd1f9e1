// ReLU6, Bias and Flatten (see simple_layers.h).
#include "workloads/train/simple_layers.h"

#include "workloads/train/parallel.h"

namespace vpsim {

void ReLU6::forward(const Tensor& x, Tensor& y, const StepContext&) {
  y.resize(x.n, x.c, x.h, x.w);
  const float* in = x.data();
  float* out = y.data();
  parallelFor(x.size(), [=](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) out[i] = in[i] < 0.0f ? 0.0f : (in[i] > 6.0f ? 6.0f : in[i]);
  });
  y_ = &y;
}

void ReLU6::backward(const Tensor& dy, Tensor& dx, bool) {
  dx.resize(dy.n, dy.c, dy.h, dy.w);
  const float* y = y_->data();
  const float* g = dy.data();
  float* d = dx.data();
  parallelFor(dy.size(), [=](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) d[i] = (y[i] > 0.0f && y[i] < 6.0f) ? g[i] : 0.0f;
  });
}

Bias::Bias(std::string name, int channels) : name_(std::move(name)) {
  bias.resize(1, channels, 1, 1), bias_grad.resize(1, channels, 1, 1);
}

void Bias::forward(const Tensor& x, Tensor& y, const StepContext&) {
  y.resize(x.n, x.c, x.h, x.w);
  const int64_t hw = static_cast<int64_t>(x.h) * x.w;
  parallelFor(static_cast<int64_t>(x.n) * x.c, [&](int, int64_t b, int64_t e) {
    for (int64_t nc = b; nc < e; ++nc) {
      const float add = bias.v[nc % x.c];
      for (int64_t i = 0; i < hw; ++i) y.v[nc * hw + i] = x.v[nc * hw + i] + add;
    }
  });
}

void Bias::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int64_t hw = static_cast<int64_t>(dy.h) * dy.w;
  parallelFor(dy.c, [&](int, int64_t cb, int64_t ce) {  // per channel, samples in order: deterministic
    for (int64_t c = cb; c < ce; ++c) {
      double s = 0.0;
      for (int n = 0; n < dy.n; ++n)
        for (int64_t i = 0; i < hw; ++i) s += dy.v[(n * dy.c + c) * hw + i];
      bias_grad.v[c] = static_cast<float>(s);
    }
  });
  if (need_dx) dx = dy;
}

void Flatten::forward(const Tensor& x, Tensor& y, const StepContext&) {
  c_ = x.c, h_ = x.h, w_ = x.w;
  y = x;
  y.c = x.c * x.h * x.w, y.h = y.w = 1;
}

void Flatten::backward(const Tensor& dy, Tensor& dx, bool) {
  dx = dy;
  dx.c = c_, dx.h = h_, dx.w = w_;
}

}  // namespace vpsim
