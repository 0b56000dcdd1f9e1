// Program <-> 32-bit words, and the hex text form used by `vpsim isa asm`.
#include "isa/encoding.h"

#include <cstdio>
#include <sstream>

#include "isa/instruction_format.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

uint32_t pack(Opcode op, uint32_t spec, uint32_t loop, uint32_t imm16) {
  return static_cast<uint32_t>(op) << 28 | (spec & 0x7F) << 21 | (loop & 0x1F) << 16 | (imm16 & 0xFFFF);
}

Instruction unpack(uint32_t w) {
  Instruction ins;
  ins.op = static_cast<Opcode>(w >> 28);
  ins.spec = static_cast<uint8_t>((w >> 21) & 0x7F);
  ins.loop_id = static_cast<uint8_t>((w >> 16) & 0x1F);
  ins.imm = w & 0xFFFF;
  return ins;
}

[[noreturn]] void fail(size_t i, const std::string& why) { throw InputError("word " + std::to_string(i) + ": " + why); }

}  // namespace

std::vector<uint32_t> encode(const Program& p) {
  std::vector<uint32_t> out;
  out.reserve(p.code.size() + 8);
  for (size_t i = 0; i < p.code.size(); ++i) {
    const Instruction& ins = p.code[i];
    const InstructionFormat& fmt = instructionFormat(ins.op);
    if (!fmt.text_ok)
      throw InputError("instruction " + std::to_string(i) + ": " + opcodeName(ins.op) +
                       " is emitted by the encoder, not written in a program");
    if (std::string why = validateInstruction(ins); !why.empty())
      throw InputError("instruction " + std::to_string(i) + ": " + why);
    const uint32_t hi = ins.imm >> 16;
    if (ins.op == Opcode::GenAddrLo)
      out.push_back(pack(Opcode::GenAddrHi, ins.spec, ins.loop_id, hi));
    else if (hi != 0)
      out.push_back(pack(Opcode::ImmHi, 0, 0, hi));
    out.push_back(pack(ins.op, ins.spec, ins.loop_id, ins.imm));
  }
  return out;
}

Program decode(const std::vector<uint32_t>& words) {
  Program p;
  for (size_t i = 0; i < words.size(); ++i) {
    Instruction ins = unpack(words[i]);
    if (ins.op == Opcode::ImmHi || ins.op == Opcode::GenAddrHi) {
      if (i + 1 >= words.size()) fail(i, std::string(opcodeName(ins.op)) + " at end of program");
      const Instruction hi = ins;
      ins = unpack(words[++i]);
      const bool genaddr = hi.op == Opcode::GenAddrHi;
      if (genaddr && (ins.op != Opcode::GenAddrLo || ins.spec != hi.spec || ins.loop_id != hi.loop_id))
        fail(i, "GENADDR_HI not followed by a matching GENADDR_LO");
      if (!genaddr && (hi.spec || hi.loop_id || hi.imm == 0))
        fail(i - 1, "IMM_HI with reserved bits or a zero high half");
      if (!genaddr && (!instructionFormat(ins.op).wide_imm || ins.op == Opcode::GenAddrLo))
        fail(i, std::string("IMM_HI before ") + opcodeName(ins.op));
      ins.imm |= hi.imm << 16;
    } else if (ins.op == Opcode::GenAddrLo) {
      fail(i, "GENADDR_LO without GENADDR_HI");
    }
    if (std::string why = validateInstruction(ins); !why.empty()) fail(i, why);
    p.code.push_back(ins);
  }
  return p;
}

std::string wordsToHex(const std::vector<uint32_t>& words) {
  std::string out;
  char buf[16];
  for (uint32_t w : words) {
    std::snprintf(buf, sizeof buf, "%08x\n", w);
    out += buf;
  }
  return out;
}

std::vector<uint32_t> hexToWords(const std::string& text) {
  std::vector<uint32_t> words;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find_first_of("#;"));
    std::istringstream ls(line);
    std::string tok;
    if (!(ls >> tok)) continue;
    size_t used = 0;
    unsigned long v = 0;
    try {
      v = std::stoul(tok, &used, 16);
    } catch (const std::exception&) {
      used = 0;
    }
    std::string extra;
    if (used != tok.size() || tok.size() > 10 || v > 0xFFFFFFFFUL || (ls >> extra))
      throw InputError("line " + std::to_string(n) + ": expected one hex word, got '" + line + "'");
    words.push_back(static_cast<uint32_t>(v));
  }
  return words;
}

}  // namespace vpsim
