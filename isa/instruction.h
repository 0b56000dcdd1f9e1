// Instruction: one logical instruction of the vpsim block ISA. A word is
// `opcode[31:28] | op_spec[27:21] | loop_id[20:16] | imm[15:0]`; a logical instruction may carry a
// 32-bit immediate, which the encoder splits over two words (IMM_HI prefix, or GENADDR_HI/LO).
// What the fields mean per opcode is in instruction_format.h.
#pragma once

#include <cstdint>
#include <vector>

#include "isa/opcode.h"

namespace vpsim {

struct Instruction {
  Opcode op = Opcode::Setup;
  uint8_t spec = 0;     // op_spec, 7 bits
  uint8_t loop_id = 0;  // 5 bits
  uint32_t imm = 0;     // 16 bits, or 32 for opcodes with a wide immediate
  bool operator==(const Instruction& o) const {
    return op == o.op && spec == o.spec && loop_id == o.loop_id && imm == o.imm;
  }
  bool operator!=(const Instruction& o) const { return !(*this == o); }
};

// A program is one or more blocks (SETUP ... BLOCK_END); the compiler emits one block per pass.
struct Program {
  std::vector<Instruction> code;
  bool operator==(const Program& o) const { return code == o.code; }
};

}  // namespace vpsim
