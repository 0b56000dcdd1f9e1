// ReLU, pooling, fully connected layer and the loss (see layers.h).
#include "workloads/train/layers.h"

#include <cmath>
#include <limits>

#include "workloads/train/gemm.h"
#include "workloads/train/parallel.h"

namespace vpsim {

void ReLU::forward(const Tensor& x, Tensor& y, const StepContext&) {
  y.resize(x.n, x.c, x.h, x.w);
  parallelFor(x.size(), [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) y.v[i] = x.v[i] > 0.0f ? x.v[i] : 0.0f;
  });
  y_ = &y;
}

void ReLU::backward(const Tensor& dy, Tensor& dx, bool) {
  dx.resize(dy.n, dy.c, dy.h, dy.w);
  const float* y = y_->data();
  const float* g = dy.data();
  float* d = dx.data();
  parallelFor(dy.size(), [=](int, int64_t b, int64_t e) {
    // Both values loaded unconditionally, so the compiler emits a vector blend: a branch here
    // would mispredict on half the elements.
    for (int64_t i = b; i < e; ++i) {
      const float gv = g[i], keep = y[i] > 0.0f ? 1.0f : 0.0f;
      d[i] = keep != 0.0f ? gv : 0.0f;
    }
  });
}

void MaxPool2d::forward(const Tensor& x, Tensor& y, const StepContext&) {
  in_n_ = x.n, in_c_ = x.c, in_h_ = x.h, in_w_ = x.w;
  const int oh = (x.h + 2 * p_ - k_) / s_ + 1, ow = (x.w + 2 * p_ - k_) / s_ + 1;
  y.resize(x.n, x.c, oh, ow);
  argmax_.assign(y.size(), 0);
  parallelFor(static_cast<int64_t>(x.n) * x.c, [&](int, int64_t b, int64_t e) {
    for (int64_t nc = b; nc < e; ++nc) {
      const float* in = x.data() + nc * x.h * x.w;
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          float best = -std::numeric_limits<float>::infinity();
          int arg = 0;
          for (int ky = 0; ky < k_; ++ky)
            for (int kx = 0; kx < k_; ++kx) {
              const int iy = oy * s_ - p_ + ky, ix = ox * s_ - p_ + kx;
              if (iy < 0 || iy >= x.h || ix < 0 || ix >= x.w) continue;  // the -infinity border
              const int off = iy * x.w + ix;
              if (in[off] > best) best = in[off], arg = off;  // first maximum wins ties
            }
          const int64_t o = nc * oh * ow + oy * ow + ox;
          y.v[o] = best;
          argmax_[o] = arg;
        }
    }
  });
}

void MaxPool2d::backward(const Tensor& dy, Tensor& dx, bool) {
  dx.resize(in_n_, in_c_, in_h_, in_w_);
  dx.zero();
  const int64_t per_out = static_cast<int64_t>(dy.h) * dy.w, per_in = static_cast<int64_t>(in_h_) * in_w_;
  parallelFor(static_cast<int64_t>(dy.n) * dy.c, [&](int, int64_t b, int64_t e) {
    for (int64_t nc = b; nc < e; ++nc)
      for (int64_t i = 0; i < per_out; ++i) dx.v[nc * per_in + argmax_[nc * per_out + i]] += dy.v[nc * per_out + i];
  });
}

void AvgPool2d::forward(const Tensor& x, Tensor& y, const StepContext&) {
  in_n_ = x.n, in_c_ = x.c, in_h_ = x.h, in_w_ = x.w;
  kk_ = k_ == 0 ? x.h : k_;
  ss_ = k_ == 0 ? 1 : s_;
  const int oh = (x.h - kk_) / ss_ + 1, ow = (x.w - (k_ == 0 ? x.w : kk_)) / ss_ + 1;
  const int kw = k_ == 0 ? x.w : kk_;
  y.resize(x.n, x.c, oh, ow);
  const float inv = 1.0f / static_cast<float>(kk_ * kw);
  parallelFor(static_cast<int64_t>(x.n) * x.c, [&](int, int64_t b, int64_t e) {
    for (int64_t nc = b; nc < e; ++nc)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          float s = 0.0f;
          for (int ky = 0; ky < kk_; ++ky)
            for (int kx = 0; kx < kw; ++kx) s += x.v[nc * x.h * x.w + (oy * ss_ + ky) * x.w + ox * ss_ + kx];
          y.v[nc * oh * ow + oy * ow + ox] = s * inv;
        }
  });
}

