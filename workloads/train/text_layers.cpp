// Embedding, layer norm, dropout and GELU forward/backward (see text_layers.h).
#include "workloads/train/text_layers.h"

#include <cmath>

#include "traces/input_error.h"
#include "workloads/train/parallel.h"

namespace vpsim {

Embedding::Embedding(std::string n, int64_t vocab, int64_t dim, int64_t positions, double r, Rng& rng)
    : name(std::move(n)) {
  table.resize(static_cast<int>(vocab), static_cast<int>(dim), 1, 1);
  for (float& v : table.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * r);
  if (positions > 0) {
    position.resize(static_cast<int>(positions), static_cast<int>(dim), 1, 1);
    for (float& v : position.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * r);
  }
}

void Embedding::params(std::vector<Param>& out) {
  out.push_back({name + ".weight", &table, &table_grad});
  if (position.size() > 0) out.push_back({name + ".position", &position, &position_grad});
}

void Embedding::forward(const Tensor& tokens, Tensor& y, const StepContext&) {
  const int64_t D = table.c, V = table.n;
  steps_ = tokens.c;
  if (position.size() > 0 && steps_ > position.n)
    throw InputError("sequence of " + std::to_string(steps_) + " tokens is longer than the model's context (" +
                     std::to_string(position.n) + ")");
  ids_.resize(static_cast<size_t>(tokens.size()));
  for (int64_t i = 0; i < tokens.size(); ++i) {
    ids_[i] = static_cast<int32_t>(tokens.v[i]);
    if (ids_[i] < 0 || ids_[i] >= V)
      throw InputError("token id " + std::to_string(ids_[i]) + " outside the vocabulary");
  }
  y.resize(static_cast<int>(tokens.size()), static_cast<int>(D), 1, 1);
  parallelFor(tokens.size(), [&](int, int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      const float* src = table.data() + int64_t(ids_[r]) * D;
      const float* pos = position.size() > 0 ? position.data() + (r % steps_) * D : nullptr;
      float* dst = y.data() + r * D;
      for (int64_t d = 0; d < D; ++d) dst[d] = src[d] + (pos ? pos[d] : 0.0f);
    }
  });
}

void Embedding::backward(const Tensor& dy, Tensor&, bool) {
  const int64_t D = table.c;
  table_grad.resize(table.n, table.c, 1, 1), table_grad.zero();
  // Columns are independent: threads split the features, each row is added in token order.
  parallelFor(D, [&](int, int64_t b, int64_t e) {
    for (size_t r = 0; r < ids_.size(); ++r) {
      float* g = table_grad.data() + int64_t(ids_[r]) * D;
      const float* d = dy.data() + int64_t(r) * D;
      for (int64_t k = b; k < e; ++k) g[k] += d[k];
    }
  });
  if (position.size() == 0) return;
  position_grad.resize(position.n, position.c, 1, 1), position_grad.zero();
  for (size_t r = 0; r < ids_.size(); ++r) {
    float* g = position_grad.data() + int64_t(r % steps_) * D;
    const float* d = dy.data() + int64_t(r) * D;
    for (int64_t k = 0; k < D; ++k) g[k] += d[k];
  }
}

LayerNorm::LayerNorm(std::string n, int64_t dim) : name(std::move(n)) {
  gamma.resize(1, static_cast<int>(dim), 1, 1), beta.resize(1, static_cast<int>(dim), 1, 1);
  std::fill(gamma.v.begin(), gamma.v.end(), 1.0f);
}

void LayerNorm::params(std::vector<Param>& out) {
  out.push_back({name + ".weight", &gamma, &gamma_grad});
  out.push_back({name + ".bias", &beta, &beta_grad});
}

