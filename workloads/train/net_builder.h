// NetBuilder: appends trainer modules to a chain while tracking the feature map, so the network
// definitions (net_models.cpp) read like the model zoo's (zoo_cifar.cpp, zoo_large.cpp) and produce
// the same LayerOps, post ops included: norm, relu and pooling mark the last GEMM layer added (as
// the zoo's LayerBuilder::then and pool do), closeBlock the main path's last GEMM with the residual
// add. Norm layers are plain BatchNorm or the SBM variant's Range BN (NetOptions).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "workloads/train/blocks.h"
#include "workloads/train/conv.h"
#include "workloads/train/module.h"

namespace vpsim {

struct NetOptions {
  bool range_bn = false;             // the original SBM variant: Range BN instead of BatchNorm (range_bn.h)
  ConvInit init = ConvInit::Recipe;  // conv weights (conv.h); FC layers start as PyTorch's either way
};

class NetBuilder {
 public:
  NetBuilder(std::vector<std::unique_ptr<Module>>& out, Rng& rng, const NetOptions& opt, int channels, int hw)
      : out_(out), rng_(rng), opt_(opt), c(channels), hw(hw) {}
  // A builder for a branch starting from this one's map (its modules go into `seq`).
  NetBuilder branch(Sequential& seq) const { return NetBuilder(seq.modules, rng_, opt_, c, hw); }

  // conv from the current map (pad -1 = k/2); groups = channels = out_c makes it depthwise.
  Conv2d& conv(const std::string& name, int out_c, int k, int stride = 1, int pad = -1, int groups = 1);
  void norm(const std::string& name);  // BatchNorm2d or RangeBatchNorm2d on the current channels
  void relu();
  void relu6();
  void bias(const std::string& name);  // per-channel bias (nets without BN)
  void maxPool(int k, int s, int p = 0);
  void globalAvgPool();
  // Fully connected from the flattened map: FP32 Linear with bias (quantized = false), or a
  // quantized one (Flatten + Conv2d on a 1x1 map + Bias), as the zoo marks it.
  void fc(const std::string& name, int out, bool quantized);
  // After a residual block built in `main` (a branch of this builder): its last GEMM carries the
  // add (and `ops`, e.g. the ReLU after it), and is this builder's last layer from here on.
  void closeBlock(NetBuilder& main, const std::string& ops);
  void add(std::unique_ptr<Module> m) { out_.push_back(std::move(m)); }
  Rng& rng() { return rng_; }
  const NetOptions& options() const { return opt_; }

 private:
  std::vector<std::unique_ptr<Module>>& out_;
  Rng& rng_;
  const NetOptions& opt_;
  LayerOp* last_ = nullptr;  // the last GEMM layer's op: where post ops go
  void mark(const char* ops);

 public:
  int c, hw;  // the current map: channels and (square) size
};

}  // namespace vpsim
