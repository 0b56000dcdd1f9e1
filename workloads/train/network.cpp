// Model dispatch and the sequential forward/backward walk (see network.h). A residual block is a
// Module of its own (blocks.h), so the walk stays a plain loop; the definitions are in net_models.cpp.
#include "workloads/train/network.h"

#include "traces/input_error.h"
#include "workloads/train/layers.h"
#include "workloads/train/net_models.h"

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

std::vector<std::string> Network::trainableModels() {
  return {"cnn",    "resnet20", "resnet38", "resnet74", "resnet110", "resnet152", "mobilenetv2",
          "lenet5", "cnn6",     "resnet18", "resnet34", "resnet50",  "lstm",      "transformer"};
}

namespace {
// n of a CIFAR ResNet-(6n+2) name ("resnet20" -> 3), 0 if the name is not one.
int cifarResNetBlocks(const std::string& model) {
  if (model.rfind("resnet", 0) != 0 || model.size() == 6 || model == "resnet164") return 0;
  for (size_t i = 6; i < model.size(); ++i)
    if (model[i] < '0' || model[i] > '9') return 0;
  const int depth = std::stoi(model.substr(6));
  return depth >= 8 && (depth - 2) % 6 == 0 && model != "resnet50" ? (depth - 2) / 6 : 0;
}
}  // namespace

std::unique_ptr<Network> Network::build(const std::string& model, const DatasetInfo& ds, uint64_t seed,
                                        const LmConfig& lm, const NetOptions& options) {
  if (isLanguageModel(model)) return buildLanguageModel(model, ds, seed, lm);
  if (ds.channels <= 0 || ds.height != ds.width)
    throw InputError("the trainer needs a square image dataset, not '" + ds.name + "'");
  std::unique_ptr<Network> net(new Network());
  Rng rng(streamKey(seed, 0x1417));
  const int K = static_cast<int>(ds.classes);
  NetBuilder b(net->seq_, rng, options, static_cast<int>(ds.channels), static_cast<int>(ds.height));
  if (model == "cnn")
    buildSmallCnn(b, K);
  else if (model == "mobilenetv2")
    buildMobileNetV2(b, K);
  else if (model == "lenet5")
    buildLeNet5(b, K);
  else if (model == "cnn6")
    buildCnn6(b, K);
  else if (model == "resnet18" || model == "resnet34" || model == "resnet50")
    buildImageNetResNet(b, std::stoi(model.substr(6)), K);
  else if (const int n = cifarResNetBlocks(model))
    buildCifarResNet(b, n, K);
  else {
    std::string list;
    for (const auto& m : trainableModels()) list += (list.empty() ? "" : ", ") + m;
    throw InputError("the trainer cannot build model '" + model + "' (trainable: " + list +
                     "; any resnet(6n+2) for the CIFAR family)");
  }
  if (b.hw < 1)
    throw InputError("model '" + model + "': input " + std::to_string(ds.height) + "x" + std::to_string(ds.width) +
                     " is too small for it");
  net->finish();
  return net;
}

void Network::finish(bool trained_input) {
  for (auto& m : seq_) m->gemmLayers(gemm_layers_);
  for (size_t i = 0; i < gemm_layers_.size(); ++i) gemm_layers_[i]->index = static_cast<int>(i);
  if (!gemm_layers_.empty() && !trained_input) gemm_layers_[0]->op.has_bwd_data = false;  // the stem
  std::vector<LayerOp> ops = layerOps();
  markQuantizedOutputs(ops);  // the zoo's rule (LayerBuilder::take)
  for (size_t i = 0; i < ops.size(); ++i) gemm_layers_[i]->op.post = ops[i].post;
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
