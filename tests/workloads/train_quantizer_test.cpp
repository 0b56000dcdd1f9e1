// Quantizer tests against hand-worked values (ties, clamps, zero ranges, EMA, fixed point),
// stochastic rounding statistics, and the integer view: a GEMM on codes reproduces the float GEMM
// of the dequantized operands, including inside a quantized Conv2d.
#include <gtest/gtest.h>

#include <cmath>

#include "traces/input_error.h"
#include "workloads/train/conv.h"
#include "workloads/train/gemm.h"
#include "workloads/train/int_gemm.h"
#include "workloads/train/network.h"
#include "workloads/train/quantizer.h"

namespace vpsim {
namespace {

TEST(TrainQuantizer, HandWorkedTiesAndClamps) {
  // lo = -1, hi = 2, 2 bits: qmax = 3, scale = 1, so u = x + 1.
  const QuantParams p = affineParams(-1.0f, 2.0f, 2);
  EXPECT_FLOAT_EQ(p.scale, 1.0f);
  const float x[] = {-1.0f, -0.5f, 0.5f, 1.5f, 2.0f, 5.0f, -3.0f, 0.2f};
  const uint16_t want[] = {0, 0, 2, 2, 3, 3, 0, 1};  // u = 0.5 -> 0 and u = 2.5 -> 2 (half to even)
  float xh[8];
  uint16_t q[8];
  quantizeWithParams(x, 8, p, Rounding::Nearest, 0, xh, q);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(q[i], want[i]) << "x = " << x[i];
    EXPECT_FLOAT_EQ(xh[i], want[i] - 1.0f);
  }
}

TEST(TrainQuantizer, PerTensorMinMaxAndZeroRange) {
  const float x[] = {0.0f, 0.25f, 1.0f, 0.5f};
  float xh[4];
  uint16_t q[4];
  QuantParams p = quantizePerTensor(x, 4, 2, Rounding::Nearest, 0, xh, q);  // scale 1/3
  EXPECT_FLOAT_EQ(p.lo, 0.0f);
  EXPECT_FLOAT_EQ(p.scale, 1.0f / 3.0f);
  EXPECT_EQ(q[1], 1);  // 0.75 -> 1
  EXPECT_EQ(q[2], 3);
  EXPECT_EQ(q[3], 2);  // 1.5 -> 2 (even)
  const float same[] = {0.7f, 0.7f, 0.7f};
  float sh[3];
  p = quantizePerTensor(same, 3, 8, Rounding::Nearest, 0, sh, nullptr);
  EXPECT_FLOAT_EQ(p.scale, 1e-8f);  // max(range / qmax, 1e-8)
  for (float v : sh) EXPECT_FLOAT_EQ(v, 0.7f);
}

TEST(TrainQuantizer, PerChannelWeights) {
  // Channel 0 spans [0, 3], channel 1 spans [-2, 2]; 2 bits each.
  const float w[] = {0.0f, 1.0f, 3.0f, 1.4f, -2.0f, 2.0f, 0.0f, -0.7f};
  float wh[8];
  uint16_t q[8];
  auto params = quantizePerChannel(w, 2, 4, 2, wh, q);
  EXPECT_FLOAT_EQ(params[0].scale, 1.0f);
  EXPECT_FLOAT_EQ(params[1].lo, -2.0f);
  EXPECT_FLOAT_EQ(params[1].scale, 4.0f / 3.0f);
  const uint16_t want[] = {0, 1, 3, 1, 0, 3, 2, 1};  // 0 -> u = 1.5 -> 2 ; -0.7 -> u = 0.975 -> 1
  for (int i = 0; i < 8; ++i) EXPECT_EQ(q[i], want[i]) << i;
}

TEST(TrainQuantizer, ActivationEma) {
  ActivationQuantizer aq;
  float a[] = {0.0f, 1.0f}, b[] = {-1.0f, 3.0f}, out[2];
  aq.apply(a, 2, 8, true, out, nullptr);
  EXPECT_FLOAT_EQ(aq.run_lo, 0.0f);
  EXPECT_FLOAT_EQ(aq.run_range, 0.1f);
  aq.apply(b, 2, 8, true, out, nullptr);
  EXPECT_FLOAT_EQ(aq.run_lo, -0.1f);
  EXPECT_FLOAT_EQ(aq.run_range, 0.9f * 0.1f + 0.1f * 4.0f);
  // Evaluation: the EMA grid, values outside it clamp to its ends.
  float c[] = {-5.0f, 5.0f};
  const QuantParams p = aq.apply(c, 2, 8, false, out, nullptr);
  EXPECT_FLOAT_EQ(p.lo, -0.1f);
  EXPECT_FLOAT_EQ(out[0], -0.1f);
  EXPECT_NEAR(out[1], -0.1f + 0.49f, 1e-6);
  EXPECT_FLOAT_EQ(aq.run_lo, -0.1f);  // evaluation does not update the EMA
}

TEST(TrainQuantizer, StochasticRoundingStatistics) {
  // Grid lo = 0, scale = 1 (4 bits); x = 1.25 rounds up with probability 1/4: unbiased on average.
  const QuantParams p = affineParams(0.0f, 15.0f, 4);
  const int n = 200000;
  std::vector<float> x(n, 1.25f), xh(n), xh2(n), xh3(n);
  std::vector<uint16_t> q(n);
  quantizeWithParams(x.data(), n, p, Rounding::Stochastic, 42, xh.data(), q.data());
  int ups = 0;
  double mean = 0;
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(q[i] == 1 || q[i] == 2);
    ups += q[i] == 2;
    mean += xh[i];
  }
  EXPECT_NEAR(static_cast<double>(ups) / n, 0.25, 0.005);  // 5 sigma ~ 0.005
  EXPECT_NEAR(mean / n, 1.25, 0.005);
  quantizeWithParams(x.data(), n, p, Rounding::Stochastic, 42, xh2.data(), nullptr);
  quantizeWithParams(x.data(), n, p, Rounding::Stochastic, 43, xh3.data(), nullptr);
  EXPECT_EQ(xh, xh2);  // same key, same draw
  EXPECT_NE(xh, xh3);
  // Clamp before round: values at the ends never leave the grid.
  std::vector<float> ends = {0.0f, 15.0f}, eh(2);
  std::vector<uint16_t> eq(2);
  quantizeWithParams(ends.data(), 2, p, Rounding::Stochastic, 7, eh.data(), eq.data());
  EXPECT_LE(eq[1], 15);
}

