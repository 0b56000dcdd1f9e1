// AVX-512 copy of the GEMM kernel (see gemm_avx2.cpp for why the macros are set by hand).
#if defined(__x86_64__) && !defined(__AVX512F__)
#pragma GCC target("avx512f,avx512dq,avx512vl,avx512bw,avx2,fma,f16c")
#define __AVX__ 1
#define __AVX2__ 1
#define __FMA__ 1
#define __F16C__ 1
#define __SSE3__ 1
#define __SSSE3__ 1
#define __SSE4_1__ 1
#define __SSE4_2__ 1
#define __AVX512F__ 1
#define __AVX512DQ__ 1
#define __AVX512VL__ 1
#define __AVX512BW__ 1
#endif
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // false positives inside GCC 12 intrinsics
#define Eigen EigenAvx512
#define VPSIM_GEMM_NS gemm_avx512
#include "workloads/train/gemm_kernels.inc"
