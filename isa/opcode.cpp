// Names of opcodes and operand enums, shared by the assembler, disassembler and CLI.
#include "isa/opcode.h"

#include <array>

namespace vpsim {

const char* opcodeName(Opcode op) {
  static constexpr std::array<const char*, kNumOpcodes> kNames = {
      "SETUP",     "LDMEM",     "STMEM",    "RDBUF",     "WRBUF",     "GENADDR_HI", "GENADDR", "LOOP",
      "BLOCK_END", "BASE_ADDR", "PU_BLOCK", "COMPUTE_R", "COMPUTE_I", "IMM_HI",     "DIM",     "TILE"};
  return kNames[static_cast<int>(op) & 15];
}

const char* scratchpadName(Scratchpad s) {
  static constexpr std::array<const char*, 4> kNames = {"ibuf", "obuf", "wbuf", "bias"};
  return kNames[static_cast<int>(s) & 3];
}

const char* gemmDimName(GemmDim d) {
  static constexpr std::array<const char*, 4> kNames = {"g", "m", "n", "k"};
  return kNames[static_cast<int>(d) & 3];
}

}  // namespace vpsim
