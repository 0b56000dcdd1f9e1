// The trainable network definitions behind Network::build, one function per family, each the
// trainer's mirror of the model zoo's layer list (workloads/zoo_*.cpp). Internal to the trainer.
#pragma once

#include <string>

#include "workloads/train/net_builder.h"

namespace vpsim {

void buildSmallCnn(NetBuilder& b, int classes);
void buildCifarResNet(NetBuilder& b, int n, int classes);  // ResNet-(6n+2)
void buildMobileNetV2(NetBuilder& b, int classes);
void buildLeNet5(NetBuilder& b, int classes);
void buildCnn6(NetBuilder& b, int classes);
void buildImageNetResNet(NetBuilder& b, int depth, int classes);  // 18, 34, 50

// The residual blocks (names prefixed by p, e.g. "layer2.1."), appended to b from its current map.
void basicBlock(NetBuilder& b, const std::string& p, int out, int stride);
void bottleneck(NetBuilder& b, const std::string& p, int width, int stride);  // output 4 * width
void invertedResidual(NetBuilder& b, const std::string& p, int expansion, int out, int stride);

}  // namespace vpsim
