// The quantizers of methods.md section 1 (affine min-max, "SBM-style") and section 8 (fixed point).
// Affine: q = round_half_even(clamp((x - lo)/scale [+ U(-0.5, 0.5)], 0, 2^b - 1)), x_hat = q*scale + lo.
// Every function can also return the unsigned integer codes q, so a quantized GEMM can be redone
// in integer arithmetic (int_gemm.h) exactly as a PE array computes it.
#pragma once

#include <cstdint>
#include <vector>

namespace vpsim {

enum class Rounding { Nearest, Stochastic };

// One quantization grid: x_hat = q * scale + lo, q in [0, qmax()]. A symmetric grid (methods.md
// section 1's option) has 2^b - 1 levels centred on an exact zero: lo = -Z * scale with
// Z = 2^(b-1) - 1, so the signed code q - Z lies in [-Z, Z] and x_hat = (q - Z) * scale, with no
// zero-point cross terms in a GEMM. Ties round half to even on the unsigned code q, which is
// symmetric in sign (+-1.5 -> +-1, +-0.5 -> +-1 at Z odd).
struct QuantParams {
  int bits = 8;
  float lo = 0.0f;
  float scale = 1.0f;
  bool symmetric = false;
  float dequant(uint32_t q) const { return static_cast<float>(q) * scale + lo; }
  uint32_t qmax() const { return (1u << bits) - 1 - (symmetric ? 1 : 0); }
  int32_t zeroCode() const { return symmetric ? (1 << (bits - 1)) - 1 : 0; }  // code of x_hat = 0 (symmetric)
};

// Grid for a range [lo, hi]: scale = max((hi - lo) / (2^b - 1), 1e-8).
QuantParams affineParams(float lo, float hi, int bits);
// Symmetric grid for [-absmax, absmax]: scale = max(absmax / (2^(b-1) - 1), 1e-8); bits >= 2.
QuantParams symmetricParams(float absmax, int bits);

// Round half to even for 0 <= u < 2^22 without a libm call (adding 1.5*2^23 forces the FPU's
// round-to-nearest-even onto the integer grid). Needs IEEE semantics: never build with -ffast-math.
inline float roundHalfEven(float u) {
  constexpr float kMagic = 12582912.0f;
  return (u + kMagic) - kMagic;
}

// Code of one value; `noise` is U(-0.5, 0.5) for stochastic rounding, 0 for nearest.
inline uint32_t quantizeCode(float x, const QuantParams& p, float noise) {
  const float qmax = static_cast<float>(p.qmax());
  float u = (x - p.lo) / p.scale + noise;
  u = u < 0.0f ? 0.0f : (u > qmax ? qmax : u);  // clamp before round
  return static_cast<uint32_t>(roundHalfEven(u));
}

// Quantizes n values on grid p into x_hat (may alias x) and optionally codes. Stochastic rounding
// draws element i's noise from uniformAt(key, i): the same key gives the same result.
void quantizeWithParams(const float* x, int64_t n, const QuantParams& p, Rounding r, uint64_t key, float* x_hat,
                        uint16_t* codes);

// Per-tensor min-max quantization of n values (activations, errors). Returns the grid used.
// symmetric: the grid of [-max|x|, max|x|] (symmetricParams) instead of [min, max].
QuantParams quantizePerTensor(const float* x, int64_t n, int bits, Rounding r, uint64_t key, float* x_hat,
                              uint16_t* codes, bool symmetric = false);

// Per-output-channel min-max quantization of weights [channels x per_channel], nearest rounding.
std::vector<QuantParams> quantizePerChannel(const float* w, int channels, int64_t per_channel, int bits, float* w_hat,
                                            uint16_t* codes, bool symmetric = false);

// Activation quantizer with the EMA of section 1: training uses the batch's lo/hi and updates
// run = 0.9*run + 0.1*new (buffers start at 0); evaluation uses the EMA range. Symmetric: the
// batch range is [-max|x|, max|x|].
struct ActivationQuantizer {
  float run_lo = 0.0f, run_range = 0.0f;  // adjacent: saved as one 2-float checkpoint buffer
  QuantParams apply(const float* x, int64_t n, int bits, bool train, float* x_hat, uint16_t* codes,
                    bool symmetric = false);
};

// Fixed-point format of section 8: word length wl (sign included), fraction length fl.
// q = clamp(round(x * 2^fl [+ noise]), -2^(wl-1), 2^(wl-1) - 1), x_hat = q * 2^-fl.
struct FixedPointFormat {
  int wl = 8, fl = 4;
  Rounding rounding = Rounding::Nearest;
};
void quantizeFixedPoint(const float* x, int64_t n, const FixedPointFormat& f, uint64_t key, float* x_hat,
                        int32_t* codes);
// Dynamic fixed point: the largest fl for which max|x| still fits in wl bits.
int fixedPointFractionLength(const float* x, int64_t n, int wl);
// Fraction of the nonzero values with |x| < half_step: the ones a grid of that step cannot carry
// (0 when all are zero).
double underflowFraction(const float* x, int64_t n, float half_step);

}  // namespace vpsim
