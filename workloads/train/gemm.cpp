// Run-time choice of the GEMM kernel copy (see gemm.h).
#include "workloads/train/gemm.h"

namespace vpsim {
namespace gemm_generic {
void gemm(bool, bool, int64_t, int64_t, int64_t, const float*, const float*, float*, bool);
}
namespace gemm_avx2 {
void gemm(bool, bool, int64_t, int64_t, int64_t, const float*, const float*, float*, bool);
}
namespace gemm_avx512 {
void gemm(bool, bool, int64_t, int64_t, int64_t, const float*, const float*, float*, bool);
}

namespace {
using GemmFn = void (*)(bool, bool, int64_t, int64_t, int64_t, const float*, const float*, float*, bool);
struct Kernel {
  GemmFn fn;
  const char* name;
};
Kernel pick() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw"))
    return {gemm_avx512::gemm, "avx512"};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return {gemm_avx2::gemm, "avx2"};
#endif
  return {gemm_generic::gemm, "generic"};
}
const Kernel& kernel() {
  static const Kernel k = pick();
  return k;
}
}  // namespace

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c,
          bool accumulate) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m * n; ++i) c[i] = 0.0f;
    return;
  }
  kernel().fn(ta, tb, m, n, k, a, b, c, accumulate);
}

const char* gemmKernelName() { return kernel().name; }

}  // namespace vpsim
