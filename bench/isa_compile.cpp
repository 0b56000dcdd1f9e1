// bench_isa_compile: time of the tiling search + program emission per unique layer pass, for
// ResNet-20 (CIFAR, batch 128) and ResNet-50-sized ImageNet layers (batch 32), at several widths,
// on the Bit Fusion Eyeriss-comparison target. Prints one line per layer set and a summary.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "isa/compiler.h"
#include "traces/layer_op.h"

using namespace vpsim;

namespace {

LayerOp conv(int64_t ic, int64_t oc, int64_t in, int64_t out, int64_t k, int64_t s) {
  return LayerOp{"c", LayerKind::Conv, ic, oc, in, in, out, out, k, s, k / 2, 1};
}

std::vector<LayerOp> resnet20() {
  return {conv(3, 16, 32, 32, 3, 1),           conv(16, 16, 32, 32, 3, 1), conv(16, 32, 32, 16, 3, 2),
          conv(32, 32, 16, 16, 3, 1),          conv(32, 64, 16, 8, 3, 2),  conv(64, 64, 8, 8, 3, 1),
          LayerOp{"fc", LayerKind::Fc, 64, 10}};
}

std::vector<LayerOp> resnet50Like() {
  return {conv(3, 64, 224, 112, 7, 2),  conv(64, 64, 56, 56, 3, 1),   conv(256, 128, 56, 56, 1, 1),
          conv(128, 128, 28, 28, 3, 1), conv(512, 256, 28, 28, 1, 1), conv(256, 256, 14, 14, 3, 1),
          conv(512, 512, 7, 7, 3, 1),   conv(2048, 512, 7, 7, 1, 1),  LayerOp{"fc", LayerKind::Fc, 2048, 1000}};
}

void run(const char* name, const std::vector<LayerOp>& layers, int64_t batch) {
  const CompilerTarget t = bitFusionTarget();
  std::vector<double> ms;
  int64_t evaluated = 0;
  double worst = 0;
  std::string worst_name;
  for (const LayerOp& l : layers)
    for (Pass p : kAllPasses)
      for (auto [b0, b1] : {std::pair{8, 8}, {4, 4}, {2, 8}, {16, 16}}) {
        const auto start = std::chrono::steady_clock::now();
        const CompiledPass c = compilePass(t, lowerPass(l, p, batch), b0, b1);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        if (ms.back() > worst)
          worst = ms.back(), worst_name = std::string(passName(p)) + " m" + std::to_string(c.gemm.m) + " n" +
                                          std::to_string(c.gemm.n) + " k" + std::to_string(c.gemm.k);
        evaluated += c.evaluated;
      }
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double x : ms) sum += x;
  std::printf("%-20s passes %4zu  mean %.3f ms  median %.3f ms  max %.3f ms (%s)  tilings/pass %lld\n", name, ms.size(),
              sum / ms.size(), ms[ms.size() / 2], ms.back(), worst_name.c_str(),
              static_cast<long long>(evaluated / ms.size()));
}

}  // namespace

int main() {
  run("resnet20 b128", resnet20(), 128);
  run("resnet50-like b32", resnet50Like(), 32);
  return 0;
}
