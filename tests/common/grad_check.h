// Gradient-check helpers for trainer layers: a module's backward against central finite
// differences of its forward, for the input gradient and every parameter gradient.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "workloads/train/module.h"

namespace vpsim::testing {

inline Tensor randomTensor(int n, int c, int h, int w, uint64_t seed, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(n, c, h, w);
  Rng rng(seed);
  for (float& v : t.v) v = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return t;
}

// Loss = sum(y * r) for a fixed random r, so dL/dy = r.
inline double probeLoss(Module& m, const Tensor& x, const Tensor& r, const StepContext& ctx) {
  Tensor y;
  m.forward(x, y, ctx);
  double s = 0.0;
  for (int64_t i = 0; i < y.size(); ++i) s += double(y.v[i]) * r.v[i];
  return s;
}

// Compares analytic gradients of x and of every parameter with central differences on up to 40
// entries each. Tolerance: |a - n| <= tol * max(1, |n|).
inline void checkModule(Module& m, Tensor x, double tol, double h = 1e-2) {
  StepContext ctx;
  Tensor y, dx;
  m.forward(x, y, ctx);
  const Tensor r = randomTensor(y.n, y.c, y.h, y.w, 99);
  m.backward(r, dx, true);
  std::vector<Param> params;
  m.params(params);
  std::vector<Tensor> grads;
  for (auto& p : params) grads.push_back(*p.grad);
  auto check = [&](std::vector<float>& values, const std::vector<float>& analytic, const std::string& what) {
    const int64_t n = static_cast<int64_t>(values.size()), step = std::max<int64_t>(1, n / 40);
    for (int64_t i = 0; i < n; i += step) {
      const float keep = values[i];
      values[i] = keep + static_cast<float>(h);
      const double up = probeLoss(m, x, r, ctx);
      values[i] = keep - static_cast<float>(h);
      const double down = probeLoss(m, x, r, ctx);
      values[i] = keep;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(analytic[i], numeric, tol * std::max(1.0, std::fabs(numeric))) << what << "[" << i << "]";
    }
  };
  check(x.v, dx.v, "dx");
  for (size_t p = 0; p < params.size(); ++p) check(params[p].value->v, grads[p].v, params[p].name);
}

}  // namespace vpsim::testing
