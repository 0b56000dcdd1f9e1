// Portable (baseline x86-64 SSE2) copy of the GEMM kernel.
#define VPSIM_GEMM_NS gemm_generic
#include "workloads/train/gemm_kernels.inc"
