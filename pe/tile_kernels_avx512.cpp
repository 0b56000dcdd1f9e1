// Tile kernels compiled for AVX-512 (picked at run time when the CPU has it).
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512dq,avx2,popcnt,bmi,bmi2")
#endif
#define VPSIM_TILE_NS tile_avx512
#include "pe/tile_kernels.inc"
