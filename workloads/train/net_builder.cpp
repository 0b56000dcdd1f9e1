// NetBuilder (see net_builder.h).
#include "workloads/train/net_builder.h"

#include <cmath>

#include "workloads/train/batchnorm.h"
#include "workloads/train/depthwise.h"
#include "workloads/train/layers.h"
#include "workloads/train/network.h"
#include "workloads/train/range_bn.h"
#include "workloads/train/simple_layers.h"

namespace vpsim {

Conv2d& NetBuilder::conv(const std::string& name, int out_c, int k, int stride, int pad, int groups) {
  LayerOp l;
  l.name = name, l.kind = LayerKind::Conv, l.in_c = c, l.out_c = out_c;
  l.kernel = k, l.stride = stride, l.pad = pad < 0 ? k / 2 : pad, l.groups = groups;
  l.in_h = l.in_w = hw;
  l.out_h = l.out_w = (hw + 2 * l.pad - k) / stride + 1;
  const bool depthwise = groups > 1 && groups == c && groups == out_c;
  if (depthwise) l.kind = LayerKind::Depthwise;
  Conv2d* conv = depthwise ? new DepthwiseConv2d(l, rng_, opt_.init) : new Conv2d(l, rng_, opt_.init);
  out_.emplace_back(conv);
  c = out_c, hw = static_cast<int>(l.out_h);
  last_ = &conv->op;
  return *conv;
}

void NetBuilder::mark(const char* ops) {
  if (last_) last_->post |= parsePostOps(ops);
}

void NetBuilder::norm(const std::string& name) {
  if (opt_.range_bn)
    add(std::make_unique<RangeBatchNorm2d>(name, c));
  else
    add(std::make_unique<BatchNorm2d>(name, c));
  mark("bn");
}

void NetBuilder::relu() { add(std::make_unique<ReLU>()), mark("relu"); }
void NetBuilder::relu6() { add(std::make_unique<ReLU6>()), mark("relu"); }
void NetBuilder::bias(const std::string& name) { add(std::make_unique<Bias>(name, c)); }

void NetBuilder::maxPool(int k, int s, int p) {
  add(std::make_unique<MaxPool2d>(k, s, p));
  hw = (hw + 2 * p - k) / s + 1;
  mark("pool");
}

void NetBuilder::globalAvgPool() {
  add(std::make_unique<AvgPool2d>(0, 1));
  hw = 1;
  mark("pool");
}

void NetBuilder::closeBlock(NetBuilder& main, const std::string& ops) {
  last_ = main.last_;
  if (last_) last_->post |= parsePostOps(ops);
  c = main.c, hw = main.hw;
}

void NetBuilder::fc(const std::string& name, int out, bool quantized) {
  const int in = c * hw * hw;
  LayerOp l = fcOp(name, in, out);
  l.quantized = quantized;
  if (quantized) {
    add(std::make_unique<Flatten>());
    auto* conv = new Conv2d(l, rng_);  // a 1x1 conv on a 1x1 map is the FC's GEMM
    out_.emplace_back(conv);
    last_ = &conv->op;
    auto* b = new Bias(name, out);
    out_.emplace_back(b);
    // PyTorch's default Linear init, as the FP32 Linear has: U(-1/sqrt(in), 1/sqrt(in)).
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    for (float& v : conv->weight.v) v = static_cast<float>((2.0 * rng_.uniform() - 1.0) * bound);
    for (float& v : b->bias.v) v = static_cast<float>((2.0 * rng_.uniform() - 1.0) * bound);
    c = out, hw = 1;
  } else {
    auto* linear = new Linear(l, rng_);
    out_.emplace_back(linear);
    last_ = &linear->op;
    c = out, hw = 1;
  }
}

}  // namespace vpsim
