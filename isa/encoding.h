// Binary encoding of programs: 32-bit words `opcode[31:28] | op_spec[27:21] | loop_id[20:16] |
// imm[15:0]`. A wide immediate above 0xFFFF is preceded by an IMM_HI word holding its high half;
// GENADDR is always the pair GENADDR_HI, GENADDR_LO (as in DnnWeaver2). The encoding is canonical
// (no IMM_HI for small values, reserved bits zero), so decode(encode(p)) == p and
// encode(decode(w)) == w for every word sequence decode accepts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/instruction.h"

namespace vpsim {

std::vector<uint32_t> encode(const Program& p);      // throws InputError on an invalid instruction
Program decode(const std::vector<uint32_t>& words);  // throws InputError naming the word index

// Hex text, one 8-digit word per line ('#' or ';' comments and blank lines allowed on input).
std::string wordsToHex(const std::vector<uint32_t>& words);
std::vector<uint32_t> hexToWords(const std::string& text);  // throws InputError naming the line

}  // namespace vpsim
