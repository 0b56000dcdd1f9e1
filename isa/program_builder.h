// buildProgram: emits the block program of one tiled GEMM pass (the compiler's back end).
//   SETUP pass b0 b1 psum; DIM g/m/n/k; TILE m/n/k; LOOP g, order[0..2];
//   GENADDR per tensor and loop outside its resident level (element strides, row-major per group:
//   op0 k x n, op1 m x k, out m x n); LDMEM wbuf/ibuf (obuf when partial sums are reloaded) at their
//   resident levels; RDBUF wbuf/ibuf, WRBUF obuf, COMPUTE_R at the body level; STMEM obuf; BLOCK_END.
#pragma once

#include "isa/instruction.h"
#include "isa/tiling_cost.h"
#include "traces/layer_op.h"

namespace vpsim {

Program buildProgram(const GemmPass& gemm, int b0, int b1, int psum_bits, const GemmTiling& tiling,
                     const TilingCost& cost);

// Loop levels of the nest the compiler emits: 0 = groups, 1..3 = tiling.order, 4 = body.
inline constexpr int kBodyLevel = 4;

}  // namespace vpsim
