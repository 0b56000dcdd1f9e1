// InstructionFormat: the named fields of each opcode and where they sit in op_spec, loop_id and
// imm. One table drives the assembler, the disassembler and validation, so text and binary cannot
// drift apart. Bits not covered by a field are reserved and must be zero (keeps encoding canonical,
// which is what makes asm -> binary -> disasm round trip exactly).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/instruction.h"

namespace vpsim {

enum class FieldLoc : uint8_t { Spec, LoopId, Imm };

struct Field {
  const char* name;
  FieldLoc loc;
  int shift;
  int width;                             // bits
  int offset = 0;                        // printed value = stored value + offset (bit widths store width-1)
  std::vector<const char*> labels = {};  // symbolic values (index = stored value); empty = number
};

struct InstructionFormat {
  Opcode op;
  std::vector<Field> fields;
  bool wide_imm = false;  // imm may use 32 bits (the encoder adds a high word when needed)
  bool text_ok = true;    // false for the encoder-only words IMM_HI and GENADDR_HI
};

const InstructionFormat& instructionFormat(Opcode op);

// Printed value of a field (stored bits + offset).
int64_t getField(const Instruction& ins, const Field& f);
// Stores a printed value; returns an error message if it does not fit ("" on success).
std::string setField(Instruction& ins, const Field& f, int64_t value);
// "" if every field is in range and every reserved bit is zero, else the reason.
std::string validateInstruction(const Instruction& ins);

}  // namespace vpsim
