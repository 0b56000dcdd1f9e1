// Integer GEMM on quantization codes and its affine reconstruction (see int_gemm.h).
#include "workloads/train/int_gemm.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "traces/input_error.h"
#include "workloads/train/gemm.h"

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

void trainerCodeGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const int32_t* a, const int32_t* b,
                     int64_t* c) {
  int64_t max_a = 0, max_b = 0;
  for (int64_t i = 0; i < m * k; ++i) max_a = std::max<int64_t>(max_a, std::abs(int64_t(a[i])));
  for (int64_t i = 0; i < k * n; ++i) max_b = std::max<int64_t>(max_b, std::abs(int64_t(b[i])));
  const int64_t exact = int64_t(1) << 24, prod = std::max<int64_t>(1, max_a * max_b);
  if (prod >= exact)
    throw InputError("codes too wide for an exact float GEMM (|a|*|b| = " + std::to_string(prod) + ")");
  const int64_t slice = std::max<int64_t>(1, (exact - 1) / prod);
  std::fill(c, c + m * n, 0);
  std::vector<float> as, bs, cs(size_t(m * n));
  for (int64_t k0 = 0; k0 < k; k0 += slice) {
    const int64_t len = std::min(slice, k - k0);
    // op(a) is m x k: stored k x m when ta; op(b) is k x n: stored n x k when tb. Slice K, keep the layout.
    as.resize(size_t(m * len)), bs.resize(size_t(len * n));
    for (int64_t i = 0; i < m; ++i)
      for (int64_t p = 0; p < len; ++p)
        as[size_t(ta ? p * m + i : i * len + p)] = float(ta ? a[(k0 + p) * m + i] : a[i * k + k0 + p]);
    for (int64_t p = 0; p < len; ++p)
      for (int64_t j = 0; j < n; ++j)
        bs[size_t(tb ? j * len + p : p * n + j)] = float(tb ? b[j * k + k0 + p] : b[(k0 + p) * n + j]);
    gemm(ta, tb, m, n, len, as.data(), bs.data(), cs.data(), false);
    for (int64_t i = 0; i < m * n; ++i) c[i] += static_cast<int64_t>(cs[size_t(i)]);
  }
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
