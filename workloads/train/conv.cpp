// Conv2d forward/backward (see conv.h). The batch is cut into blocks of samples that depend only on
// the batch size and the layer, never on the thread count; threads take whole blocks, and the
// weight gradient is reduced over a fixed number of block groups in group order. So every GEMM
// call, and every sum, is the same whatever the number of threads: results are bit-identical for
// threads=1, 2, ... (tests/workloads/train_run_test.cpp, through the binary).
#include "workloads/train/conv.h"

#include <algorithm>
#include <cmath>

#include "workloads/train/gemm.h"
#include "workloads/train/parallel.h"

namespace vpsim {

Conv2d::Conv2d(const LayerOp& o, Rng& rng, ConvInit init) {
  op = o;
  weight.resize(static_cast<int>(op.out_c), static_cast<int>(op.in_c / op.groups), static_cast<int>(op.kernel),
                static_cast<int>(op.kernel));
  weight_grad.resize(weight.n, weight.c, weight.h, weight.w);
  if (init == ConvInit::PyTorch) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(patch()));
    for (float& v : weight.v) v = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
    return;
  }
  const double sd = std::sqrt(2.0 / static_cast<double>(op.kernel * op.kernel * op.out_c));
  for (float& v : weight.v) v = static_cast<float>(rng.normal() * sd);
}

// Output columns ox whose input column ox*s - p + kx lies inside [0, w): [lo, hi).
static void validRange(int w, int ow, int s, int p, int kx, int& lo, int& hi) {
  lo = std::max(0, (p - kx + s - 1) / s);
  hi = w - 1 + p - kx < 0 ? 0 : std::min(ow, (w - 1 + p - kx) / s + 1);
  if (hi < lo) hi = lo;
}

void im2col(const float* x, int cg, int h, int w, const LayerOp& op, float* col, int64_t ld, int64_t col0) {
  const int k = static_cast<int>(op.kernel), s = static_cast<int>(op.stride), p = static_cast<int>(op.pad);
  const int oh = static_cast<int>(op.out_h), ow = static_cast<int>(op.out_w);
  for (int c = 0; c < cg; ++c)
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        float* row = col + ((c * k + ky) * k + kx) * ld + col0;
        int lo, hi;
        validRange(w, ow, s, p, kx, lo, hi);
        for (int oy = 0; oy < oh; ++oy) {
          float* out = row + oy * ow;
          const int iy = oy * s - p + ky;
          if (iy < 0 || iy >= h) {
            std::fill(out, out + ow, 0.0f);
            continue;
          }
          const float* in = x + (c * h + iy) * w - p + kx;  // in[ox * s] is input column ox*s - p + kx
          std::fill(out, out + lo, 0.0f);
          if (s == 1)
            std::copy(in + lo, in + hi, out + lo);
          else
            for (int ox = lo; ox < hi; ++ox) out[ox] = in[ox * s];
          std::fill(out + hi, out + ow, 0.0f);
        }
      }
}

void col2im(const float* col, int cg, int h, int w, const LayerOp& op, float* x, int64_t ld, int64_t col0) {
  const int k = static_cast<int>(op.kernel), s = static_cast<int>(op.stride), p = static_cast<int>(op.pad);
  const int oh = static_cast<int>(op.out_h), ow = static_cast<int>(op.out_w);
  for (int c = 0; c < cg; ++c)
    for (int ky = 0; ky < k; ++ky)
      for (int kx = 0; kx < k; ++kx) {
        const float* row = col + ((c * k + ky) * k + kx) * ld + col0;
        int lo, hi;
        validRange(w, ow, s, p, kx, lo, hi);
        for (int oy = 0; oy < oh; ++oy) {
          const int iy = oy * s - p + ky;
          if (iy < 0 || iy >= h) continue;
          float* in = x + (c * h + iy) * w - p + kx;
          const float* g = row + oy * ow;
          for (int ox = lo; ox < hi; ++ox) in[ox * s] += g[ox];
        }
      }
}

// Blocks of samples: enough GEMM columns (about 1024) per block to keep the GEMM efficient and the
// scratch memory bounded; a multiple of 4 blocks so that 2 or 4 threads get equal shares. Block j
// covers samples [n*j/B, n*(j+1)/B).
static int64_t blockCount(const LayerOp& op, int64_t n) {
  const int64_t hw = op.out_h * op.out_w;
  if (hw >= 512) return n;
  const int64_t b = ((n * hw + 1023) / 1024 + 3) / 4 * 4;
  return std::max<int64_t>(1, std::min(b, n));
}
static int64_t blockBegin(int64_t n, int64_t blocks, int64_t j) { return n * j / blocks; }

// Weight-gradient partial sums: one per group of consecutive blocks, added in group order.
constexpr int64_t kReduceGroups = 8;

