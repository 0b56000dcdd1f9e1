// ImageNet ResNet-18/34/50 (He et al.; torchvision layout, stride on the 3x3 conv), DeiT-Tiny, and
// the language models of the CPT paper: a Transformer LM for WikiText-103 and a 2-layer LSTM for PTB.
// As in CPT's ImageNet code, the stem and the classifier stay FP32 (quantized = false).
#include <string>

#include "workloads/zoo_models.h"

namespace vpsim {

std::vector<LayerOp> imagenetResNet(int depth, const DatasetInfo& d) {
  const bool bottleneck = depth >= 50;
  const int blocks[3][4] = {{2, 2, 2, 2}, {3, 4, 6, 3}, {3, 4, 6, 3}};
  const int* n = blocks[depth == 18 ? 0 : depth == 34 ? 1 : 2];
  LayerBuilder b(d.channels, d.height, d.width);
  b.conv("conv1", 64, 7, 2, 3).quantized = false;
  b.then("bn,relu").pool(3, 2, 1);  // maxpool 3x3 stride 2 pad 1 (half the map at even sizes; odd ones round up)
  const int64_t widths[4] = {64, 128, 256, 512};
  const int64_t expansion = bottleneck ? 4 : 1;
  for (int s = 0; s < 4; ++s) {
    for (int i = 0; i < n[s]; ++i) {
      const int64_t stride = (s > 0 && i == 0) ? 2 : 1;
      const int64_t in_c = b.channels(), in_h = b.height(), in_w = b.width();
      const std::string p = "layer" + std::to_string(s + 1) + "." + std::to_string(i + 1) + ".";
      if (bottleneck) {
        b.conv(p + "conv1", widths[s], 1);
        b.then("bn,relu");
        b.conv(p + "conv2", widths[s], 3, stride);
        b.then("bn,relu");
        b.conv(p + "conv3", widths[s] * 4, 1);
      } else {
        b.conv(p + "conv1", widths[s], 3, stride);
        b.then("bn,relu");
        b.conv(p + "conv2", widths[s], 3);
      }
      b.then("bn,residual,relu");
      if (stride != 1 || in_c != widths[s] * expansion) {
        b.convFrom(p + "downsample", in_c, in_h, in_w, widths[s] * expansion, 1, stride, 0);
        b.then("bn");
      }
    }
  }
  b.globalPool();
  b.fc("fc", 512 * expansion, d.classes, false);
  return b.take();
}

namespace {
// One pre-norm transformer block over `tokens` tokens of width `dim`: qkv, per-head scores
// (Q K^T) and context (A V) as grouped activation x activation products, projection, MLP. Post
// ops: each residual add and the layer norm after it (the MLP's, the next block's or the final
// one) go to proj and fc2, GELU to fc1; the softmax is not priced.
void transformerBlock(LayerBuilder& b, const std::string& p, int64_t tokens, int64_t dim, int64_t heads, int64_t mlp) {
  const int64_t head_dim = dim / heads;
  b.matmul(p + "qkv", tokens, dim, 3 * dim);
  b.matmul(p + "attn_scores", tokens, heads * head_dim, heads * tokens, heads);
  b.matmul(p + "attn_context", tokens, heads * tokens, heads * head_dim, heads);
  b.matmul(p + "proj", tokens, dim, dim);
  b.then("bn,residual");
  b.matmul(p + "fc1", tokens, dim, mlp);
  b.then("relu");
  b.matmul(p + "fc2", tokens, mlp, dim);
  b.then("bn,residual");
}
}  // namespace

// DeiT-Tiny: 16x16 patches of 224x224 (196 + class token), 12 blocks, dim 192, 3 heads, MLP 768.
// Patch embedding and head FP32.
std::vector<LayerOp> deitTiny(const DatasetInfo& d) {
  LayerBuilder b(d.channels, d.height, d.width);
  b.conv("patch_embed", 192, 16, 16, 0).quantized = false;
  const int64_t tokens = b.height() * b.width() + 1;
  for (int i = 0; i < 12; ++i) transformerBlock(b, "block" + std::to_string(i + 1) + ".", tokens, 192, 3, 768);
  b.fc("head", 192, d.classes, false);
  return b.take();
}

// Transformer LM (fairseq transformer_lm base): 6 decoder layers, d 512, 8 heads, FFN 2048, context
// = the dataset's sequence length; the vocabulary projection stays FP32.
std::vector<LayerOp> transformerLm(const DatasetInfo& d) {
  LayerBuilder b(0, 1, 1);
  const int64_t t = d.sequence_length;
  for (int i = 0; i < 6; ++i) transformerBlock(b, "layer" + std::to_string(i + 1) + ".", t, 512, 8, 2048);
  b.matmul("decoder", t, 512, d.classes).quantized = false;
  auto layers = b.take();
  layers.front().has_bwd_data = true;  // the embeddings are trained: their gradient is needed
  return layers;
}

// 2-layer LSTM LM (Zaremba et al. medium: 650 units, 35-step unroll): per layer one gate GEMM per
// time step, [x, h] (1300) -> 4 gates (2600); the vocabulary projection stays FP32.
std::vector<LayerOp> lstmLm(const DatasetInfo& d) {
  LayerBuilder b(0, 1, 1);
  const int64_t t = d.sequence_length, hidden = 650;
  b.matmul("lstm1", t, 2 * hidden, 4 * hidden);
  b.matmul("lstm2", t, 2 * hidden, 4 * hidden);
  b.matmul("decoder", t, hidden, d.classes).quantized = false;
  auto layers = b.take();
  layers.front().has_bwd_data = true;
  return layers;
}

}  // namespace vpsim