void AvgPool2d::backward(const Tensor& dy, Tensor& dx, bool) {
  dx.resize(in_n_, in_c_, in_h_, in_w_);
  dx.zero();
  const int kw = k_ == 0 ? in_w_ : kk_;
  const float inv = 1.0f / static_cast<float>(kk_ * kw);
  parallelFor(static_cast<int64_t>(dy.n) * dy.c, [&](int, int64_t b, int64_t e) {
    for (int64_t nc = b; nc < e; ++nc)
      for (int oy = 0; oy < dy.h; ++oy)
        for (int ox = 0; ox < dy.w; ++ox) {
          const float g = dy.v[nc * dy.h * dy.w + oy * dy.w + ox] * inv;
          for (int ky = 0; ky < kk_; ++ky)
            for (int kx = 0; kx < kw; ++kx) dx.v[nc * in_h_ * in_w_ + (oy * ss_ + ky) * in_w_ + ox * ss_ + kx] += g;
        }
  });
}

Linear::Linear(const LayerOp& o, Rng& rng) {
  op = o;
  const int in = static_cast<int>(op.in_c), out = static_cast<int>(op.out_c);
  weight.resize(out, in, 1, 1), weight_grad.resize(out, in, 1, 1);
  bias.resize(1, out, 1, 1), bias_grad.resize(1, out, 1, 1);
  const double bound = 1.0 / std::sqrt(static_cast<double>(in));  // PyTorch's default Linear init
  for (float& v : weight.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
  for (float& v : bias.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
}

void Linear::params(std::vector<Param>& out) {
  out.push_back({op.name + ".weight", &weight, &weight_grad});
  out.push_back({op.name + ".bias", &bias, &bias_grad});
}

void Linear::forward(const Tensor& x, Tensor& y, const StepContext&) {
  x_ = x;
  const int in = static_cast<int>(op.in_c), out = static_cast<int>(op.out_c);
  y.resize(x.n, out, 1, 1);
  gemm(false, true, x.n, out, in, x.data(), weight.data(), y.data(), false);  // y = x W^T
  for (int n = 0; n < x.n; ++n)
    for (int o = 0; o < out; ++o) y.v[n * out + o] += bias.v[o];
}

void Linear::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int in = static_cast<int>(op.in_c), out = static_cast<int>(op.out_c);
  gemm(true, false, out, in, dy.n, dy.data(), x_.data(), weight_grad.data(), false);  // dW = dy^T x
  bias_grad.zero();
  for (int n = 0; n < dy.n; ++n)
    for (int o = 0; o < out; ++o) bias_grad.v[o] += dy.v[n * out + o];
  if (!need_dx) return;
  dx.resize(x_.n, x_.c, x_.h, x_.w);
  gemm(false, false, dy.n, in, out, dy.data(), weight.data(), dx.data(), false);  // dx = dy W
}

double softmaxCrossEntropy(const Tensor& logits, const std::vector<int>& labels, Tensor* dlogits, int* correct) {
  const int N = logits.n, K = logits.c;
  if (dlogits) dlogits->resize(N, K, 1, 1);
  double loss = 0.0;
  int right = 0;
  for (int n = 0; n < N; ++n) {
    const float* z = logits.sample(n);
    int arg = 0;
    for (int k = 1; k < K; ++k)
      if (z[k] > z[arg]) arg = k;
    right += arg == labels[n];
    double sum = 0.0;
    for (int k = 0; k < K; ++k) sum += std::exp(double(z[k]) - z[arg]);  // shift by the max: no overflow
    loss += std::log(sum) - (double(z[labels[n]]) - z[arg]);
    if (!dlogits) continue;
    for (int k = 0; k < K; ++k) {
      const double p = std::exp(double(z[k]) - z[arg]) / sum;
      dlogits->sample(n)[k] = static_cast<float>((p - (k == labels[n] ? 1.0 : 0.0)) / N);
    }
  }
  if (correct) *correct = right;
  return loss / N;
}

}  // namespace vpsim
