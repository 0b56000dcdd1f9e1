// Affine and fixed-point quantizers (see quantizer.h). Work is split with parallelFor; min/max and
// per-element rounding do not depend on the split, so results are identical for any thread count.
#include "workloads/train/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "traces/input_error.h"
#include "workloads/train/parallel.h"
#include "workloads/train/tensor.h"

namespace vpsim {

QuantParams affineParams(float lo, float hi, int bits) {
  QuantParams p;
  p.bits = bits;
  p.lo = lo;
  p.scale = std::max((hi - lo) / static_cast<float>((1u << bits) - 1), 1e-8f);
  return p;
}

QuantParams symmetricParams(float absmax, int bits) {
  if (bits < 2) throw InputError("the symmetric quantizer needs at least 2 bits, got " + std::to_string(bits));
  QuantParams p;
  p.bits = bits;
  p.symmetric = true;
  const float z = static_cast<float>(p.zeroCode());
  p.scale = std::max(absmax / z, 1e-8f);
  p.lo = -z * p.scale;  // q * scale + lo is then exactly 0 at q = Z (equal products)
  return p;
}

namespace {
QuantParams gridFor(float lo, float hi, int bits, bool symmetric) {
  return symmetric ? symmetricParams(std::max(std::fabs(lo), std::fabs(hi)), bits) : affineParams(lo, hi, bits);
}
}  // namespace

// Hot loops as free functions over plain pointers and by-value grids (nothing the stores could
// alias), compiled for AVX-512, AVX2 and baseline x86-64 and picked at load time (GCC function
// multiversioning). Every version does the same IEEE float operations in the same order, so the
// results are identical whichever one runs.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
// fp-contract=off: no fused multiply-add in the x86-64-v3/v4 versions, so x_hat = q*scale + lo
// rounds exactly as written, in every version.
#define VPSIM_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#else
#define VPSIM_CLONES
#endif

VPSIM_CLONES static void quantizeLoop(const float* x, int64_t b, int64_t e, float lo, float scale, float qmax,
                                      bool stochastic, uint64_t key, float* x_hat, uint16_t* codes) {
  for (int64_t i = b; i < e; ++i) {
    float u = (x[i] - lo) / scale + (stochastic ? uniformAt(key, static_cast<uint64_t>(i)) - 0.5f : 0.0f);
    u = u < 0.0f ? 0.0f : (u > qmax ? qmax : u);  // clamp before round
    const float q = roundHalfEven(u);
    if (codes) codes[i] = static_cast<uint16_t>(static_cast<int32_t>(q));
    x_hat[i] = q * scale + lo;
  }
}

VPSIM_CLONES static void minMaxLoop(const float* x, int64_t b, int64_t e, float& lo, float& hi) {
  float l = lo, h = hi;
  for (int64_t i = b; i < e; ++i) l = x[i] < l ? x[i] : l, h = x[i] > h ? x[i] : h;
  lo = l, hi = h;
}

void quantizeWithParams(const float* x, int64_t n, const QuantParams& p, Rounding r, uint64_t key, float* x_hat,
                        uint16_t* codes) {
  const float lo = p.lo, scale = p.scale, qmax = static_cast<float>(p.qmax());
  const bool stochastic = r == Rounding::Stochastic;
  parallelFor(
      n, [=](int, int64_t b, int64_t e) { quantizeLoop(x, b, e, lo, scale, qmax, stochastic, key, x_hat, codes); });
}

static void minMax(const float* x, int64_t n, float& lo, float& hi) {
  std::vector<float> los(trainThreads(), std::numeric_limits<float>::infinity());
  std::vector<float> his(trainThreads(), -std::numeric_limits<float>::infinity());
  parallelFor(n, [&](int c, int64_t b, int64_t e) { minMaxLoop(x, b, e, los[c], his[c]); });
  lo = *std::min_element(los.begin(), los.end());
  hi = *std::max_element(his.begin(), his.end());
  if (n == 0) lo = hi = 0.0f;
}

QuantParams quantizePerTensor(const float* x, int64_t n, int bits, Rounding r, uint64_t key, float* x_hat,
                              uint16_t* codes, bool symmetric) {
  float lo, hi;
  minMax(x, n, lo, hi);
  const QuantParams p = gridFor(lo, hi, bits, symmetric);
  quantizeWithParams(x, n, p, r, key, x_hat, codes);
  return p;
}

std::vector<QuantParams> quantizePerChannel(const float* w, int channels, int64_t per_channel, int bits, float* w_hat,
                                            uint16_t* codes, bool symmetric) {
  std::vector<QuantParams> params(channels);
  parallelFor(channels, [&](int, int64_t b, int64_t e) {
    for (int64_t c = b; c < e; ++c) {
      const float* wc = w + c * per_channel;
      const auto [lo, hi] = std::minmax_element(wc, wc + per_channel);
      params[c] = gridFor(*lo, *hi, bits, symmetric);
      for (int64_t i = 0; i < per_channel; ++i) {
        const uint32_t q = quantizeCode(wc[i], params[c], 0.0f);
        if (codes) codes[c * per_channel + i] = static_cast<uint16_t>(q);
        w_hat[c * per_channel + i] = params[c].dequant(q);
      }
    }
  });
  return params;
}

QuantParams ActivationQuantizer::apply(const float* x, int64_t n, int bits, bool train, float* x_hat, uint16_t* codes,
                                       bool symmetric) {
  if (!train) {  // evaluation: the running range, values outside it are clamped
    const QuantParams p = gridFor(run_lo, run_lo + run_range, bits, symmetric);
    quantizeWithParams(x, n, p, Rounding::Nearest, 0, x_hat, codes);
    return p;
  }
  float lo, hi;
  minMax(x, n, lo, hi);
  if (symmetric) hi = std::max(std::fabs(lo), std::fabs(hi)), lo = -hi;
  run_lo = 0.9f * run_lo + 0.1f * lo;
  run_range = 0.9f * run_range + 0.1f * (hi - lo);
  const QuantParams p = gridFor(lo, hi, bits, symmetric);
  quantizeWithParams(x, n, p, Rounding::Nearest, 0, x_hat, codes);
  return p;
}

void quantizeFixedPoint(const float* x, int64_t n, const FixedPointFormat& f, uint64_t key, float* x_hat,
                        int32_t* codes) {
  const float step = std::ldexp(1.0f, -f.fl), inv = std::ldexp(1.0f, f.fl);
  const float qmin = -std::ldexp(1.0f, f.wl - 1), qmax = std::ldexp(1.0f, f.wl - 1) - 1.0f;
  parallelFor(n, [&](int, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      float u = x[i] * inv;
      if (f.rounding == Rounding::Stochastic) u += uniformAt(key, i) - 0.5f;
      u = std::nearbyint(std::min(std::max(u, qmin), qmax));
      if (codes) codes[i] = static_cast<int32_t>(u);
      x_hat[i] = u * step;
    }
  });
}

double underflowFraction(const float* x, int64_t n, float half_step) {
  int64_t nonzero = 0, small = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float m = std::fabs(x[i]);
    nonzero += m > 0.0f, small += m > 0.0f && m < half_step;
  }
  return nonzero ? static_cast<double>(small) / static_cast<double>(nonzero) : 0.0;
}

int fixedPointFractionLength(const float* x, int64_t n, int wl) {
  float m = 0.0f;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
  if (m == 0.0f) return wl - 1;
  // Integer bits needed for max|x| (sign excluded): ceil(log2(m + tiny)); fl = wl - 1 - int_bits.
  const int int_bits = static_cast<int>(std::floor(std::log2(m))) + 1;
  return wl - 1 - int_bits;
}

}  // namespace vpsim
