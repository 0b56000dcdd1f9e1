// Model definitions behind buildModel (workloads/model_zoo.h); each returns the GEMM layers in
// execution order. Internal to workloads/.
#pragma once

#include <vector>

#include "traces/layer_op.h"
#include "workloads/dataset_info.h"
#include "workloads/layer_builder.h"

namespace vpsim {

std::vector<LayerOp> cifarResNet(int n, const DatasetInfo& d);
std::vector<LayerOp> resnet164(const DatasetInfo& d);
std::vector<LayerOp> mobilenetV2(const DatasetInfo& d);
std::vector<LayerOp> lenet5(const DatasetInfo& d);
std::vector<LayerOp> cnn6(const DatasetInfo& d);
std::vector<LayerOp> smallCnn(const DatasetInfo& d);
std::vector<LayerOp> imagenetResNet(int depth, const DatasetInfo& d);
std::vector<LayerOp> deitTiny(const DatasetInfo& d);
std::vector<LayerOp> transformerLm(const DatasetInfo& d);
std::vector<LayerOp> lstmLm(const DatasetInfo& d);

}  // namespace vpsim