void LayerNorm::forward(const Tensor& x, Tensor& y, const StepContext&) {
  const int64_t D = x.c;
  y.resize(x.n, x.c, 1, 1), x_norm_.resize(x.n, x.c, 1, 1);
  inv_std_.assign(static_cast<size_t>(x.n), 0.0f);
  parallelFor(x.n, [&](int, int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      const float* p = x.data() + r * D;
      double s = 0.0, ss = 0.0;
      for (int64_t d = 0; d < D; ++d) s += p[d], ss += double(p[d]) * p[d];
      const double mean = s / D, var = std::max(0.0, ss / D - mean * mean);
      const float inv = static_cast<float>(1.0 / std::sqrt(var + eps)), m = static_cast<float>(mean);
      inv_std_[r] = inv;
      float* xn = x_norm_.data() + r * D;
      float* q = y.data() + r * D;
      for (int64_t d = 0; d < D; ++d) xn[d] = (p[d] - m) * inv, q[d] = gamma.v[d] * xn[d] + beta.v[d];
    }
  });
}

void LayerNorm::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int64_t D = dy.c;
  gamma_grad.resize(1, static_cast<int>(D), 1, 1), beta_grad.resize(1, static_cast<int>(D), 1, 1);
  gamma_grad.zero(), beta_grad.zero();
  for (int64_t r = 0; r < dy.n; ++r)  // row order: deterministic sums
    for (int64_t d = 0; d < D; ++d) {
      const float g = dy.v[r * D + d];
      gamma_grad.v[d] += g * x_norm_.v[r * D + d], beta_grad.v[d] += g;
    }
  if (!need_dx) return;
  dx.resize(dy.n, dy.c, 1, 1);
  parallelFor(dy.n, [&](int, int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      // dx = inv_std * (gy - mean(gy) - x_norm * mean(gy * x_norm)), gy = gamma * dy
      double s = 0.0, sx = 0.0;
      for (int64_t d = 0; d < D; ++d) {
        const double gy = double(gamma.v[d]) * dy.v[r * D + d];
        s += gy, sx += gy * x_norm_.v[r * D + d];
      }
      const float m = static_cast<float>(s / D), mx = static_cast<float>(sx / D);
      for (int64_t d = 0; d < D; ++d)
        dx.v[r * D + d] = inv_std_[r] * (gamma.v[d] * dy.v[r * D + d] - m - x_norm_.v[r * D + d] * mx);
    }
  });
}

void Dropout::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  y.resize(x.n, x.c, x.h, x.w);
  active_ = ctx.train && p_ > 0.0f;
  if (!active_) {
    y.v = x.v;
    return;
  }
  const uint64_t key = streamKey(ctx.seed, static_cast<uint64_t>(ctx.iter), id_, 0xD80);
  const float keep = 1.0f / (1.0f - p_);
  mask_.resize(static_cast<size_t>(x.size()));
  parallelFor(x.size(), [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      mask_[i] = uniformAt(key, static_cast<uint64_t>(i)) < p_ ? 0.0f : keep;
      y.v[i] = x.v[i] * mask_[i];
    }
  });
}

void Dropout::backward(const Tensor& dy, Tensor& dx, bool) {
  dx.resize(dy.n, dy.c, dy.h, dy.w);
  if (!active_) {
    dx.v = dy.v;
    return;
  }
  for (int64_t i = 0; i < dy.size(); ++i) dx.v[i] = dy.v[i] * mask_[i];
}

namespace {
constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2 / pi)
}

void Gelu::forward(const Tensor& x, Tensor& y, const StepContext&) {
  x_ = &x;
  y.resize(x.n, x.c, x.h, x.w);
  parallelFor(x.size(), [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const float v = x.v[i];
      y.v[i] = 0.5f * v * (1.0f + std::tanh(kGeluC * (v + 0.044715f * v * v * v)));
    }
  });
}

void Gelu::backward(const Tensor& dy, Tensor& dx, bool) {
  dx.resize(dy.n, dy.c, dy.h, dy.w);
  parallelFor(dy.size(), [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const float v = x_->v[i], t = std::tanh(kGeluC * (v + 0.044715f * v * v * v));
      const float dt = (1.0f - t * t) * kGeluC * (1.0f + 3.0f * 0.044715f * v * v);
      dx.v[i] = dy.v[i] * (0.5f * (1.0f + t) + 0.5f * v * dt);
    }
  });
}

}  // namespace vpsim
