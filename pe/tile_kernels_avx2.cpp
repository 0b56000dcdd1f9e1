// Tile kernels compiled for AVX2 (picked at run time when the CPU has it).
#if defined(__x86_64__)
#pragma GCC target("avx2,popcnt,bmi,bmi2")
#endif
#define VPSIM_TILE_NS tile_avx2
#include "pe/tile_kernels.inc"
