// Operand quantization of the language-model layers (see operand_quant.h).
#include "workloads/train/operand_quant.h"

#include <cmath>

#include "workloads/train/tensor.h"

namespace vpsim {

const float* quantizeStationary(const GemmLayer& l, const float* w, int64_t rows, int64_t per_row, bool per_channel,
                                std::vector<float>& out, uint16_t* codes, std::vector<QuantParams>* grids) {
  const int bits = l.bits.w;
  if (bits >= 32) return w;
  const int64_t n = rows * per_row;
  out.resize(static_cast<size_t>(n));
  if (l.mode == QuantMode::FixedPoint) {
    quantizeFixedPoint(w, n, {bits, fixedPointFractionLength(w, n, bits)}, 0, out.data(), nullptr);
  } else if (per_channel) {
    auto g =
        quantizePerChannel(w, static_cast<int>(rows), per_row, bits, out.data(), codes, l.mode == QuantMode::Symmetric);
    if (grids) *grids = std::move(g);
  } else {
    const QuantParams g =
        quantizePerTensor(w, n, bits, Rounding::Nearest, 0, out.data(), codes, l.mode == QuantMode::Symmetric);
    if (grids) *grids = {g};
  }
  return out.data();
}

const float* quantizeActivation(const GemmLayer& l, int bits, ActivationQuantizer& q, const float* x, int64_t n,
                                bool train, std::vector<float>& out, uint16_t* codes, QuantParams* grid) {
  if (bits >= 32) return x;
  out.resize(static_cast<size_t>(n));
  if (l.mode == QuantMode::FixedPoint)
    quantizeFixedPoint(x, n, {bits, fixedPointFractionLength(x, n, bits)}, 0, out.data(), nullptr);
  else if (grid)
    *grid = q.apply(x, n, bits, train, out.data(), codes, l.mode == QuantMode::Symmetric);
  else
    q.apply(x, n, bits, train, out.data(), codes, l.mode == QuantMode::Symmetric);
  return out.data();
}

const float* quantizeError(const GemmLayer& l, const float* dy, int64_t n, uint64_t key, std::vector<float>& out,
                           double* underflow, uint16_t* codes, QuantParams* grid) {
  if (underflow) *underflow = -1.0;
  if (l.bits.g >= 32) return dy;
  out.resize(static_cast<size_t>(n));
  float step = 0.0f;
  if (l.mode == QuantMode::FixedPoint) {
    const int fl = fixedPointFractionLength(dy, n, l.bits.g);
    quantizeFixedPoint(dy, n, {l.bits.g, fl, Rounding::Stochastic}, key, out.data(), nullptr);
    step = std::ldexp(1.0f, -fl);
  } else {
    const QuantParams g = quantizePerTensor(dy, n, l.bits.g, Rounding::Stochastic, key, out.data(), codes,
                                            l.mode == QuantMode::Symmetric);
    if (grid) *grid = g;
    step = g.scale;
  }
  if (underflow && l.track_grad_underflow) *underflow = underflowFraction(dy, n, 0.5f * step);
  return out.data();
}

uint64_t errorKey(const GemmLayer& l, uint64_t seed, int64_t iter, uint64_t part) {
  return streamKey(seed, static_cast<uint64_t>(iter), static_cast<uint64_t>(l.index), 0xE77 + (part << 16));
}

double quantizationSignal(const float* g, const float* q, const float* x, int64_t n) {
  if (q == x) return 0.0;
  double s = 0.0;
  for (int64_t i = 0; i < n; ++i) s += double(g[i]) * (q[i] - x[i]);
  return s;
}

}  // namespace vpsim
