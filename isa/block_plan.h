// BlockPlan: one SETUP ... BLOCK_END block of a program, decoded into the loop nest, the tile
// geometry and the transfers the controller must perform. parseBlocks checks the block structure
// and names the offending instruction; ProgramInterpreter walks the plans.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "isa/instruction.h"
#include "traces/layer_op.h"

namespace vpsim {

struct BlockPlan {
  struct LoopInfo {
    GemmDim dim = GemmDim::G;
    int64_t count = 1;
  };
  // A DRAM<->buffer move (LDMEM/STMEM) or a buffer<->array access (RDBUF/WRBUF).
  struct Transfer {
    Opcode op = Opcode::LdMem;
    Scratchpad buf = Scratchpad::Ibuf;
    int level = 0;     // issued when a loop at a level < this one advances (or at the start)
    int64_t bits = 0;  // size of a full block (edge blocks are smaller)
  };
  Pass pass = Pass::Fwd;
  int b0 = 8, b1 = 8, psum = 32;
  std::array<int64_t, 4> extent{1, 1, 1, 1}, tile{1, 1, 1, 1};  // by GemmDim
  std::vector<LoopInfo> loops;                                  // index = nesting level
  std::array<int, 4> loop_of{-1, -1, -1, -1};                   // level of each dim's loop, -1 none
  std::vector<Transfer> transfers;                              // in program order
  // GENADDR strides (loop id, elements) per scratchpad, [0] loads and [1] stores.
  std::array<std::array<std::vector<std::pair<int, int64_t>>, 4>, 2> strides;
  bool last = false;
  int bodyLevel() const { return static_cast<int>(loops.size()); }
  int elementBits(Scratchpad s) const { return s == Scratchpad::Wbuf ? b0 : s == Scratchpad::Ibuf ? b1 : psum; }
};

// Throws InputError("instruction N (OPCODE): ...") when a block is malformed.
std::vector<BlockPlan> parseBlocks(const Program& p);

// Which GEMM dims the tensor held in a scratchpad depends on (wbuf = op0 k x n, ibuf = op1 m x k,
// obuf = out m x n; all depend on g).
bool scratchpadDependsOn(Scratchpad s, GemmDim d);

}  // namespace vpsim
