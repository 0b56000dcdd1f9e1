// The model zoo: layer graphs of the GEMM-bearing layers of each model, with exact shapes and
// per-sample forward MACs. BatchNorm, ReLU, pooling and residual adds carry no GEMM and are not listed.
// The first layer has no bwd_data pass; layers the reference codes keep in FP32 (the final FC, the
// ImageNet stem) are marked quantized = false.
#pragma once

#include <string>
#include <vector>

#include "traces/layer_op.h"
#include "workloads/dataset_info.h"

namespace vpsim {

struct Model {
  std::string name;
  std::string dataset;
  std::vector<LayerOp> layers;
  int64_t macsPerSample() const;           // all layers
  int64_t quantizedMacsPerSample() const;  // quantized layers only
};

// resnet20/38/74/110/152 (CIFAR, SkipNet style), resnet164, mobilenetv2, resnet18/34/50 (ImageNet),
// deit-tiny, transformer (WikiText-103), lstm (PTB), lenet5, cnn6 (the two-phase paper's 6-layer
// CNN), cnn (small CNN for 28x28 inputs). The ImageNet models also take an image folder or the
// synthetic set at reduced sizes (datasets "imagefolder" / "synthetic", at least 32x32).
// Throws InputError for unknown names or a model that does not fit the dataset.
Model buildModel(const std::string& name, const DatasetInfo& dataset);
std::vector<std::string> modelNames();

}  // namespace vpsim
