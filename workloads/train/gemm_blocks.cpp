// Row-blocked GEMM and transpose (see gemm_blocks.h).
#include "workloads/train/gemm_blocks.h"

#include <algorithm>

#include "workloads/train/gemm.h"
#include "workloads/train/parallel.h"

namespace vpsim {

namespace {
constexpr int64_t kRowBlock = 32;
}

void gemmRowBlocks(bool trans_b, int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c,
                   bool accumulate) {
  const int64_t blocks = (m + kRowBlock - 1) / kRowBlock;
  parallelFor(blocks, [=](int, int64_t bb, int64_t be) {
    for (int64_t blk = bb; blk < be; ++blk) {
      const int64_t r0 = blk * kRowBlock, rows = std::min(kRowBlock, m - r0);
      gemm(false, trans_b, rows, n, k, a + r0 * k, b, c + r0 * n, accumulate);
    }
  });
}

void transpose(const float* in, int64_t rows, int64_t cols, float* out) {
  parallelFor(cols, [=](int, int64_t cb, int64_t ce) {
    for (int64_t j = cb; j < ce; ++j)
      for (int64_t i = 0; i < rows; ++i) out[j * rows + i] = in[i * cols + j];
  });
}

}  // namespace vpsim
