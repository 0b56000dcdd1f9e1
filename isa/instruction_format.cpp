// The field table of every opcode, and field access with range checks.
#include "isa/instruction_format.h"

#include <array>

namespace vpsim {
namespace {

using L = FieldLoc;
const std::vector<const char*> kBufs = {"ibuf", "obuf", "wbuf", "bias"};
const std::vector<const char*> kDims = {"g", "m", "n", "k"};
const std::vector<const char*> kPasses = {"fwd", "bwd_data", "bwd_weight"};
const std::vector<const char*> kDirs = {"ld", "st"};

// LD/ST/RD/WR: scratchpad in op_spec[4:3] as on the hardware page; loop_id = the loop level at
// which the transfer is issued; imm = size in bits (precision-aware, may exceed 16 bits).
InstructionFormat memFormat(Opcode op) {
  return {op, {{"buf", L::Spec, 3, 2, 0, kBufs}, {"level", L::LoopId, 0, 5}, {"bits", L::Imm, 0, 32}}, true};
}

std::array<InstructionFormat, kNumOpcodes> makeTable() {
  return {{
      // SETUP: op_spec = pass; imm = (b0-1)<<11 | (b1-1)<<6 | (psum-1). Widths 1..32 (32: the FP32
      // reference's bit-parallel array), partial sums 1..64 bits.
      {Opcode::Setup,
       {{"pass", L::Spec, 0, 2, 0, kPasses},
        {"b0", L::Imm, 11, 5, 1},
        {"b1", L::Imm, 6, 5, 1},
        {"psum", L::Imm, 0, 6, 1}}},
      memFormat(Opcode::LdMem),
      memFormat(Opcode::StMem),
      memFormat(Opcode::RdBuf),
      memFormat(Opcode::WrBuf),
      {Opcode::GenAddrHi, {{"spec", L::Spec, 0, 7}, {"loop", L::LoopId, 0, 5}, {"imm", L::Imm, 0, 16}}, false, false},
      // GENADDR: scratchpad << 3 | ld/st, bound to loop id; stride in elements of the tensor.
      {Opcode::GenAddrLo,
       {{"buf", L::Spec, 3, 2, 0, kBufs},
        {"dir", L::Spec, 0, 1, 0, kDirs},
        {"loop", L::LoopId, 0, 5},
        {"stride", L::Imm, 0, 32}},
       true},
      // LOOP: op_spec = dim << 4 | nesting level; loop_id = id; imm = iteration count.
      {Opcode::Loop,
       {{"level", L::Spec, 0, 4}, {"dim", L::Spec, 4, 2, 0, kDims}, {"id", L::LoopId, 0, 5}, {"count", L::Imm, 0, 32}},
       true},
      {Opcode::BlockEnd, {{"last", L::Imm, 0, 1}}},
      {Opcode::BaseAddr,
       {{"buf", L::Spec, 3, 2, 0, kBufs}, {"dir", L::Spec, 0, 1, 0, kDirs}, {"addr", L::Imm, 0, 32}},
       true},
      {Opcode::PuBlock, {{"spec", L::Spec, 0, 7}, {"loop", L::LoopId, 0, 5}, {"imm", L::Imm, 0, 32}}, true},
      // COMPUTE_R: fn 0 = MAC over the current tile; level = loop level of the compute body.
      {Opcode::ComputeR, {{"fn", L::Spec, 0, 7}, {"level", L::LoopId, 0, 5}, {"imm", L::Imm, 0, 32}}, true},
      {Opcode::ComputeI, {{"fn", L::Spec, 0, 7}, {"level", L::LoopId, 0, 5}, {"imm", L::Imm, 0, 32}}, true},
      {Opcode::ImmHi, {{"imm", L::Imm, 0, 16}}, false, false},
      {Opcode::Dim, {{"dim", L::Spec, 0, 2, 0, kDims}, {"size", L::Imm, 0, 32}}, true},
      {Opcode::Tile, {{"dim", L::Spec, 0, 2, 0, kDims}, {"size", L::Imm, 0, 32}}, true},
  }};
}

uint32_t locValue(const Instruction& ins, FieldLoc loc) {
  return loc == L::Spec ? ins.spec : loc == L::LoopId ? ins.loop_id : ins.imm;
}

uint64_t widthMask(int width) { return width >= 64 ? ~0ULL : (1ULL << width) - 1; }

}  // namespace

const InstructionFormat& instructionFormat(Opcode op) {
  static const std::array<InstructionFormat, kNumOpcodes> kTable = makeTable();
  return kTable[static_cast<int>(op) & 15];
}

int64_t getField(const Instruction& ins, const Field& f) {
  return static_cast<int64_t>((locValue(ins, f.loc) >> f.shift) & widthMask(f.width)) + f.offset;
}

std::string setField(Instruction& ins, const Field& f, int64_t value) {
  const int64_t limit =
      f.labels.empty() ? static_cast<int64_t>(widthMask(f.width)) : static_cast<int64_t>(f.labels.size()) - 1;
  // value < offset first: INT64_MIN - 1 would overflow (found by tests/fuzz/isa_asm_fuzz.cpp).
  if (value < f.offset || value - f.offset > limit)
    return std::string("field '") + f.name + "' out of range: " + std::to_string(value) + " (allowed " +
           std::to_string(f.offset) + ".." + std::to_string(limit + f.offset) + ")";
  const uint32_t mask = static_cast<uint32_t>(widthMask(f.width) << f.shift);
  const uint32_t bits = static_cast<uint32_t>(value - f.offset) << f.shift;
  if (f.loc == L::Spec) ins.spec = static_cast<uint8_t>((ins.spec & ~mask) | bits);
  if (f.loc == L::LoopId) ins.loop_id = static_cast<uint8_t>((ins.loop_id & ~mask) | bits);
  if (f.loc == L::Imm) ins.imm = (ins.imm & ~mask) | bits;
  return "";
}

std::string validateInstruction(const Instruction& ins) {
  const InstructionFormat& fmt = instructionFormat(ins.op);
  uint64_t used[3] = {0, 0, 0};
  for (const Field& f : fmt.fields) {
    used[static_cast<int>(f.loc)] |= widthMask(f.width) << f.shift;
    const uint64_t stored = (locValue(ins, f.loc) >> f.shift) & widthMask(f.width);
    if (!f.labels.empty() && stored >= f.labels.size())
      return std::string(opcodeName(ins.op)) + ": bad " + f.name + " value " + std::to_string(stored);
  }
  if (ins.spec > 127 || ins.loop_id > 31) return std::string(opcodeName(ins.op)) + ": field too wide";
  for (FieldLoc loc : {L::Spec, L::LoopId, L::Imm})
    if (locValue(ins, loc) & ~used[static_cast<int>(loc)])
      return std::string(opcodeName(ins.op)) + ": reserved bits set";
  return "";
}

}  // namespace vpsim
