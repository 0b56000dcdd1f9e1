// TokenLinear forward/backward (see token_linear.h). GEMMs run in fixed row blocks
// (gemm_blocks.h): the results do not depend on the thread count.
#include "workloads/train/token_linear.h"

#include <cmath>

#include "workloads/train/gemm_blocks.h"
#include "workloads/train/operand_quant.h"

namespace vpsim {

LayerOp matmulOp(const std::string& name, int64_t tokens, int64_t in, int64_t out, int64_t groups, bool quantized) {
  LayerOp l;
  l.name = name, l.kind = LayerKind::Matmul, l.in_c = in, l.out_c = out, l.groups = groups;
  l.in_h = l.out_h = tokens, l.quantized = quantized;
  return l;
}

TokenLinear::TokenLinear(const LayerOp& o, Rng& rng, double init_std) {
  op = o;
  const int in = static_cast<int>(op.in_c), out = static_cast<int>(op.out_c);
  weight.resize(out, in, 1, 1), bias.resize(1, out, 1, 1);
  const double bound = 1.0 / std::sqrt(static_cast<double>(in));
  for (float& v : weight.v)
    v = static_cast<float>(init_std > 0 ? rng.normal() * init_std : (2.0 * rng.uniform() - 1.0) * bound);
}

void TokenLinear::params(std::vector<Param>& out) {
  out.push_back({op.name + ".weight", &weight, &weight_grad});
  out.push_back({op.name + ".bias", &bias, &bias_grad});
}

void TokenLinear::forward(const Tensor& x, Tensor& y, const StepContext& ctx) {
  ctx_ = ctx, x_ = &x;
  const int64_t rows = x.n, in = op.in_c, out = op.out_c;
  // Co-simulation spot checks: the codes of both operands, the input's of sample 0 channel-major
  // ([in x tokens], the layout a conv keeps), as sim/cosim/spot_check.cpp samples them.
  const bool codes = keep_codes && bits.a < 32 && bits.w < 32 && mode != QuantMode::FixedPoint;
  std::vector<uint16_t> xc(codes ? size_t(x.size()) : 0);
  w_codes.assign(codes ? size_t(weight.size()) : 0, 0);
  x_used_ = quantizeActivation(*this, bits.a, act_quant, x.data(), x.size(), ctx.train, x_hat_,
                               codes ? xc.data() : nullptr, &x_params);
  w_used_ =
      quantizeStationary(*this, weight.data(), out, in, true, w_hat_, codes ? w_codes.data() : nullptr, &w_params);
  x_codes.assign(codes ? size_t(in * op.in_h) : 0, 0);
  for (int64_t t = 0; codes && t < op.in_h; ++t)
    for (int64_t c = 0; c < in; ++c) x_codes[size_t(c * op.in_h + t)] = xc[size_t(t * in + c)];
  y.resize(static_cast<int>(rows), static_cast<int>(out), 1, 1);
  gemmRowBlocks(true, rows, out, in, x_used_, w_used_, y.data(), false);  // y = x W^T
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t o = 0; o < out; ++o) y.v[r * out + o] += bias.v[o];
}

void TokenLinear::backward(const Tensor& dy, Tensor& dx, bool need_dx) {
  const int64_t rows = dy.n, in = op.in_c, out = op.out_c;
  bias_grad.resize(1, static_cast<int>(out), 1, 1), bias_grad.zero();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t o = 0; o < out; ++o) bias_grad.v[o] += dy.v[r * out + o];  // FP32 errors: the vector unit's sum
  // Spot checks: the errors' codes of sample 0 channel-major ([out x tokens], as a conv keeps them).
  const bool codes = keep_codes && bits.g < 32 && mode != QuantMode::FixedPoint;
  std::vector<uint16_t> gc(codes ? size_t(dy.size()) : 0);
  const float* g = quantizeError(*this, dy.data(), dy.size(), errorKey(*this, ctx_.seed, ctx_.iter, 0), g_hat_,
                                 &grad_underflow, codes ? gc.data() : nullptr, &g_params);
  if (keep_codes) g_codes.assign(codes ? size_t(out * op.out_h) : 0, 0);
  for (int64_t t = 0; codes && t < op.out_h; ++t)
    for (int64_t o = 0; o < out; ++o) g_codes[size_t(o * op.out_h + t)] = gc[size_t(t * out + o)];
  std::vector<float> g_t(static_cast<size_t>(rows * out));
  transpose(g, rows, out, g_t.data());
  weight_grad.resize(weight.n, weight.c, 1, 1);
  gemmRowBlocks(false, out, in, rows, g_t.data(), x_used_, weight_grad.data(), false);  // dW = g^T x_hat
  if (need_dx) {
    dx.resize(x_->n, x_->c, x_->h, x_->w);
    gemmRowBlocks(false, rows, in, out, g, w_used_, dx.data(), false);  // dx = g W_hat
  }
  if (track_precision_grad)
    precision_grad = quantizationSignal(weight_grad.data(), w_used_, weight.data(), weight.size()) +
                     (need_dx ? quantizationSignal(dx.data(), x_used_, x_->data(), x_->size()) : 0.0);
}

}  // namespace vpsim
