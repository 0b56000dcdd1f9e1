// The language models of Network::build (see network.h), with the zoo's layer lists
// (workloads/zoo_large.cpp) at the zoo's shapes (lm_config.h):
// - lstm: embedding -> dropout -> LSTM layers (each followed by dropout) -> FP32 `decoder` to the
//   vocabulary (Zaremba et al.; the embedding is as wide as the hidden state).
// - transformer: token + learned position embedding -> dropout -> pre-norm blocks
//   x + proj(attention(qkv(ln1(x)))), x + fc2(gelu(fc1(ln2(x)))) -> final layer norm -> FP32
//   `decoder` (GPT-2's layout, untied embeddings).
#include "traces/input_error.h"
#include "workloads/train/attention.h"
#include "workloads/train/lstm.h"
#include "workloads/train/network.h"
#include "workloads/train/text_layers.h"
#include "workloads/train/token_linear.h"

#include <cmath>

namespace vpsim {

namespace {

// The zoo's post ops of a transformer block's GEMMs (zoo_large.cpp transformerBlock).
LayerOp withPost(LayerOp op, const char* ops) {
  op.post = parsePostOps(ops);
  return op;
}

void addInto(Tensor& y, const Tensor& a) {
  for (int64_t i = 0; i < y.size(); ++i) y.v[i] += a.v[i];
}

class TransformerBlock : public Module {
 public:
  TransformerBlock(const std::string& p, int64_t steps, const LmConfig& c, uint64_t id, Rng& rng)
      : ln1_(p + "ln1", c.width),
        qkv_(matmulOp(p + "qkv", steps, c.width, 3 * c.width), rng, 0.02),
        attn_(p, steps, c.width, c.heads),
        proj_(withPost(matmulOp(p + "proj", steps, c.width, c.width), "bn,residual"), rng,
              0.02 / std::sqrt(2.0 * c.layers)),
        drop1_(c.dropout, 2 * id),
        ln2_(p + "ln2", c.width),
        fc1_(withPost(matmulOp(p + "fc1", steps, c.width, c.mlp), "relu"), rng, 0.02),
        fc2_(withPost(matmulOp(p + "fc2", steps, c.mlp, c.width), "bn,residual"), rng,
             0.02 / std::sqrt(2.0 * c.layers)),
        drop2_(c.dropout, 2 * id + 1) {}
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override {
    ln1_.forward(x, a_[0], ctx), qkv_.forward(a_[0], a_[1], ctx), attn_.forward(a_[1], a_[2], ctx);
    proj_.forward(a_[2], a_[3], ctx), drop1_.forward(a_[3], r1_, ctx), addInto(r1_, x);  // residual 1
    ln2_.forward(r1_, b_[0], ctx), fc1_.forward(b_[0], b_[1], ctx), gelu_.forward(b_[1], b_[2], ctx);
    fc2_.forward(b_[2], b_[3], ctx), drop2_.forward(b_[3], y, ctx), addInto(y, r1_);  // residual 2
  }
  void backward(const Tensor& dy, Tensor& dx, bool) override {
    Tensor g, h;
    drop2_.backward(dy, g, true), fc2_.backward(g, h, true), gelu_.backward(h, g, true);
    fc1_.backward(g, h, true), ln2_.backward(h, g, true);
    addInto(g, dy);  // dL/dr1: through the MLP branch and the skip
    drop1_.backward(g, h, true), proj_.backward(h, dx, true), attn_.backward(dx, h, true);
    qkv_.backward(h, dx, true), ln1_.backward(dx, h, true);
    dx = std::move(h);
    addInto(dx, g);
  }
  void params(std::vector<Param>& out) override {
    ln1_.params(out), qkv_.params(out), proj_.params(out), ln2_.params(out), fc1_.params(out), fc2_.params(out);
  }
  void buffers(std::vector<BufferRef>& out) override {
    qkv_.buffers(out), attn_.buffers(out), proj_.buffers(out), fc1_.buffers(out), fc2_.buffers(out);
  }
  void gemmLayers(std::vector<GemmLayer*>& out) override {
    qkv_.gemmLayers(out), attn_.gemmLayers(out), proj_.gemmLayers(out), fc1_.gemmLayers(out), fc2_.gemmLayers(out);
  }

 private:
  LayerNorm ln1_;
  TokenLinear qkv_;
  CausalAttention attn_;
  TokenLinear proj_;
  Dropout drop1_;
  LayerNorm ln2_;
  TokenLinear fc1_;
  Gelu gelu_;
  TokenLinear fc2_;
  Dropout drop2_;
  Tensor a_[4], b_[4], r1_;
};

}  // namespace

std::unique_ptr<Network> Network::buildLanguageModel(const std::string& model, const DatasetInfo& ds, uint64_t seed,
                                                     const LmConfig& lm) {
  if (ds.channels != 0 || ds.classes < 2 || ds.sequence_length < 1)
    throw InputError("model '" + model +
                     "' trains on a token corpus (ptb, wikitext2, wikitext103, text, vimdoc), not '" + ds.name + "'");
  const LmConfig c = resolvedLm(model, lm);
  const int64_t T = ds.sequence_length, V = ds.classes, W = c.width;
  if (c.width < 1 || c.layers < 1 || c.batch < 1) throw InputError("lm: width, layers and batch must be positive");
  std::unique_ptr<Network> net(new Network());
  Rng rng(streamKey(seed, 0x1418));
  auto add = [&](Module* m) { net->seq_.emplace_back(m); };
  if (model == "lstm") {
    add(new Embedding("embed", V, W, 0, 0.1, rng));
    add(new Dropout(c.dropout, 100));
    for (int64_t l = 1; l <= c.layers; ++l) {
      const std::string name = "lstm" + std::to_string(l);
      add(new Lstm(matmulOp(name, T, 2 * W, 4 * W), W, W, c.batch, rng));
      add(new Dropout(c.dropout, 100 + uint64_t(l)));
    }
  } else {
    if (c.heads < 1 || W % c.heads != 0)
      throw InputError("lm: width " + std::to_string(W) + " is not a multiple of heads " + std::to_string(c.heads));
    add(new Embedding("embed", V, W, T, 0.02 * std::sqrt(3.0), rng));  // U(-r, r) with std 0.02
    add(new Dropout(c.dropout, 100));
    for (int64_t l = 1; l <= c.layers; ++l)
      add(new TransformerBlock("layer" + std::to_string(l) + ".", T, c, 100 + uint64_t(l), rng));
    add(new LayerNorm("ln_f", W));
  }
  add(new TokenLinear(matmulOp("decoder", T, W, V, 1, false), rng));  // PyTorch's Linear init
  net->finish(true);  // the embeddings are trained: the first GEMM's input gradient is needed
  return net;
}

}  // namespace vpsim
