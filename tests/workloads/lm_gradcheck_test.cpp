// Gradient checks for the language-model layers (FP32, small shapes): embedding, layer norm, GELU,
// dropout, the token linear layer, the LSTM cell through time, causal attention, softmax
// cross-entropy over a vocabulary and both whole models; plus the properties their backward relies
// on: the LSTM state carries across batches, attention never looks ahead, and the quantized GEMMs
// use the grids of methods.md on the right operands.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "workloads/train/attention.h"
#include "workloads/train/gemm.h"
#include "workloads/train/layers.h"
#include "workloads/train/lstm.h"
#include "workloads/train/network.h"
#include "workloads/train/operand_quant.h"
#include "workloads/train/text_layers.h"
#include "workloads/train/token_linear.h"

namespace vpsim {
namespace {

Tensor randomTensor(int n, int c, uint64_t seed, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(n, c, 1, 1);
  Rng rng(seed);
  for (float& v : t.v) v = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return t;
}

StepContext probeContext() {
  StepContext ctx;
  ctx.stream_start = true;  // every probe starts from the same (zero) recurrent state
  return ctx;
}

// Loss = sum(y * r) for a fixed random r, so dL/dy = r.
double probeLoss(Module& m, const Tensor& x, const Tensor& r) {
  Tensor y;
  m.forward(x, y, probeContext());
  double s = 0.0;
  for (int64_t i = 0; i < y.size(); ++i) s += double(y.v[i]) * r.v[i];
  return s;
}

// Analytic gradients of x (unless check_x is false: token ids) and of every parameter against
// central differences on up to 40 entries each; |a - n| <= tol * max(1, |n|).
void checkModule(Module& m, Tensor x, double tol, double h = 1e-2, bool check_x = true) {
  Tensor y, dx;
  m.forward(x, y, probeContext());
  const Tensor r = randomTensor(y.n, y.c, 99);
  m.backward(r, dx, true);
  std::vector<Param> params;
  m.params(params);
  std::vector<Tensor> grads;
  for (auto& p : params) grads.push_back(*p.grad);
  auto check = [&](std::vector<float>& values, const std::vector<float>& analytic, const std::string& what) {
    ASSERT_EQ(values.size(), analytic.size()) << what;
    const int64_t n = static_cast<int64_t>(values.size()), step = std::max<int64_t>(1, n / 40);
    for (int64_t i = 0; i < n; i += step) {
      const float keep = values[i];
      values[i] = keep + static_cast<float>(h);
      const double up = probeLoss(m, x, r);
      values[i] = keep - static_cast<float>(h);
      const double down = probeLoss(m, x, r);
      values[i] = keep;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(analytic[i], numeric, tol * std::max(1.0, std::fabs(numeric))) << what << "[" << i << "]";
    }
  };
  if (check_x) check(x.v, dx.v, "dx");
  for (size_t p = 0; p < params.size(); ++p) check(params[p].value->v, grads[p].v, params[p].name);
}

Tensor tokenIds(int streams, int steps, int vocab, uint64_t seed) {
  Tensor t(streams, steps, 1, 1);
  Rng rng(seed);
  for (float& v : t.v) v = static_cast<float>(rng.below(uint64_t(vocab)));
  return t;
}

TEST(LmGradCheck, EmbeddingWithPositions) {
  Rng rng(1);
  Embedding e("embed", 7, 5, 4, 0.5, rng);
  Tensor ids = tokenIds(3, 4, 7, 2);
  ids.v[0] = ids.v[5] = 3.0f;  // a repeated token: its gradient rows add up
  checkModule(e, ids, 1e-3, 1e-2, false);
  Embedding plain("embed", 6, 3, 0, 0.5, rng);
  checkModule(plain, tokenIds(2, 5, 6, 3), 1e-3, 1e-2, false);
}

TEST(LmGradCheck, LayerNorm) {
  LayerNorm ln("ln", 6);
  Rng rng(3);
  for (float& g : ln.gamma.v) g = static_cast<float>(0.5 + rng.uniform());
  for (float& b : ln.beta.v) b = static_cast<float>(rng.uniform() - 0.5);
  checkModule(ln, randomTensor(5, 6, 4), 5e-3);
}

TEST(LmGradCheck, GeluAndDropout) {
  Gelu gelu;
  checkModule(gelu, randomTensor(4, 5, 5, -3.0f, 3.0f), 2e-3);
  Dropout drop(0.4, 7);  // the mask is fixed by (seed, iteration, id): the same in every probe
  checkModule(drop, randomTensor(4, 6, 6), 1e-3);
  Tensor y;
  const Tensor x = randomTensor(50, 40, 7);
  drop.forward(x, y, probeContext());
  int zeros = 0;
  for (int64_t i = 0; i < y.size(); ++i) zeros += y.v[i] == 0.0f;
  EXPECT_NEAR(zeros / 2000.0, 0.4, 0.05);
  StepContext eval;
  eval.train = false;
  drop.forward(x, y, eval);
  EXPECT_EQ(y.v, x.v);  // evaluation: identity
}

TEST(LmGradCheck, TokenLinear) {
  Rng rng(1);
  TokenLinear fc(matmulOp("fc", 3, 6, 4), rng);
  checkModule(fc, randomTensor(6, 6, 8), 1e-3);
}

TEST(LmGradCheck, LstmCellThroughTime) {
  Rng rng(1);
  // 3 streams x 4 steps, input 3, hidden 4: BPTT through every step and gate.
  Lstm lstm(matmulOp("lstm1", 4, 7, 16), 3, 4, 3, rng);
  checkModule(lstm, randomTensor(12, 3, 9), 2e-3);
}

TEST(LmGradCheck, CausalAttention) {
  CausalAttention attn("layer1.", 5, 6, 2);  // 5 tokens, d 6, 2 heads
  checkModule(attn, randomTensor(10, 18, 10, -1.5f, 1.5f), 2e-3);
}

TEST(LmGradCheck, SoftmaxCrossEntropyOverVocabulary) {
  Tensor z = randomTensor(12, 50, 12, -3.0f, 3.0f);  // 12 token positions, vocabulary 50
  std::vector<int> targets;
  for (int i = 0; i < 12; ++i) targets.push_back((i * 17) % 50);
  Tensor dz;
  const double loss = softmaxCrossEntropy(z, targets, &dz, nullptr);
  double ref = 0.0;  // mean -log softmax, directly
  for (int n = 0; n < 12; ++n) {
    double s = 0.0;
    for (int k = 0; k < 50; ++k) s += std::exp(double(z.v[n * 50 + k]));
    ref += std::log(s) - z.v[n * 50 + targets[n]];
  }
  EXPECT_NEAR(loss, ref / 12, 1e-9);
  const double h = 1e-3;
  for (int64_t i = 0; i < z.size(); i += 7) {
    const float keep = z.v[i];
    z.v[i] = keep + static_cast<float>(h);
    const double up = softmaxCrossEntropy(z, targets, nullptr, nullptr);
    z.v[i] = keep - static_cast<float>(h);
    const double down = softmaxCrossEntropy(z, targets, nullptr, nullptr);
    z.v[i] = keep;
    EXPECT_NEAR(dz.v[i], (up - down) / (2 * h), 1e-4);
  }
}

// Whole models: loss of a batch against finite differences for a few weights of every parameter.
// h: the transformer's residual stream starts at the embeddings' scale (std 0.02), which layer norm
// divides by, so its steps must be small against that.
void checkWholeModel(const std::string& model, const LmConfig& lm, double tol, double h) {
  DatasetInfo ds;
  ds.name = "tiny", ds.classes = 11, ds.sequence_length = 4;
  auto net = Network::build(model, ds, 1, lm);
  const Tensor ids = tokenIds(static_cast<int>(lm.batch), 4, 11, 5);
  std::vector<int> targets;
  for (int64_t i = 0; i < ids.size(); ++i) targets.push_back(static_cast<int>(ids.v[(i + 1) % ids.size()]));
  auto loss = [&](Tensor* dz) { return softmaxCrossEntropy(net->forward(ids, probeContext()), targets, dz, nullptr); };
  Tensor dz;
  loss(&dz);
  net->backward(dz);
  for (auto& p : net->params()) {
    const Tensor grad = *p.grad;
    for (int64_t i = 0; i < p.value->size(); i += std::max<int64_t>(1, p.value->size() / 5)) {
      const float keep = p.value->v[i];
      p.value->v[i] = keep + static_cast<float>(h);
      const double up = loss(nullptr);
      p.value->v[i] = keep - static_cast<float>(h);
      const double down = loss(nullptr);
      p.value->v[i] = keep;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(grad.v[i], numeric, tol * std::max(0.05, std::fabs(numeric)))
          << model << " " << p.name << "[" << i << "]";
    }
  }
}

TEST(LmGradCheck, WholeLanguageModels) {
  LmConfig lm;
  lm.width = 6, lm.layers = 2, lm.heads = 2, lm.mlp = 8, lm.batch = 2;
  checkWholeModel("lstm", lm, 2e-2, 1e-2);
  checkWholeModel("transformer", lm, 2e-2, 1e-3);
}

// Two batches with carried state give the outputs of one long batch; a stream start resets it.
TEST(LmLayers, LstmStateCarriesAcrossBatches) {
  Rng rng(4);
  Lstm a(matmulOp("lstm1", 3, 6, 12), 3, 3, 2, rng);
  Rng rng2(4);
  Lstm whole(matmulOp("lstm1", 6, 6, 12), 3, 3, 2, rng2);
  const Tensor x = randomTensor(12, 3, 5);  // 2 streams x 6 steps
  Tensor first(6, 3, 1, 1), second(6, 3, 1, 1), y1, y2, y;
  for (int s = 0; s < 2; ++s)
    for (int t = 0; t < 6; ++t)
      std::copy_n(x.data() + (s * 6 + t) * 3, 3, (t < 3 ? first : second).data() + (s * 3 + t % 3) * 3);
  StepContext ctx = probeContext();
  a.forward(first, y1, ctx);
  ctx.stream_start = false;
  a.forward(second, y2, ctx);
  whole.forward(x, y, probeContext());
  for (int s = 0; s < 2; ++s)
    for (int t = 0; t < 6; ++t)
      for (int j = 0; j < 3; ++j)
        EXPECT_NEAR(y.v[(s * 6 + t) * 3 + j], (t < 3 ? y1 : y2).v[(s * 3 + t % 3) * 3 + j], 1e-6) << s << "," << t;
  a.forward(second, y1, probeContext());  // reset: not the continuation any more
  EXPECT_GT(std::fabs(y1.v[0] - y2.v[0]), 1e-4);
}

// Changing token t changes no output before t (at FP32: a per-tensor grid depends on every token),
// and a loss on token t sends no gradient to the tokens after it, also with 4-bit operands (masked
// positions are exact zeros in the quantized probabilities). Errors stay FP32 here: quantized, the
// zero errors of the other tokens become noise of their own.
TEST(LmLayers, AttentionIsCausal) {
  for (int bits : {32, 4}) {
    CausalAttention attn("l.", 6, 4, 2);
    attn.scores.bits = attn.context.bits = Bits{bits, bits, 32};
    Tensor x = randomTensor(6, 12, 11), y0, y1;
    attn.forward(x, y0, probeContext());
    for (int c = 0; c < 12; ++c) x.v[4 * 12 + c] += 0.5f;  // token 4 of 6
    attn.forward(x, y1, probeContext());
    for (int t = 0; t < 6; ++t)
      for (int c = 0; c < 4; ++c) {
        if (bits < 32) continue;
        if (t < 4)
          EXPECT_EQ(y0.v[t * 4 + c], y1.v[t * 4 + c]) << "token " << t;
        else
          EXPECT_NE(y0.v[t * 4 + c], y1.v[t * 4 + c]) << "token " << t;
      }
    Tensor dy(6, 4, 1, 1), dx;
    for (int c = 0; c < 4; ++c) dy.v[2 * 4 + c] = 1.0f;  // loss on token 2 only
    attn.backward(dy, dx, true);
    for (int t = 3; t < 6; ++t)
      for (int c = 0; c < 12; ++c) EXPECT_EQ(dx.v[t * 12 + c], 0.0f) << bits << " bits, token " << t;
  }
}

// At 4/6/5 bits the forward is the FP32 GEMM of the 4-bit per-channel weights and the 6-bit
// per-tensor input, and dW is that of the 5-bit stochastically rounded errors and the same input.
TEST(LmLayers, TokenLinearQuantizesEachOperandOnItsGrid) {
  Rng rng(2);
  TokenLinear fc(matmulOp("fc", 4, 8, 5), rng);
  fc.bits = Bits{4, 6, 5};
  const Tensor x = randomTensor(8, 8, 3);
  Tensor y, dx;
  StepContext ctx = probeContext();
  fc.forward(x, y, ctx);
  std::vector<float> xq(x.v.size()), wq(fc.weight.v.size());
  quantizePerTensor(x.data(), x.size(), 6, Rounding::Nearest, 0, xq.data(), nullptr);
  const auto wp = quantizePerChannel(fc.weight.data(), 5, 8, 4, wq.data(), nullptr);
  Tensor ref(8, 5, 1, 1);
  gemm(false, true, 8, 5, 8, xq.data(), wq.data(), ref.data(), false);
  for (int64_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y.v[i], ref.v[i], 1e-5) << i;
  EXPECT_EQ(fc.act_quant.run_range,
            0.1f * (*std::max_element(x.v.begin(), x.v.end()) - *std::min_element(x.v.begin(), x.v.end())));
  const Tensor dy = randomTensor(8, 5, 4);
  fc.backward(dy, dx, true);
  std::vector<float> gq(dy.v.size());
  quantizePerTensor(dy.data(), dy.size(), 5, Rounding::Stochastic, errorKey(fc, ctx.seed, ctx.iter, 0), gq.data(),
                    nullptr);
  std::vector<float> dw(wq.size());
  gemm(true, false, 5, 8, 8, gq.data(), xq.data(), dw.data(), false);
  for (size_t i = 0; i < dw.size(); ++i) EXPECT_NEAR(fc.weight_grad.v[i], dw[i], 1e-5) << i;
  std::vector<float> dxr(x.v.size());
  gemm(false, false, 8, 8, 5, gq.data(), wq.data(), dxr.data(), false);
  for (size_t i = 0; i < dxr.size(); ++i) EXPECT_NEAR(dx.v[i], dxr[i], 1e-5) << i;
  (void)wp;
}

}  // namespace
}  // namespace vpsim
