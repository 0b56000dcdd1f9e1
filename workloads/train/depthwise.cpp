// DepthwiseConv2d forward/backward (see depthwise.h). Every plane is first copied into a zero
// bordered buffer, so each of the k*k taps is a branch-free multiply-add over a contiguous output
// row (stride 1) that the compiler vectorizes.
#include "workloads/train/depthwise.h"

#include <algorithm>

#include "traces/input_error.h"
#include "workloads/train/parallel.h"

namespace vpsim {

// Compiled for AVX-512, AVX2 and baseline x86-64, picked at load time; fp-contract=off keeps the
// same IEEE operations in every version, so results do not depend on the machine's vector width.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VPSIM_DW_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#else
#define VPSIM_DW_CLONES
#endif

namespace {

struct Geometry {
  int h, w, k, s, p, oh, ow;
  int ph() const { return h + 2 * p; }
  int pw() const { return w + 2 * p; }
};

Geometry geometryOf(const LayerOp& op, const Tensor& x) {
  return {x.h,
          x.w,
          static_cast<int>(op.kernel),
          static_cast<int>(op.stride),
          static_cast<int>(op.pad),
          static_cast<int>(op.out_h),
          static_cast<int>(op.out_w)};
}

void padPlane(const float* x, const Geometry& g, float* out) {
  std::fill(out, out + g.ph() * g.pw(), 0.0f);
  for (int y = 0; y < g.h; ++y) std::copy_n(x + y * g.w, g.w, out + (y + g.p) * g.pw() + g.p);
}

// Stride 1 works on "padded rows": output (oy, ox) is element oy*pw + ox of a flat run of
// L = (oh-1)*pw + ow values, and tap (ky, kx) reads the padded input at offset ky*pw + kx of the
// same run, so every tap is one long contiguous multiply-add (the columns ox >= ow in between are
// computed and dropped). Stride 2 goes row by row with strided reads.
int flatLength(const Geometry& g) { return (g.oh - 1) * g.pw() + g.ow; }

// y[oy][ox] = sum over taps of wk[ky][kx] * xp[oy*s + ky][ox*s + kx], taps in row-major order.
VPSIM_DW_CLONES void planeForward(const float* xp, const float* wk, Geometry g, float* run, float* y) {
  const int pw = g.pw();
  if (g.s == 1) {
    const int L = flatLength(g);
    std::fill(run, run + L, 0.0f);
    for (int t = 0; t < g.k * g.k; ++t) {
      const float wv = wk[t], *xs = xp + (t / g.k) * pw + t % g.k;
      for (int i = 0; i < L; ++i) run[i] += wv * xs[i];
    }
    for (int oy = 0; oy < g.oh; ++oy) std::copy_n(run + oy * pw, g.ow, y + oy * g.ow);
    return;
  }
  for (int oy = 0; oy < g.oh; ++oy) {
    float* yr = y + oy * g.ow;
    std::fill(yr, yr + g.ow, 0.0f);
    for (int t = 0; t < g.k * g.k; ++t) {
      const float wv = wk[t], *xs = xp + (oy * g.s + t / g.k) * pw + t % g.k;
      for (int ox = 0; ox < g.ow; ++ox) yr[ox] += wv * xs[ox * g.s];
    }
  }
}

// dy as padded rows (stride 1): dyp[oy*pw + ox] = dy[oy][ox], zero in the dropped columns.
void paddedRows(const float* dy, const Geometry& g, float* dyp) {
  std::fill(dyp, dyp + flatLength(g), 0.0f);
  for (int oy = 0; oy < g.oh; ++oy) std::copy_n(dy + oy * g.ow, g.ow, dyp + oy * g.pw());
}

// Weight-gradient partials, accumulated over a channel's samples: acc[tap][i] += dy * x for every
// output (a per-position accumulator: the loops vectorize without reordering a reduction).
// Stride 1: dy is in padded rows (dyp) and i runs over them; stride 2: i = ox, summed over rows.
VPSIM_DW_CLONES void planeWeightGrad(const float* xp, const float* dyp, Geometry g, float* acc) {
  const int pw = g.pw(), kk = g.k * g.k;
  if (g.s == 1) {
    const int L = flatLength(g);
    for (int t = 0; t < kk; ++t) {
      float* a = acc + t * L;
      const float* xs = xp + (t / g.k) * pw + t % g.k;
      for (int i = 0; i < L; ++i) a[i] += dyp[i] * xs[i];
    }
    return;
  }
  for (int oy = 0; oy < g.oh; ++oy)
    for (int t = 0; t < kk; ++t) {
      float* a = acc + t * g.ow;
      const float *gr = dyp + oy * g.ow, *xs = xp + (oy * g.s + t / g.k) * pw + t % g.k;
      for (int ox = 0; ox < g.ow; ++ox) a[ox] += gr[ox] * xs[ox * g.s];
    }
}

// The adjoint of planeForward into the padded buffer dxp (zeroed by the caller); dy as above.
VPSIM_DW_CLONES void planeDataGrad(const float* dyp, const float* wk, Geometry g, float* dxp) {
  const int pw = g.pw(), kk = g.k * g.k;
  if (g.s == 1) {
    const int L = flatLength(g);
    for (int t = 0; t < kk; ++t) {
      const float wv = wk[t];
      float* d = dxp + (t / g.k) * pw + t % g.k;
      for (int i = 0; i < L; ++i) d[i] += wv * dyp[i];
    }
    return;
  }
  for (int oy = 0; oy < g.oh; ++oy)
    for (int t = 0; t < kk; ++t) {
      const float wv = wk[t], *gr = dyp + oy * g.ow;
      float* d = dxp + (oy * g.s + t / g.k) * pw + t % g.k;
      for (int ox = 0; ox < g.ow; ++ox) d[ox * g.s] += wv * gr[ox];
    }
}

}  // namespace

DepthwiseConv2d::DepthwiseConv2d(const LayerOp& o, Rng& rng, ConvInit init) : Conv2d(o, rng, init) {
  if (op.groups != op.in_c || op.in_c != op.out_c)
    throw InputError("layer " + op.name + ": a depthwise conv needs groups = in_c = out_c");
}

void DepthwiseConv2d::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  ctx_ = ctx;
  quantizeInputs(x, ctx);
  const Geometry g = geometryOf(op, x);
  const int C = x.c, kk = g.k * g.k;
  y.resize(x.n, C, g.oh, g.ow);
  const Tensor& xq = *x_used_;
  const float* w = w_used_->data();
  parallelFor(static_cast<int64_t>(x.n) * C, [&](int, int64_t b, int64_t e) {
    std::vector<float> xp(static_cast<size_t>(g.ph()) * g.pw()), run(static_cast<size_t>(flatLength(g)));
    for (int64_t plane = b; plane < e; ++plane) {
      padPlane(xq.data() + plane * g.h * g.w, g, xp.data());
      planeForward(xp.data(), w + (plane % C) * kk, g, run.data(), y.data() + plane * g.oh * g.ow);
    }
  });
}

