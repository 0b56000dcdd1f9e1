// ProgramInterpreter: the exact op sequence of a hand-written block (loads at their levels, partial
// sums reloaded on every visit but the first, edge tiles), and malformed blocks that name the place.
#include <gtest/gtest.h>

#include "isa/assembler.h"
#include "isa/program_interpreter.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

// (m 3 x k 5) * (k 5 x n 2): k tiled by 2 outside m tiled by 2; out reloaded across k.
const char* kProgram = R"(
SETUP     pass=fwd b0=4 b1=2 psum=32
DIM       dim=m size=3
DIM       dim=n size=2
DIM       dim=k size=5
TILE      dim=m size=2
TILE      dim=n size=2
TILE      dim=k size=2
LOOP      level=0 dim=k id=0 count=3
LOOP      level=1 dim=m id=1 count=2
GENADDR   buf=ibuf dir=ld loop=0 stride=2
GENADDR   buf=ibuf dir=ld loop=1 stride=10
LDMEM     buf=wbuf level=1 bits=16
LDMEM     buf=ibuf level=2 bits=8
LDMEM     buf=obuf level=2 bits=128
COMPUTE_R fn=0 level=2
STMEM     buf=obuf level=2 bits=128
BLOCK_END last=1
)";

std::string trace(const Program& p) {
  std::string out;
  ProgramInterpreter it(p);
  TileOp op;
  while (it.next(op)) {
    out += tileOpKindName(op.kind);
    if (op.kind == TileOpKind::Compute)
      out += " m" + std::to_string(op.range[1].begin) + "+" + std::to_string(op.range[1].size()) + " k" +
             std::to_string(op.range[3].begin) + "+" + std::to_string(op.range[3].size());
    else if (op.kind != TileOpKind::BlockEnd)
      out += std::string(" ") + scratchpadName(op.buf) + " " + std::to_string(op.bits) + "@" +
             std::to_string(op.dram_addr);
    out += "\n";
  }
  return out;
}

TEST(Interpreter, WalksLoopsWithLevelsEdgesAndPartialSums) {
  const std::string want =
      "load wbuf 16@0\nload ibuf 8@0\ncompute m0+2 k0+2\n"     // k=0: first visit, no psum load
      "store obuf 128@0\nload ibuf 4@10\ncompute m2+1 k0+2\n"  // edge m tile: 1 x 2 x 2 bits
      "store obuf 64@0\nload wbuf 16@0\nload ibuf 8@2\nload obuf 128@0\ncompute m0+2 k2+2\n"
      "store obuf 128@0\nload ibuf 4@12\nload obuf 64@0\ncompute m2+1 k2+2\n"
      "store obuf 64@0\nload wbuf 8@0\nload ibuf 4@4\nload obuf 128@0\ncompute m0+2 k4+1\n"  // edge k
      "store obuf 128@0\nload ibuf 2@14\nload obuf 64@0\ncompute m2+1 k4+1\n"
      "store obuf 64@0\nblock_end\n";
  EXPECT_EQ(trace(assemble(kProgram)), want);
}

TEST(Interpreter, EmptyProgramYieldsNothing) {
  ProgramInterpreter it(Program{});
  TileOp op;
  EXPECT_FALSE(it.next(op));
}

std::string errorOf(const std::string& text) {
  try {
    ProgramInterpreter it(assemble(text));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Interpreter, MalformedBlocksNameTheInstruction) {
  EXPECT_EQ(errorOf("LOOP count=1\n"), "instruction 0 (LOOP): a block must start with SETUP");
  EXPECT_EQ(errorOf("SETUP\nLOOP count=1\n"), "block without BLOCK_END");
  EXPECT_EQ(errorOf("SETUP\nDIM dim=m size=4\nTILE dim=m size=2\nLOOP dim=m count=3\nBLOCK_END\n"),
            "instruction 4 (BLOCK_END): LOOP count over m is not ceil(DIM/TILE)");
  EXPECT_EQ(errorOf("SETUP\nLOOP level=1\nBLOCK_END\n"),
            "instruction 1 (LOOP): LOOP levels must be 0, 1, 2, ... in order");
  EXPECT_EQ(errorOf("SETUP\nLOOP level=0 dim=m\nLOOP level=1 dim=m\nBLOCK_END\n"),
            "instruction 2 (LOOP): second LOOP over one dimension");
  EXPECT_EQ(errorOf("SETUP\nDIM dim=k size=4\nBLOCK_END\n"),
            "instruction 2 (BLOCK_END): LOOP count over k is not ceil(DIM/TILE)");
  EXPECT_EQ(errorOf("SETUP\nLDMEM level=3\nBLOCK_END\n"),
            "instruction 2 (BLOCK_END): LDMEM level beyond the loop nest or to the bias buffer");
}

}  // namespace
}  // namespace vpsim
