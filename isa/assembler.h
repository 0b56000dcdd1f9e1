// Text assembler and disassembler of the vpsim block ISA. One instruction per line:
//   MNEMONIC field=value field=value ...   ; comment (also '#')
// Fields are named per opcode (instruction_format.h); a missing field is zero (its stored value),
// values are decimal, 0x-hex or a label (pass=fwd, buf=wbuf, dim=k, dir=ld). The disassembler
// prints every field, so disassemble(assemble(t)) is a fixed point and assemble(disassemble(p)) == p.
#pragma once

#include <string>

#include "isa/instruction.h"

namespace vpsim {

Program assemble(const std::string& text);  // throws InputError "line N: ..."
std::string disassemble(const Program& p);
std::string disassembleInstruction(const Instruction& ins);

}  // namespace vpsim