void DepthwiseConv2d::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const Tensor& gq = quantizeErrors(dy, g_hat_);  // the same quantized error feeds both passes
  const Tensor& gw = weightGradErrors(dy, gq);    // (unless SBM gives bwd_weight its own)
  const Tensor& x = *x_used_;
  const Geometry g = geometryOf(op, x);
  const int N = x.n, C = x.c, kk = g.k * g.k, plane_out = g.oh * g.ow;
  const int run = g.s == 1 ? flatLength(g) : g.ow;  // accumulator length per tap
  if (need_dx) dx.resize(N, C, g.h, g.w);
  const float* w = w_used_->data();
  parallelFor(C, [&](int, int64_t cb, int64_t ce) {
    const size_t padded = static_cast<size_t>(g.ph()) * g.pw();
    std::vector<float> xp(padded), dxp(padded), acc(static_cast<size_t>(kk) * run);
    std::vector<float> gp(static_cast<size_t>(flatLength(g))), gwp(gp.size());
    for (int64_t c = cb; c < ce; ++c) {
      std::fill(acc.begin(), acc.end(), 0.0f);
      for (int n = 0; n < N; ++n) {
        const int64_t plane = static_cast<int64_t>(n) * C + c;
        const float* gq_p = gq.data() + plane * plane_out;
        const float* gw_p = gw.data() + plane * plane_out;
        if (g.s == 1) {  // into padded rows
          paddedRows(gq_p, g, gp.data()), gq_p = gp.data();
          if (&gw != &gq)
            paddedRows(gw_p, g, gwp.data()), gw_p = gwp.data();
          else
            gw_p = gp.data();
        }
        padPlane(x.data() + plane * g.h * g.w, g, xp.data());
        planeWeightGrad(xp.data(), gw_p, g, acc.data());
        if (!need_dx) continue;
        std::fill(dxp.begin(), dxp.end(), 0.0f);
        planeDataGrad(gq_p, w + c * kk, g, dxp.data());
        float* d = dx.data() + plane * g.h * g.w;
        for (int yy = 0; yy < g.h; ++yy) std::copy_n(dxp.data() + (yy + g.p) * g.pw() + g.p, g.w, d + yy * g.w);
      }
      for (int t = 0; t < kk; ++t) {  // fixed order: the same for any thread count
        double sum = 0.0;
        for (int i = 0; i < run; ++i) sum += acc[static_cast<size_t>(t) * run + i];
        weight_grad.v[c * kk + t] = static_cast<float>(sum);
      }
    }
  });
  precisionGradient(dx, need_dx);
}

}  // namespace vpsim
