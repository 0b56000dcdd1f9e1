// Integer GEMM on quantization codes and its affine reconstruction (see int_gemm.h).
#include "workloads/train/int_gemm.h"

namespace vpsim {

namespace {
template <class Code>
void gemmOnCodes(int64_t m, int64_t n, int64_t k, const Code* qa, const Code* qb, int64_t* acc) {
  for (int64_t i = 0; i < m * n; ++i) acc[i] = 0;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p) {
      const int64_t a = qa[i * k + p];
      for (int64_t j = 0; j < n; ++j) acc[i * n + j] += a * int64_t(qb[p * n + j]);
    }
}
}  // namespace

void integerGemm(int64_t m, int64_t n, int64_t k, const uint16_t* qa, const uint16_t* qb, int64_t* acc) {
  gemmOnCodes(m, n, k, qa, qb, acc);
}

void integerGemm(int64_t m, int64_t n, int64_t k, const int32_t* qa, const int32_t* qb, int64_t* acc) {
  gemmOnCodes(m, n, k, qa, qb, acc);
}

std::vector<double> dequantizedIntegerGemm(int64_t m, int64_t n, int64_t k, const uint16_t* qa,
                                           const std::vector<QuantParams>& pa, const uint16_t* qb,
                                           const QuantParams& pb) {
  std::vector<int64_t> acc(m * n);
  integerGemm(m, n, k, qa, qb, acc.data());
  std::vector<int64_t> row_sum(m, 0), col_sum(n, 0);  // sum(q_w) per row, sum(q_x) per column
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < k; ++p) row_sum[i] += qa[i * k + p];
  for (int64_t p = 0; p < k; ++p)
    for (int64_t j = 0; j < n; ++j) col_sum[j] += qb[p * n + j];
  std::vector<double> out(m * n);
  for (int64_t i = 0; i < m; ++i) {
    const double sa = pa[i].scale, la = pa[i].lo, sb = pb.scale, lb = pb.lo;
    for (int64_t j = 0; j < n; ++j)
      out[i * n + j] = sa * sb * static_cast<double>(acc[i * n + j]) + sa * lb * static_cast<double>(row_sum[i]) +
                       sb * la * static_cast<double>(col_sum[j]) + static_cast<double>(k) * la * lb;
  }
  return out;
}

}  // namespace vpsim
