// Tile kernels compiled for the baseline ISA (any x86-64 or other CPU).
#define VPSIM_TILE_NS tile_generic
#include "pe/tile_kernels.inc"
