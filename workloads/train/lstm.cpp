// Lstm forward/backward (see lstm.h). Layouts: step operands X_t [B x K] (K = input + hidden), gates
// and states transposed, [4H x B] and [H x B], so each step's GEMM is G^T = W_hat X_t^T in fixed row
// blocks (gemm_blocks.h) and nothing depends on the thread count.
#include "workloads/train/lstm.h"

#include <cmath>

#include "traces/input_error.h"
#include "workloads/train/gemm_blocks.h"
#include "workloads/train/operand_quant.h"
#include "workloads/train/parallel.h"

namespace vpsim {

namespace {
float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }
}  // namespace

Lstm::Lstm(const LayerOp& o, int64_t input, int64_t hidden, int64_t batch, Rng& rng)
    : in_(input), hid_(hidden), batch_(batch) {
  op = o;
  weight.resize(static_cast<int>(4 * hidden), static_cast<int>(input + hidden), 1, 1);
  bias.resize(1, static_cast<int>(4 * hidden), 1, 1);
  const double bound = 1.0 / std::sqrt(static_cast<double>(hidden));  // PyTorch's LSTM init
  for (float& v : weight.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
  for (float& v : bias.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
  for (auto* s : {&h_carry_, &c_carry_, &h_eval_, &c_eval_}) s->assign(static_cast<size_t>(hidden * batch), 0.0f);
}

void Lstm::params(std::vector<Param>& out) {
  out.push_back({op.name + ".weight", &weight, &weight_grad});
  out.push_back({op.name + ".bias", &bias, &bias_grad});
}

void Lstm::buffers(std::vector<BufferRef>& out) {
  out.push_back({&act_quant.run_lo, 2});
  out.push_back({h_carry_.data(), static_cast<int64_t>(h_carry_.size())});
  out.push_back({c_carry_.data(), static_cast<int64_t>(c_carry_.size())});
}

// One time step: fills and quantizes X_t from x_t and h_prev, computes the gates, the cell and h_t
// (written to y's rows b*T + t and to gates_/cells_).
void Lstm::step(int64_t t, const float* h_prev, const float* c_prev, float* y) {
  const int64_t B = batch_, H = hid_, K = in_ + hid_, T = steps_;
  float* xr = x_raw_.data() + t * B * K;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t j = 0; j < H; ++j) xr[b * K + in_ + j] = h_prev[j * B + b];
  const float* xq = quantizeActivation(*this, bits.a, act_quant, xr, B * K, ctx_.train, scratch_);
  if (a_quant_) std::copy(xq, xq + B * K, x_hat_.data() + t * B * K);
  gemmRowBlocks(true, 4 * H, B, K, w_used_, xq, gt_.data(), false);  // G^T = W_hat X_t^T
  float* g = gates_.data() + t * 4 * H * B;
  float* c = cells_.data() + t * H * B;
  parallelFor(H, [&](int, int64_t jb, int64_t je) {
    for (int64_t j = jb; j < je; ++j)
      for (int64_t b = 0; b < B; ++b) {
        const int64_t r = j * B + b;
        const float i = sigmoid(gt_[r] + bias.v[j]), f = sigmoid(gt_[H * B + r] + bias.v[H + j]);
        const float gg = std::tanh(gt_[2 * H * B + r] + bias.v[2 * H + j]);
        const float o = sigmoid(gt_[3 * H * B + r] + bias.v[3 * H + j]);
        g[r] = i, g[H * B + r] = f, g[2 * H * B + r] = gg, g[3 * H * B + r] = o;
        c[r] = f * c_prev[r] + i * gg;
        y[(b * T + t) * H + j] = o * std::tanh(c[r]);
      }
  });
}

void Lstm::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  ctx_ = ctx;
  const int64_t B = batch_, H = hid_, K = in_ + hid_;
  if (x.c != in_ || x.n % B != 0)
    throw InputError(op.name + ": expected [" + std::to_string(B) + " x steps, " + std::to_string(in_) + "] input");
  steps_ = x.n / B;
  const int64_t T = steps_;
  std::vector<float>& h = ctx.train ? h_carry_ : h_eval_;
  std::vector<float>& c = ctx.train ? c_carry_ : c_eval_;
  if (ctx.stream_start) std::fill(h.begin(), h.end(), 0.0f), std::fill(c.begin(), c.end(), 0.0f);
  c_init_ = c;
  x_raw_.resize(static_cast<size_t>(T * B * K));
  for (int64_t t = 0; t < T; ++t)
    for (int64_t b = 0; b < B; ++b) std::copy_n(x.data() + (b * T + t) * in_, in_, x_raw_.data() + (t * B + b) * K);
  a_quant_ = bits.a < 32;
  if (a_quant_) x_hat_.resize(x_raw_.size());
  w_used_ = quantizeStationary(*this, weight.data(), 4 * H, K, true, w_hat_);
  gates_.resize(static_cast<size_t>(T * 4 * H * B)), cells_.resize(static_cast<size_t>(T * H * B));
  gt_.resize(static_cast<size_t>(4 * H * B));
  y.resize(static_cast<int>(B * T), static_cast<int>(H), 1, 1);
  for (int64_t t = 0; t < T; ++t) {
    const float* c_prev = t == 0 ? c_init_.data() : cells_.data() + (t - 1) * H * B;
    if (t == 0)
      step(0, h.data(), c_prev, y.data());
    else {
      // h_{t-1} = o_{t-1} tanh(c_{t-1}), transposed from y's rows into the [H x B] layout
      for (int64_t j = 0; j < H; ++j)
        for (int64_t b = 0; b < B; ++b) h[j * B + b] = y.v[(b * T + t - 1) * H + j];
      step(t, h.data(), c_prev, y.data());
    }
  }
  for (int64_t j = 0; j < H; ++j)
    for (int64_t b = 0; b < B; ++b) h[j * B + b] = y.v[(b * T + T - 1) * H + j];
  std::copy_n(cells_.data() + (T - 1) * H * B, H * B, c.data());
}

