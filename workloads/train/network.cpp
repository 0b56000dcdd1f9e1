// Model construction and the sequential forward/backward walk (see network.h). A residual block
// is a Module of its own, so the walk stays a plain loop.
#include "workloads/train/network.h"

#include "traces/input_error.h"
#include "workloads/train/batchnorm.h"
#include "workloads/train/conv.h"
#include "workloads/train/layers.h"

namespace vpsim {

LayerOp convOp(const std::string& name, int in_c, int out_c, int in_hw, int kernel, int stride) {
  LayerOp l;
  l.name = name, l.kind = LayerKind::Conv, l.in_c = in_c, l.out_c = out_c;
  l.kernel = kernel, l.stride = stride, l.pad = kernel / 2;
  l.in_h = l.in_w = in_hw;
  l.out_h = l.out_w = (in_hw + 2 * l.pad - kernel) / stride + 1;
  return l;
}

LayerOp fcOp(const std::string& name, int in, int out) {
  LayerOp l;
  l.name = name, l.kind = LayerKind::Fc, l.in_c = in, l.out_c = out, l.quantized = false;
  return l;
}

namespace {

// Post-activation basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the shortcut is
// bn(conv1x1 stride 2) when the shape changes, the identity otherwise.
class BasicBlock : public Module {
 public:
  BasicBlock(const std::string& prefix, int in_c, int out_c, int in_hw, int stride, Rng& rng)
      : conv1_(convOp(prefix + ".conv1", in_c, out_c, in_hw, 3, stride), rng),
        bn1_(prefix + ".bn1", out_c),
        conv2_(convOp(prefix + ".conv2", out_c, out_c, in_hw / stride, 3, 1), rng),
        bn2_(prefix + ".bn2", out_c) {
    if (stride != 1 || in_c != out_c) {
      down_ = std::make_unique<Conv2d>(convOp(prefix + ".downsample", in_c, out_c, in_hw, 1, stride), rng);
      down_bn_ = std::make_unique<BatchNorm2d>(prefix + ".downsample_bn", out_c);
    }
  }
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override {
    conv1_.forward(x, t1_, ctx), bn1_.forward(t1_, t2_, ctx), relu1_.forward(t2_, t3_, ctx);
    conv2_.forward(t3_, t4_, ctx), bn2_.forward(t4_, t5_, ctx);
    const Tensor* sc = &x;
    if (down_) down_->forward(x, s1_, ctx), down_bn_->forward(s1_, s2_, ctx), sc = &s2_;
    for (int64_t i = 0; i < t5_.size(); ++i) t5_.v[i] += sc->v[i];  // residual add
    relu2_.forward(t5_, y, ctx);
  }
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override {
    Tensor gr, g, g2;
    relu2_.backward(dy, gr, true);  // gr feeds both branches of the residual add
    bn2_.backward(gr, g, true), conv2_.backward(g, g2, true);
    relu1_.backward(g2, g, true), bn1_.backward(g, g2, true), conv1_.backward(g2, dx, true);
    const Tensor* gs = &gr;
    if (down_) down_bn_->backward(gr, g, true), down_->backward(g, g2, true), gs = &g2;
    for (int64_t i = 0; i < dx.size(); ++i) dx.v[i] += gs->v[i];
  }
  void params(std::vector<Param>& out) override {
    conv1_.params(out), bn1_.params(out), conv2_.params(out), bn2_.params(out);
    if (down_) down_->params(out), down_bn_->params(out);
  }
  void buffers(std::vector<BufferRef>& out) override {
    conv1_.buffers(out), bn1_.buffers(out), conv2_.buffers(out), bn2_.buffers(out);
    if (down_) down_->buffers(out), down_bn_->buffers(out);
  }
  void gemmLayers(std::vector<GemmLayer*>& out) override {
    out.push_back(&conv1_), out.push_back(&conv2_);
    if (down_) out.push_back(down_.get());
  }

