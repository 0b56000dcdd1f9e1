// Row-blocked GEMM for the language-model layers: C[m x n] = A[m x k] * op(B), cut into fixed blocks
// of 32 rows of C that run in parallel. Each block is one gemm call whose shape depends only on
// (m, n, k) and the block's index, never on the thread count, so every result is the same for any
// number of threads (a reduction never spans two blocks). Reductions over what would be the rows
// (a weight gradient dW = dY^T X) are written with a transposed copy of dY instead (transpose()).
#pragma once

#include <cstdint>

namespace vpsim {

// C = A * op(B) (+ C): A row-major m x k; B k x n, or n x k when trans_b.
void gemmRowBlocks(bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c,
                   bool accumulate);

// out[cols x rows] = in[rows x cols]^T.
void transpose(const float* in, int64_t rows, int64_t cols, float* out);

}  // namespace vpsim