// Gate pre-activation errors dg of step t from dy (this step's output rows) and the recurrent errors
// dh (of h_t, from step t+1's operand) and dc (of c_t); dc becomes the error of c_{t-1}.
void Lstm::cellBackward(int64_t t, const float* dy, std::vector<float>& dh, std::vector<float>& dc, float* dg) {
  const int64_t B = batch_, H = hid_, T = steps_;
  const float* g = gates_.data() + t * 4 * H * B;
  const float* c = cells_.data() + t * H * B;
  const float* cp = t == 0 ? c_init_.data() : cells_.data() + (t - 1) * H * B;
  parallelFor(H, [&](int, int64_t jb, int64_t je) {
    for (int64_t j = jb; j < je; ++j)
      for (int64_t b = 0; b < B; ++b) {
        const int64_t r = j * B + b;
        const float i = g[r], f = g[H * B + r], gg = g[2 * H * B + r], o = g[3 * H * B + r];
        const float hgrad = dy[(b * T + t) * H + j] + dh[r], tc = std::tanh(c[r]);
        const float dcell = dc[r] + hgrad * o * (1.0f - tc * tc);
        dg[r] = dcell * gg * i * (1.0f - i);
        dg[H * B + r] = dcell * cp[r] * f * (1.0f - f);
        dg[2 * H * B + r] = dcell * i * (1.0f - gg * gg);
        dg[3 * H * B + r] = hgrad * tc * o * (1.0f - o);
        dc[r] = dcell * f;
      }
  });
}

void Lstm::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int64_t B = batch_, H = hid_, K = in_ + hid_, T = steps_, TB = T * B;
  std::vector<float> wt(static_cast<size_t>(K * 4 * H)), dh(H * B, 0.0f), dc(H * B, 0.0f), dg(4 * H * B);
  std::vector<float> dxt(static_cast<size_t>(K * B)), gq, dgq_all(static_cast<size_t>(4 * H * TB));
  transpose(w_used_, 4 * H, K, wt.data());
  bias_grad.resize(1, static_cast<int>(4 * H), 1, 1), bias_grad.zero();
  if (need_dx) dx.resize(static_cast<int>(TB), static_cast<int>(in_), 1, 1);
  const float* x_used = a_quant_ ? x_hat_.data() : x_raw_.data();
  double signal = 0.0, underflow_sum = 0.0;
  int underflow_n = 0;
  for (int64_t t = T - 1; t >= 0; --t) {
    cellBackward(t, dy.data(), dh, dc, dg.data());
    for (int64_t o = 0; o < 4 * H; ++o)
      for (int64_t b = 0; b < B; ++b) bias_grad.v[o] += dg[o * B + b];  // FP32 errors: the vector unit's sum
    double uf = -1.0;
    const float* q =
        quantizeError(*this, dg.data(), 4 * H * B, errorKey(*this, ctx_.seed, ctx_.iter, uint64_t(t)), gq, &uf);
    if (uf >= 0) underflow_sum += uf, ++underflow_n;
    gemmRowBlocks(false, K, B, 4 * H, wt.data(), q, dxt.data(), false);  // dX_t^T = W_hat^T G_hat^T
    for (int64_t o = 0; o < 4 * H; ++o) std::copy_n(q + o * B, B, dgq_all.data() + o * TB + t * B);
    for (int64_t e = 0; e < K; ++e)
      for (int64_t b = 0; b < B; ++b) {
        const float v = dxt[e * B + b];
        if (e >= in_)
          dh[(e - in_) * B + b] = v;
        else if (need_dx)
          dx.v[(b * T + t) * in_ + e] = v;
        if (track_precision_grad) signal += double(v) * (x_used[(t * B + b) * K + e] - x_raw_[(t * B + b) * K + e]);
      }
  }
  weight_grad.resize(weight.n, weight.c, 1, 1);
  gemmRowBlocks(false, 4 * H, K, TB, dgq_all.data(), x_used, weight_grad.data(), false);  // dW = G_hat^T X_hat
  grad_underflow = underflow_n ? underflow_sum / underflow_n : -1.0;
  if (track_precision_grad)
    precision_grad = signal + quantizationSignal(weight_grad.data(), w_used_, weight.data(), weight.size());
}

}  // namespace vpsim
