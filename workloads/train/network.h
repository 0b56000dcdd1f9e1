// Network: the trainable models (the small CNN "cnn", the CIFAR-style ResNet-(6n+2) family
// "resnet20/38/74/110/152", "mobilenetv2", "lenet5", "cnn6" and the ImageNet "resnet18/34/50" on
// any image dataset (net_models.cpp); the language models "lstm" and "transformer" on a token
// corpus, language_models.cpp), built so that their GEMM layers are exactly the model zoo's layer
// list: same names, kinds, shapes and order (tests: train_run_test.cpp, train_nets_test.cpp, lm_train_test.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "workloads/dataset_info.h"
#include "workloads/train/gemm_layer.h"
#include "workloads/train/lm_config.h"
#include "workloads/train/module.h"
#include "workloads/train/net_builder.h"

namespace vpsim {

class Network {
 public:
  // Throws InputError for a model the trainer cannot build. Language models take their vocabulary
  // (dataset.classes) and steps (dataset.sequence_length) from the dataset, the rest from `lm`;
  // image models their norm layers from `options`.
  static std::unique_ptr<Network> build(const std::string& model, const DatasetInfo& dataset, uint64_t seed,
                                        const LmConfig& lm = {}, const NetOptions& options = {});
  static std::vector<std::string> trainableModels();

  // Images [N, C, H, W] (or token ids [streams, steps]) -> logits [N, classes] ([streams*steps, vocab]).
  const Tensor& forward(const Tensor& images, const StepContext& ctx);
  void backward(const Tensor& dlogits);

  const std::vector<GemmLayer*>& layers() const { return gemm_layers_; }  // zoo order
  std::vector<LayerOp> layerOps() const;
  std::vector<Param> params();
  std::vector<BufferRef> buffers();

 private:
  Network() = default;
  static std::unique_ptr<Network> buildLanguageModel(const std::string& model, const DatasetInfo& dataset,
                                                     uint64_t seed, const LmConfig& lm);
  void finish(bool trained_input = false);  // trained_input: the first GEMM's input gradient is needed
  std::vector<std::unique_ptr<Module>> seq_;
  std::vector<Tensor> acts_;  // acts_[i] = input of seq_[i]; acts_.back() = logits
  std::vector<GemmLayer*> gemm_layers_;
};

// LayerOp of a conv/fc with the zoo's conventions (3x3 pad 1, 1x1 pad 0).
LayerOp convOp(const std::string& name, int in_c, int out_c, int in_hw, int kernel, int stride);
LayerOp fcOp(const std::string& name, int in, int out);

}  // namespace vpsim