void Conv2d::quantizeInputs(const Tensor& x, const StepContext& ctx) {
  const bool quant_a = bits.a < 32, quant_w = bits.w < 32;
  // FP32 operands are used in place: the caller keeps its tensors alive until backward.
  x_used_ = quant_a ? &x_hat_ : &x;
  w_used_ = quant_w ? &w_hat_ : &weight;
  if (quant_a) x_hat_.resize(x.n, x.c, x.h, x.w);
  if (quant_w) w_hat_.resize(weight.n, weight.c, weight.h, weight.w);
  x_raw_ = &x;
  if (mode == QuantMode::FixedPoint) {  // dynamic fixed point: fl from each tensor's max |x|
    if (quant_a)
      quantizeFixedPoint(x.data(), x.size(), {bits.a, fixedPointFractionLength(x.data(), x.size(), bits.a)}, 0,
                         x_hat_.data(), nullptr);
    if (quant_w)
      quantizeFixedPoint(weight.data(), weight.size(),
                         {bits.w, fixedPointFractionLength(weight.data(), weight.size(), bits.w)}, 0, w_hat_.data(),
                         nullptr);
    return;
  }
  if (keep_codes) x_codes.assign(quant_a ? x.size() : 0, 0), w_codes.assign(quant_w ? weight.size() : 0, 0);
  const bool symmetric = mode == QuantMode::Symmetric;
  if (quant_a)
    x_params = act_quant.apply(x.data(), x.size(), bits.a, ctx.train, x_hat_.data(),
                               keep_codes ? x_codes.data() : nullptr, symmetric);
  if (quant_w && per_tensor_weights)
    w_params.assign(op.out_c, quantizePerTensor(weight.data(), weight.size(), bits.w, Rounding::Nearest, 0,
                                                w_hat_.data(), keep_codes ? w_codes.data() : nullptr, symmetric));
  else if (quant_w)
    w_params = quantizePerChannel(weight.data(), static_cast<int>(op.out_c), patch(), bits.w, w_hat_.data(),
                                  keep_codes ? w_codes.data() : nullptr, symmetric);
}

void Conv2d::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  ctx_ = ctx;
  quantizeInputs(x, ctx);
  const int G = static_cast<int>(op.groups), cg = static_cast<int>(op.in_c) / G, og = static_cast<int>(op.out_c) / G;
  const int64_t hw = op.out_h * op.out_w, kg = patch();
  y.resize(x.n, static_cast<int>(op.out_c), static_cast<int>(op.out_h), static_cast<int>(op.out_w));
  const int64_t blocks = blockCount(op, x.n), bs = (x.n + blocks - 1) / blocks;
  parallelFor(blocks, [&](int, int64_t jb, int64_t je) {
    std::vector<float> col(kg * bs * hw), out(og * bs * hw);
    for (int64_t j = jb; j < je; ++j) {
      const int s0 = static_cast<int>(blockBegin(x.n, blocks, j));
      const int ns = static_cast<int>(blockBegin(x.n, blocks, j + 1)) - s0;
      for (int g = 0; g < G; ++g) {
        for (int s = 0; s < ns; ++s)
          im2col(x_used_->sample(s0 + s) + g * cg * x.h * x.w, cg, x.h, x.w, op, col.data(), ns * hw, s * hw);
        float* y0 = y.sample(s0) + g * og * hw;
        // One sample: its [og x hw] output block is contiguous in y, so the GEMM writes it directly.
        gemm(false, false, og, ns * hw, kg, w_used_->data() + g * og * kg, col.data(), ns == 1 ? y0 : out.data(),
             false);
        if (ns > 1)
          for (int s = 0; s < ns; ++s)
            for (int o = 0; o < og; ++o)
              std::copy_n(out.data() + o * ns * hw + s * hw, hw, y.sample(s0 + s) + (g * og + o) * hw);
      }
    }
  });
}

const Tensor& Conv2d::quantizeErrors(const Tensor& dy, Tensor& g) {
  grad_underflow = -1.0;
  if (keep_codes) g_codes.clear();  // FP32 errors or fixed point: no codes this iteration
  if (bits.g >= 32) return dy;
  g.resize(dy.n, dy.c, dy.h, dy.w);
  const uint64_t key = streamKey(ctx_.seed, static_cast<uint64_t>(ctx_.iter), static_cast<uint64_t>(index), 0xE77);
  float step = 0.0f;
  if (mode == QuantMode::FixedPoint) {
    const int fl = fixedPointFractionLength(dy.data(), dy.size(), bits.g);
    quantizeFixedPoint(dy.data(), dy.size(), {bits.g, fl, Rounding::Stochastic}, key, g.data(), nullptr);
    step = std::ldexp(1.0f, -fl);
  } else {
    if (keep_codes) g_codes.assign(size_t(dy.size()), 0);
    g_params = quantizePerTensor(dy.data(), dy.size(), bits.g, Rounding::Stochastic, key, g.data(),
                                 keep_codes ? g_codes.data() : nullptr, mode == QuantMode::Symmetric);
    step = g_params.scale;
  }
  if (track_grad_underflow) grad_underflow = underflowFraction(dy.data(), dy.size(), 0.5f * step);
  return g;
}

