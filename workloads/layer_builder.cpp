// LayerBuilder implementation.
#include "workloads/layer_builder.h"

namespace vpsim {

LayerOp& LayerBuilder::convFrom(const std::string& name, int64_t in_c, int64_t in_h, int64_t in_w, int64_t out_c,
                                int64_t k, int64_t stride, int64_t pad) {
  LayerOp l;
  l.name = name;
  l.kind = LayerKind::Conv;
  l.in_c = in_c, l.out_c = out_c, l.in_h = in_h, l.in_w = in_w;
  l.kernel = k, l.stride = stride, l.pad = pad;
  l.out_h = (in_h + 2 * pad - k) / stride + 1;
  l.out_w = (in_w + 2 * pad - k) / stride + 1;
  layers_.push_back(l);
  return layers_.back();
}

LayerOp& LayerBuilder::conv(const std::string& name, int64_t out_c, int64_t k, int64_t stride, int64_t pad,
                            int64_t groups) {
  LayerOp& l = convFrom(name, c_, h_, w_, out_c, k, stride, pad < 0 ? k / 2 : pad);
  l.groups = groups;
  if (groups > 1 && groups == l.in_c && groups == out_c) l.kind = LayerKind::Depthwise;
  c_ = out_c, h_ = l.out_h, w_ = l.out_w;
  return l;
}

LayerOp& LayerBuilder::fc(const std::string& name, int64_t in, int64_t out, bool quantized) {
  LayerOp l;
  l.name = name;
  l.kind = LayerKind::Fc;
  l.in_c = in, l.out_c = out;
  l.quantized = quantized;
  layers_.push_back(l);
  c_ = out, h_ = 1, w_ = 1;
  return layers_.back();
}

LayerOp& LayerBuilder::matmul(const std::string& name, int64_t tokens, int64_t in, int64_t out, int64_t groups) {
  LayerOp l;
  l.name = name;
  l.kind = LayerKind::Matmul;
  l.in_c = in, l.out_c = out, l.groups = groups;
  l.in_h = tokens, l.out_h = tokens;
  layers_.push_back(l);
  return layers_.back();
}

LayerBuilder& LayerBuilder::then(const std::string& ops) {
  if (!layers_.empty()) layers_.back().post |= parsePostOps(ops);
  return *this;
}

void LayerBuilder::pool(int64_t factor) {
  h_ /= factor, w_ /= factor;
  then("pool");
}

void LayerBuilder::pool(int64_t k, int64_t stride, int64_t pad) {
  h_ = (h_ + 2 * pad - k) / stride + 1, w_ = (w_ + 2 * pad - k) / stride + 1;
  then("pool");
}

std::vector<LayerOp> LayerBuilder::take() {
  if (!layers_.empty()) layers_.front().has_bwd_data = false;
  markQuantizedOutputs(layers_);
  return std::move(layers_);
}

}  // namespace vpsim
