// AVX2+FMA copy of the GEMM kernel. GCC's target pragma does not define the feature macros Eigen
// tests, so they are defined by hand; Eigen is renamed so its templates stay private to this copy.
#if defined(__x86_64__) && !defined(__AVX2__)
#pragma GCC target("avx2,fma,f16c")
#define __AVX__ 1
#define __AVX2__ 1
#define __FMA__ 1
#define __F16C__ 1
#define __SSE3__ 1
#define __SSSE3__ 1
#define __SSE4_1__ 1
#define __SSE4_2__ 1
#endif
#define Eigen EigenAvx2
#define VPSIM_GEMM_NS gemm_avx2
#include "workloads/train/gemm_kernels.inc"
