// Tile kernels: the bit-accurate arithmetic of a whole tile for one PE configuration, many
// products per call. C (m x n; starting partial sums in, results out) += X (m x k) * S (k x n): for
// every output, k ascending in steps of products_per_step pairs, each step's exact datapath sum
// (BitBrick products and shift-add rows, bit planes, chunk products) added once to the accumulator
// with its overflow rule, and a stuck accumulator bit re-applied after every update (fault
// injection). The same arithmetic as PeCore's per-step path (tests hold them equal on every operand
// pair up to 8x8 and on random tiles), laid out across the n outputs of a row so the compiler
// vectorizes it. Three copies of the kernels (generic, AVX2, AVX-512) are picked at run time.
#pragma once

#include <cstdint>

#include "pe/pe_config.h"

namespace vpsim {

struct TileKernelSpec {
  PeKind kind = PeKind::Reference;
  int bits0 = 8, bits1 = 8;  // S, X widths
  bool signed0 = true, signed1 = true;
  int64_t products_per_step = 1;                 // P
  int digit_bits = 2, digits0 = 4, digits1 = 4;  // bitfusion bricks / bitparallel chunks
  bool serial_is_op0 = false;                    // stripes: S is the serial operand
  int acc_bits = 32;
  bool saturate = false;
  int fault_bit = -1;  // accumulator bit stuck at 1 after every update; -1 none
};

// x and s hold operand register values (low bits, sign extended when signed; raw for reference).
// Returns the accumulator overflow events.
uint64_t runTileKernel(const TileKernelSpec& spec, const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k,
                       int64_t* c);
const char* tileKernelIsa();  // the copy runTileKernel uses here: "avx512", "avx2" or "generic"

namespace tile_generic {
uint64_t run(const TileKernelSpec& spec, const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k,
             int64_t* c);
}
namespace tile_avx2 {
uint64_t run(const TileKernelSpec& spec, const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k,
             int64_t* c);
}
namespace tile_avx512 {
uint64_t run(const TileKernelSpec& spec, const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k,
             int64_t* c);
}

}  // namespace vpsim
