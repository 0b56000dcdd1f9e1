// Composite modules: Sequential (a chain, e.g. a residual branch) and Residual (main branch plus a
// shortcut that is the identity or its own chain, summed, then an optional activation). The
// ResNet basic and bottleneck blocks and MobileNetV2's inverted residuals are Residuals; their GEMM
// layers come out main branch first, then the shortcut: the model zoo's order.
#pragma once

#include <memory>
#include <vector>

#include "workloads/train/module.h"

namespace vpsim {

class Sequential : public Module {
 public:
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void buffers(std::vector<BufferRef>& out) override;
  void gemmLayers(std::vector<GemmLayer*>& out) override;
  bool empty() const { return modules.empty(); }

  std::vector<std::unique_ptr<Module>> modules;

 private:
  std::vector<Tensor> acts_;  // acts_[i] = output of modules[i] (the last one writes the caller's y)
};

// y = post(main(x) + shortcut(x)); an empty shortcut is the identity, a null post is none.
class Residual : public Module {
 public:
  Residual(std::unique_ptr<Sequential> main, std::unique_ptr<Sequential> shortcut, std::unique_ptr<Module> post);
  void forward(const Tensor& x, Tensor& y, const StepContext& ctx) override;
  void backward(const Tensor& dy, Tensor& dx, bool need_dx) override;
  void params(std::vector<Param>& out) override;
  void buffers(std::vector<BufferRef>& out) override;
  void gemmLayers(std::vector<GemmLayer*>& out) override;

 private:
  std::unique_ptr<Sequential> main_, shortcut_;
  std::unique_ptr<Module> post_;
  Tensor sum_, short_;
};

}  // namespace vpsim
