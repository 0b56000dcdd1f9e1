// CausalAttention forward/backward (see attention.h). Heads of all sequences are independent: each
// (sequence, head) pair runs on one thread with single-threaded GEMMs, so results do not depend on
// the thread count. Per-tensor grids are computed over all pairs before the pair loop.
#include "workloads/train/attention.h"

#include <cmath>
#include <limits>

#include "workloads/train/gemm.h"
#include "workloads/train/operand_quant.h"
#include "workloads/train/parallel.h"
#include "workloads/train/token_linear.h"

namespace vpsim {

CausalAttention::CausalAttention(const std::string& prefix, int64_t steps, int64_t dim, int64_t heads)
    : T_(steps), D_(dim), H_(heads), dh_(dim / heads) {
  scores.op = matmulOp(prefix + "attn_scores", steps, heads * dh_, heads * steps, heads);
  context.op = matmulOp(prefix + "attn_context", steps, heads * steps, heads * dh_, heads);
}

void CausalAttention::buffers(std::vector<BufferRef>& out) {
  out.push_back({&q_quant.run_lo, 2});
  out.push_back({&a_quant.run_lo, 2});
}

void CausalAttention::gather(const Tensor& qkv) {
  B_ = qkv.n / T_;
  const size_t n = static_cast<size_t>(B_ * D_ * T_);
  q_.resize(n), k_.resize(n), v_.resize(n);
  for (int64_t b = 0; b < B_; ++b)
    for (int64_t t = 0; t < T_; ++t) {
      const float* row = qkv.data() + (b * T_ + t) * 3 * D_;
      for (int64_t h = 0; h < H_; ++h) {
        const int64_t dst = ((b * H_ + h) * T_ + t) * dh_;
        std::copy_n(row + h * dh_, dh_, q_.data() + dst);
        std::copy_n(row + D_ + h * dh_, dh_, k_.data() + dst);
        std::copy_n(row + 2 * D_ + h * dh_, dh_, v_.data() + dst);
      }
    }
}

void CausalAttention::maskFuture(std::vector<float>& t) const {
  for (int64_t p = 0; p < B_ * H_; ++p)
    for (int64_t i = 0; i < T_; ++i)
      std::fill(t.begin() + (p * T_ + i) * T_ + i + 1, t.begin() + (p * T_ + i + 1) * T_, 0.0f);
}

void CausalAttention::forward(const Tensor& qkv, Tensor& y, const StepContext& ctx) {
  ctx_ = ctx;
  gather(qkv);
  const int64_t n = B_ * H_ * T_ * dh_, T = T_, dh = dh_;
  qu_ = quantizeActivation(scores, scores.bits.a, q_quant, q_.data(), n, ctx.train, qh_);
  ku_ = quantizeStationary(scores, k_.data(), 1, n, false, kh_);
  p_.resize(static_cast<size_t>(B_ * H_ * T * T));
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  parallelFor(B_ * H_, [&](int, int64_t pb, int64_t pe) {
    for (int64_t p = pb; p < pe; ++p) {
      float* s = p_.data() + p * T * T;
      gemm(false, true, T, T, dh, qu_ + p * T * dh, ku_ + p * T * dh, s, false);  // S = Q K^T
      for (int64_t i = 0; i < T; ++i) {                                           // causal softmax of row i over j <= i
        float* r = s + i * T;
        float mx = -std::numeric_limits<float>::infinity(), sum = 0.0f;
        for (int64_t j = 0; j <= i; ++j) mx = std::max(mx, r[j] * scale);
        for (int64_t j = 0; j <= i; ++j) r[j] = std::exp(r[j] * scale - mx), sum += r[j];
        for (int64_t j = 0; j <= i; ++j) r[j] /= sum;
        std::fill(r + i + 1, r + T, 0.0f);
      }
    }
  });
  au_ = quantizeActivation(context, context.bits.a, a_quant, p_.data(), int64_t(p_.size()), ctx.train, ah_);
  if (au_ != p_.data()) maskFuture(ah_);
  vu_ = quantizeStationary(context, v_.data(), 1, n, false, vh_);
  y.resize(static_cast<int>(B_ * T), static_cast<int>(D_), 1, 1);
  parallelFor(B_ * H_, [&](int, int64_t pb, int64_t pe) {
    std::vector<float> c(static_cast<size_t>(T * dh));
    for (int64_t p = pb; p < pe; ++p) {
      gemm(false, false, T, dh, T, au_ + p * T * T, vu_ + p * T * dh, c.data(), false);  // C = A V
      const int64_t b = p / H_, h = p % H_;
      for (int64_t t = 0; t < T; ++t) std::copy_n(c.data() + t * dh, dh, y.data() + (b * T + t) * D_ + h * dh);
    }
  });
}

void CausalAttention::backward(const Tensor& dy, Tensor& dqkv, bool) {
  const int64_t T = T_, dh = dh_, pairs = B_ * H_, n = pairs * T * dh;
  std::vector<float> dc(static_cast<size_t>(n)), da(p_.size()), dq(n), dk(n), dv(n);
  for (int64_t p = 0; p < pairs; ++p)
    for (int64_t t = 0; t < T; ++t)
      std::copy_n(dy.data() + ((p / H_) * T + t) * D_ + (p % H_) * dh, dh, dc.data() + (p * T + t) * dh);
  const float* dcq =
      quantizeError(context, dc.data(), n, errorKey(context, ctx_.seed, ctx_.iter, 0), dch_, &context.grad_underflow);
  const float scale = 1.0f / std::sqrt(static_cast<float>(dh));
  parallelFor(pairs, [&](int, int64_t pb, int64_t pe) {
    for (int64_t p = pb; p < pe; ++p) {
      float* a = da.data() + p * T * T;
      gemm(false, true, T, T, dh, dcq + p * T * dh, vu_ + p * T * dh, a, false);                      // dA = dC V^T
      gemm(true, false, T, dh, T, au_ + p * T * T, dcq + p * T * dh, dv.data() + p * T * dh, false);  // dV = A^T dC
      const float* pr = p_.data() + p * T * T;
      for (int64_t i = 0; i < T; ++i) {  // softmax backward (STE through A's quantizer), times the scale
        float dot = 0.0f;
        for (int64_t j = 0; j <= i; ++j) dot += a[i * T + j] * pr[i * T + j];
        for (int64_t j = 0; j < T; ++j) a[i * T + j] = j <= i ? pr[i * T + j] * (a[i * T + j] - dot) * scale : 0.0f;
      }
    }
  });
  const float* dsq = quantizeError(scores, da.data(), int64_t(da.size()), errorKey(scores, ctx_.seed, ctx_.iter, 0),
                                   dsh_, &scores.grad_underflow);
  if (dsq != da.data()) maskFuture(dsh_);
  parallelFor(pairs, [&](int, int64_t pb, int64_t pe) {
    for (int64_t p = pb; p < pe; ++p) {
      gemm(false, false, T, dh, T, dsq + p * T * T, ku_ + p * T * dh, dq.data() + p * T * dh, false);  // dQ = dS K
      gemm(true, false, T, dh, T, dsq + p * T * T, qu_ + p * T * dh, dk.data() + p * T * dh, false);   // dK = dS^T Q
    }
  });
  if (scores.track_precision_grad)
    scores.precision_grad =
        quantizationSignal(dq.data(), qu_, q_.data(), n) + quantizationSignal(dk.data(), ku_, k_.data(), n);
  if (context.track_precision_grad) {
    // dL/dA_hat is the error before the softmax backward: recompute it (da now holds dS).
    std::vector<float> dah(p_.size());
    for (int64_t p = 0; p < pairs; ++p)
      gemm(false, true, T, T, dh, dcq + p * T * dh, vu_ + p * T * dh, dah.data() + p * T * T, false);
    context.precision_grad = quantizationSignal(dah.data(), au_, p_.data(), int64_t(p_.size())) +
                             quantizationSignal(dv.data(), vu_, v_.data(), n);
  }
  dqkv.resize(static_cast<int>(B_ * T), static_cast<int>(3 * D_), 1, 1);
  for (int64_t p = 0; p < pairs; ++p)
    for (int64_t t = 0; t < T; ++t) {
      float* row = dqkv.data() + ((p / H_) * T + t) * 3 * D_ + (p % H_) * dh;
      std::copy_n(dq.data() + (p * T + t) * dh, dh, row);
      std::copy_n(dk.data() + (p * T + t) * dh, dh, row + D_);
      std::copy_n(dv.data() + (p * T + t) * dh, dh, row + 2 * D_);
    }
}

}  // namespace vpsim
