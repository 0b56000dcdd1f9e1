// Operand quantization for the language-model GEMM layers (TokenLinear, Lstm, Attention): the
// quantizers of methods.md section 1 (and the fixed-point one of section 8) chosen by the layer's
// QuantMode and bits, as Conv2d applies them. Each returns the operand the GEMM should use: the
// input itself at 32 bits (FP32, nothing copied), else `out` holding the quantized values.
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/train/gemm_layer.h"

namespace vpsim {

// Weights [rows x per_row] at bits.w: one grid per output channel (row), nearest rounding.
// per_channel = false: one grid for the whole tensor (the stationary activation operand of an
// activation x activation product, e.g. K and V in attention).
// codes (affine and symmetric grids only): also the integer codes, and *grids the grid of each row
// (one entry when per tensor).
const float* quantizeStationary(const GemmLayer& l, const float* w, int64_t rows, int64_t per_row, bool per_channel,
                                std::vector<float>& out, uint16_t* codes = nullptr,
                                std::vector<QuantParams>* grids = nullptr);

// A layer input of n values at `bits` (normally bits.a): one grid per tensor, with the EMA range
// in evaluation (ActivationQuantizer); nearest rounding.
const float* quantizeActivation(const GemmLayer& l, int bits, ActivationQuantizer& q, const float* x, int64_t n,
                                bool train, std::vector<float>& out, uint16_t* codes = nullptr,
                                QuantParams* grid = nullptr);

// An error tensor dL/dy of n values at bits.g: one grid per tensor, stochastic rounding keyed by
// `key`. *underflow (when given and the layer tracks it) gets the fraction of nonzero errors below
// half a grid step. With `codes`, the integer codes and *grid the grid (not for fixed point).
const float* quantizeError(const GemmLayer& l, const float* dy, int64_t n, uint64_t key, std::vector<float>& out,
                           double* underflow, uint16_t* codes = nullptr, QuantParams* grid = nullptr);

// Key of the stochastic rounding noise of error tensor `part` of layer `l` at this step.
uint64_t errorKey(const GemmLayer& l, uint64_t seed, int64_t iter, uint64_t part);

// sum(g * (q - x)) over n values: LDP's precision signal of one operand (gemm_layer.h).
double quantizationSignal(const float* g, const float* q, const float* x, int64_t n);

}  // namespace vpsim
