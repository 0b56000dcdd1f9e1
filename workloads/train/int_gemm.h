// The integer view of a quantized GEMM (methods.md section 1): with x_hat = s_x*q_x + lo_x and
// w_hat = s_w*q_w + lo_w,
//   sum(w_hat*x_hat) = s_w*s_x*sum(q_w*q_x) + s_w*lo_x*sum(q_w) + s_x*lo_w*sum(q_x) + K*lo_w*lo_x.
// The PE array computes sum(q_w*q_x) exactly on unsigned codes; the row/column code sums and the
// scaling are the vector unit's work. This file does both, so the trainer's float GEMMs can be
// checked against the integers a PE model produces.
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/train/quantizer.h"

namespace vpsim {

// acc[m x n] = qa[m x k] * qb[k x n] on codes, exactly, in 64-bit integers. The int32 form takes
// signed codes (a symmetric grid's q - Z) as well.
void integerGemm(int64_t m, int64_t n, int64_t k, const uint16_t* qa, const uint16_t* qb, int64_t* acc);
void integerGemm(int64_t m, int64_t n, int64_t k, const int32_t* qa, const int32_t* qb, int64_t* acc);

// The trainer's own GEMM (gemm(), the kernel every layer trains with) run on integer codes in a
// pass's operand layout (ta/tb as the layer calls it): c[m x n] = op(a) * op(b). Exact: float32
// holds every partial sum below 2^24, so K is cut into slices whose partial sums stay below it and
// the slices are added in 64-bit integers. InputError if one product alone does not fit 2^24.
void trainerCodeGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const int32_t* a, const int32_t* b, int64_t* c);

// Dequantized result of a quantized GEMM: row i of A uses grid pa[i] (per output channel weights;
// pass one entry repeated for per-tensor), B uses the single grid pb. out[m x n] in double.
std::vector<double> dequantizedIntegerGemm(int64_t m, int64_t n, int64_t k, const uint16_t* qa,
                                           const std::vector<QuantParams>& pa, const uint16_t* qb,
                                           const QuantParams& pb);

}  // namespace vpsim