TEST(TrainQuantizer, FixedPoint) {
  // wl = 4, fl = 2: step 0.25, codes -8..7.
  const float x[] = {0.375f, 0.625f, 10.0f, -10.0f, -0.3f};
  float xh[5];
  int32_t q[5];
  quantizeFixedPoint(x, 5, {4, 2, Rounding::Nearest}, 0, xh, q);
  const int32_t want[] = {2, 2, 7, -8, -1};  // 1.5 -> 2, 2.5 -> 2 (even), clamps, -1.2 -> -1
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(q[i], want[i]) << i;
    EXPECT_FLOAT_EQ(xh[i], want[i] * 0.25f);
  }
  const float y[] = {3.0f, -1.0f};
  EXPECT_EQ(fixedPointFractionLength(y, 2, 8), 5);  // |3| needs 2 integer bits: 8 - 1 - 2
}

TEST(TrainQuantizer, IntegerGemmMatchesDequantizedFloatGemm) {
  const int m = 6, n = 10, k = 27;
  Rng rng(5);
  std::vector<float> w(m * k), x(k * n), wh(m * k), xh(k * n);
  for (float& v : w) v = static_cast<float>(rng.normal());
  for (float& v : x) v = static_cast<float>(2 * rng.uniform() - 0.5);
  for (int bw : {3, 8}) {
    std::vector<uint16_t> qw(m * k), qx(k * n);
    auto pw = quantizePerChannel(w.data(), m, k, bw, wh.data(), qw.data());
    const QuantParams px = quantizePerTensor(x.data(), k * n, 6, Rounding::Nearest, 0, xh.data(), qx.data());
    std::vector<float> ref(m * n);
    gemm(false, false, m, n, k, wh.data(), xh.data(), ref.data(), false);
    const auto viaInts = dequantizedIntegerGemm(m, n, k, qw.data(), pw, qx.data(), px);
    for (int i = 0; i < m * n; ++i) EXPECT_NEAR(viaInts[i], ref[i], 1e-4 * (1 + std::fabs(ref[i]))) << bw << ":" << i;
  }
}