 private:
  Conv2d conv1_;
  BatchNorm2d bn1_;
  ReLU relu1_;
  Conv2d conv2_;
  BatchNorm2d bn2_;
  std::unique_ptr<Conv2d> down_;
  std::unique_ptr<BatchNorm2d> down_bn_;
  ReLU relu2_;
  Tensor t1_, t2_, t3_, t4_, t5_, s1_, s2_;
};

}  // namespace

std::vector<std::string> Network::trainableModels() {
  return {"cnn", "resnet20", "resnet38", "resnet74", "resnet110", "resnet152", "lstm", "transformer"};
}

std::unique_ptr<Network> Network::build(const std::string& model, const DatasetInfo& ds, uint64_t seed,
                                        const LmConfig& lm) {
  if (isLanguageModel(model)) return buildLanguageModel(model, ds, seed, lm);
  if (ds.channels <= 0 || ds.height != ds.width)
    throw InputError("the trainer needs a square image dataset, not '" + ds.name + "'");
  std::unique_ptr<Network> net(new Network());
  Rng rng(streamKey(seed, 0x1417));
  const int C = static_cast<int>(ds.channels), H = static_cast<int>(ds.height), K = static_cast<int>(ds.classes);
  auto add = [&](Module* m) { net->seq_.emplace_back(m); };
  if (model == "cnn") {
    int hw = H, in = C;
    for (int i = 0; i < 3; ++i) {
      const int out = 32 << i;
      const std::string name = "conv" + std::to_string(i + 1);
      add(new Conv2d(convOp(name, in, out, hw, 3, 1), rng));
      add(new BatchNorm2d("bn" + std::to_string(i + 1), out));
      add(new ReLU());
      if (i < 2) add(new MaxPool2d(2, 2)), hw /= 2;
      in = out;
    }
    add(new AvgPool2d(0, 1));
    add(new Linear(fcOp("fc", 128, K), rng));
  } else if (model.rfind("resnet", 0) == 0 && (std::stoi("0" + model.substr(6)) - 2) % 6 == 0 &&
             model != "resnet164") {
    const int depth = std::stoi(model.substr(6)), n = (depth - 2) / 6;
    if (n < 1) throw InputError("unknown model '" + model + "'");
    add(new Conv2d(convOp("conv1", C, 16, H, 3, 1), rng));
    add(new BatchNorm2d("bn1", 16));
    add(new ReLU());
    int hw = H, in = 16;
    for (int stage = 1; stage <= 3; ++stage) {
      const int out = 16 << (stage - 1);
      for (int b = 1; b <= n; ++b) {
        const int stride = (stage > 1 && b == 1) ? 2 : 1;
        add(new BasicBlock("layer" + std::to_string(stage) + "." + std::to_string(b), in, out, hw, stride, rng));
        hw = (hw + 2 - 3) / stride + 1, in = out;
      }
    }
    add(new AvgPool2d(0, 1));
    add(new Linear(fcOp("fc", 64, K), rng));
  } else {
    throw InputError("the trainer cannot build model '" + model + "' (trainable: cnn, resnet20, resnet38, "
                     "resnet74, resnet110, resnet152, lstm, transformer)");
  }
  net->finish();
  return net;
}

void Network::finish(bool trained_input) {
  for (auto& m : seq_) m->gemmLayers(gemm_layers_);
  for (size_t i = 0; i < gemm_layers_.size(); ++i) gemm_layers_[i]->index = static_cast<int>(i);
  if (!gemm_layers_.empty() && !trained_input) gemm_layers_[0]->op.has_bwd_data = false;  // the stem
  acts_.resize(seq_.size() + 1);
}

std::vector<LayerOp> Network::layerOps() const {
  std::vector<LayerOp> ops;
  for (const auto* l : gemm_layers_) ops.push_back(l->op);
  return ops;
}

std::vector<Param> Network::params() {
  std::vector<Param> p;
  for (auto& m : seq_) m->params(p);
  return p;
}

std::vector<BufferRef> Network::buffers() {
  std::vector<BufferRef> b;
  for (auto& m : seq_) m->buffers(b);
  return b;
}

const Tensor& Network::forward(const Tensor& images, const StepContext& ctx) {
  acts_[0] = images;
  for (size_t i = 0; i < seq_.size(); ++i) seq_[i]->forward(acts_[i], acts_[i + 1], ctx);
  return acts_.back();
}

void Network::backward(const Tensor& dlogits) {
  Tensor g = dlogits, dx;
  for (size_t i = seq_.size(); i-- > 0;) {
    seq_[i]->backward(g, dx, i > 0);  // the first module's input is the image: no dx
    if (i > 0) std::swap(g, dx);
  }
}

}  // namespace vpsim