const Tensor& Conv2d::weightGradErrors(const Tensor& dy, const Tensor& g) {
  if (wgrad_error_bits <= 0 || bits.g >= 32) return g;
  if (wgrad_error_bits >= 32) return dy;
  gw_hat_.resize(dy.n, dy.c, dy.h, dy.w);
  const uint64_t key = streamKey(ctx_.seed, static_cast<uint64_t>(ctx_.iter), static_cast<uint64_t>(index), 0xE78);
  quantizePerTensor(dy.data(), dy.size(), wgrad_error_bits, Rounding::Stochastic, key, gw_hat_.data(), nullptr,
                    mode == QuantMode::Symmetric);
  return gw_hat_;
}

void Conv2d::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const Tensor& g = quantizeErrors(dy, g_hat_);  // the same quantized error feeds both backward GEMMs
  const Tensor& gw = weightGradErrors(dy, g);    // (unless SBM gives bwd_weight its own)
  const bool own_gw = &gw != &g;
  const int G = static_cast<int>(op.groups), cg = static_cast<int>(op.in_c) / G, og = static_cast<int>(op.out_c) / G;
  const int64_t hw = op.out_h * op.out_w, kg = patch();
  const Tensor& x = *x_used_;
  if (need_dx) dx.resize(x.n, x.c, x.h, x.w), dx.zero();
  const int64_t blocks = blockCount(op, x.n), bs = (x.n + blocks - 1) / blocks;
  const int64_t groups = std::min(blocks, kReduceGroups);
  std::vector<std::vector<float>> dw_part(groups, std::vector<float>(weight.size(), 0.0f));
  parallelFor(groups, [&](int, int64_t rb, int64_t re) {
    std::vector<float> col(kg * bs * hw), gy(og * bs * hw), gyw(own_gw ? og * bs * hw : 0);
    for (int64_t r = rb; r < re; ++r)
      for (int64_t j = blocks * r / groups; j < blocks * (r + 1) / groups; ++j) {
        const int s0 = static_cast<int>(blockBegin(x.n, blocks, j));
        const int ns = static_cast<int>(blockBegin(x.n, blocks, j + 1)) - s0;
        for (int grp = 0; grp < G; ++grp) {
          for (int s = 0; s < ns; ++s) {
            im2col(x.sample(s0 + s) + grp * cg * x.h * x.w, cg, x.h, x.w, op, col.data(), ns * hw, s * hw);
            if (ns > 1)
              for (int o = 0; o < og; ++o) {
                std::copy_n(g.sample(s0 + s) + (grp * og + o) * hw, hw, gy.data() + o * ns * hw + s * hw);
                if (own_gw) std::copy_n(gw.sample(s0 + s) + (grp * og + o) * hw, hw, gyw.data() + o * ns * hw + s * hw);
              }
          }
          const float* gyp = ns == 1 ? g.sample(s0) + grp * og * hw : gy.data();
          const float* gwp = !own_gw ? gyp : ns == 1 ? gw.sample(s0) + grp * og * hw : gyw.data();
          // bwd_weight: dW_g[og x kg] += gy[og x cols] * col^T[cols x kg]
          gemm(false, true, og, kg, ns * hw, gwp, col.data(), dw_part[r].data() + grp * og * kg, true);
          if (!need_dx) continue;
          // bwd_data: dcol[kg x cols] = W_g^T[kg x og] * gy[og x cols], then col2im
          gemm(true, false, kg, ns * hw, og, w_used_->data() + grp * og * kg, gyp, col.data(), false);
          for (int s = 0; s < ns; ++s)
            col2im(col.data(), cg, x.h, x.w, op, dx.sample(s0 + s) + grp * cg * x.h * x.w, ns * hw, s * hw);
        }
      }
  });
  weight_grad.zero();
  for (const auto& part : dw_part)
    for (int64_t i = 0; i < weight.size(); ++i) weight_grad.v[i] += part[i];
  precisionGradient(dx, need_dx);
}

void Conv2d::precisionGradient(const Tensor& dx, bool need_dx) {
  if (!track_precision_grad) return;  // LDP: how the loss moves with the quantization error (see gemm_layer.h)
  double sum = 0.0;
  for (int64_t i = 0; i < weight.size(); ++i) sum += double(weight_grad.v[i]) * (w_used_->v[i] - weight.v[i]);
  if (need_dx)
    for (int64_t i = 0; i < dx.size(); ++i) sum += double(dx.v[i]) * (x_used_->v[i] - x_raw_->v[i]);
  precision_grad = sum;
}

}  // namespace vpsim