// The symmetric option: 2^b - 1 levels centred on an exact zero, max|x| on the outermost level, and
// a GEMM that is the signed codes' integer GEMM times the two scales, with no zero-point terms.
TEST(TrainQuantizer, SymmetricGridAndItsSignedIntegerGemm) {
  const float v[] = {-3.0f, -1.5f, 0.0f, 0.4f, 1.5f};
  float xh[5];
  uint16_t q[5];
  const QuantParams p = quantizePerTensor(v, 5, 3, Rounding::Nearest, 0, xh, q, true);  // 3 bits: -3..3
  EXPECT_TRUE(p.symmetric);
  EXPECT_EQ(p.zeroCode(), 3);
  EXPECT_EQ(p.qmax(), 6u);
  EXPECT_FLOAT_EQ(p.scale, 1.0f);  // max|x| = 3 on level 3
  // Ties round half to even on the unsigned code (Z = 3 is odd): +-1.5 -> codes 4 and 2 -> +-1.
  const int expect_signed[] = {-3, -1, 0, 0, 1};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(int(q[i]) - p.zeroCode(), expect_signed[i]) << i;
    EXPECT_EQ(xh[i], float(expect_signed[i]) * p.scale) << i;
  }
  EXPECT_THROW(symmetricParams(1.0f, 1), InputError);

  const int m = 6, n = 10, k = 27;
  Rng rng(9);
  std::vector<float> w(m * k), x(k * n), wh(m * k), xq(k * n);
  for (float& f : w) f = static_cast<float>(rng.normal());
  for (float& f : x) f = static_cast<float>(2 * rng.uniform() - 0.5);
  std::vector<uint16_t> qw(m * k), qx(k * n);
  const auto pw = quantizePerChannel(w.data(), m, k, 5, wh.data(), qw.data(), true);
  const QuantParams px = quantizePerTensor(x.data(), k * n, 6, Rounding::Nearest, 0, xq.data(), qx.data(), true);
  std::vector<int32_t> sw(m * k), sx(k * n);
  for (int i = 0; i < m * k; ++i) sw[i] = int32_t(qw[i]) - pw[i / k].zeroCode();
  for (int i = 0; i < k * n; ++i) sx[i] = int32_t(qx[i]) - px.zeroCode();
  std::vector<int64_t> acc(m * n);
  integerGemm(m, n, k, sw.data(), sx.data(), acc.data());
  std::vector<float> ref(m * n);
  gemm(false, false, m, n, k, wh.data(), xq.data(), ref.data(), false);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j)
      EXPECT_NEAR(double(pw[i].scale) * px.scale * double(acc[i * n + j]), ref[i * n + j],
                  1e-4 * (1 + std::fabs(ref[i * n + j])));
}

// The trainer's quantized conv computes exactly what the integer datapath computes (pad 0, so
// every operand is a code; stride 2 1x1 like a ResNet shortcut, and a 3x3).
TEST(TrainQuantizer, QuantizedConvEqualsIntegerArithmetic) {
  for (int kernel : {1, 3}) {
    Rng rng(9);
    LayerOp op = convOp("c", 4, 5, 7, kernel, kernel == 1 ? 2 : 1);
    op.pad = 0, op.out_h = op.out_w = (7 - kernel) / op.stride + 1;
    Conv2d conv(op, rng);
    conv.bits = Bits{5, 6, 8};
    conv.keep_codes = true;
    Tensor x(2, 4, 7, 7), y;
    for (float& v : x.v) v = static_cast<float>(rng.normal());
    conv.forward(x, y, StepContext{});
    const int64_t hw = op.out_h * op.out_w, kk = 4 * kernel * kernel;
    for (int s = 0; s < 2; ++s) {
      // im2col on codes (no padding: every entry is a real code).
      std::vector<float> xcodes(conv.x_codes.begin() + s * 4 * 49, conv.x_codes.begin() + (s + 1) * 4 * 49),
          col(kk * hw);
      im2col(xcodes.data(), 4, 7, 7, op, col.data(), hw, 0);
      std::vector<uint16_t> qcol(col.begin(), col.end());
      const auto out =
          dequantizedIntegerGemm(5, hw, kk, conv.w_codes.data(), conv.w_params, qcol.data(), conv.x_params);
      for (int64_t i = 0; i < 5 * hw; ++i) EXPECT_NEAR(out[i], y.sample(s)[i], 1e-4 * (1 + std::fabs(out[i])));
    }
  }
}

}  // namespace
}  // namespace vpsim
