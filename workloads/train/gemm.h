// Single-precision GEMM for the trainer: C = op(A) * op(B) (+ C), row-major, on Eigen 3.4.
// Why Eigen: it is header-only and already a project dependency (no CMake change), and compiled
// for AVX-512/AVX2 it runs within reach of OpenBLAS on these shapes (bench/train_bench.cpp).
// The build has no -march flag, so the kernels are compiled three times (generic SSE2, AVX2+FMA,
// AVX-512) in separate translation units with Eigen's namespace renamed per copy, and chosen at
// run time from the CPU's features. A single call is single-threaded: layers parallelize over
// samples with parallelFor, which keeps every result independent of timing.
#pragma once

#include <cstdint>

namespace vpsim {

// C[m x n] = op(A)[m x k] * op(B)[k x n] (+ C when accumulate). op = transpose when the flag is set
// (then A is stored k x m, B is n x k). All matrices dense row-major.
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c,
          bool accumulate);

// Which kernel the CPU got: "avx512", "avx2" or "generic".
const char* gemmKernelName();

}  // namespace vpsim
