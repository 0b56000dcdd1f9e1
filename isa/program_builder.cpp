// Program emission from a chosen tiling.
#include "isa/program_builder.h"

#include <limits>

#include "isa/instruction_format.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

// Builds one instruction from (field name, value) pairs through the format table, so emitted code
// obeys exactly the rules the assembler enforces.
Instruction make(Opcode op, std::initializer_list<std::pair<const char*, int64_t>> fields) {
  Instruction ins;
  ins.op = op;
  for (const auto& [name, value] : fields)
    for (const Field& f : instructionFormat(op).fields)
      if (std::string(f.name) == name)
        if (std::string why = setField(ins, f, value); !why.empty())
          throw InputError(std::string(opcodeName(op)) + ": " + why);
  return ins;
}

int64_t extentOf(const GemmPass& g, GemmDim d) {
  return d == GemmDim::G ? g.groups : d == GemmDim::M ? g.m : d == GemmDim::N ? g.n : g.k;
}

// Element stride of one step of the loop over dim d for a row-major (rows x cols) tensor per group.
int64_t stride(const GemmPass& g, GemmTensor t, GemmDim d, const GemmTiling& tl) {
  const int64_t rows = t == GemmTensor::Op0 ? g.k : g.m;
  const int64_t cols = t == GemmTensor::Op1 ? g.k : g.n;
  if (d == GemmDim::G) return rows * cols;
  const bool is_row = (t == GemmTensor::Op0) ? d == GemmDim::K : d == GemmDim::M;
  return is_row ? tl.tile(d) * cols : tl.tile(d);
}

void emitGenAddr(Program& p, const GemmPass& g, GemmTensor t, int level, bool store, const GemmTiling& tl) {
  const std::array<GemmDim, 4> dims = {GemmDim::G, tl.order[0], tl.order[1], tl.order[2]};
  for (int l = 0; l < level; ++l) {
    if (!tensorDependsOn(t, dims[l])) continue;
    const int64_t s = stride(g, t, dims[l], tl);
    if (s > std::numeric_limits<uint32_t>::max()) throw InputError("tensor too large for 32-bit GENADDR strides");
    p.code.push_back(make(Opcode::GenAddrLo,
                          {{"buf", static_cast<int>(tensorBuffer(t))}, {"dir", store}, {"loop", l}, {"stride", s}}));
  }
}

void emitHeader(Program& p, const GemmPass& g, int b0, int b1, int psum, const GemmTiling& tl) {
  p.code.push_back(make(Opcode::Setup, {{"pass", static_cast<int>(g.pass)}, {"b0", b0}, {"b1", b1}, {"psum", psum}}));
  for (GemmDim d : {GemmDim::G, GemmDim::M, GemmDim::N, GemmDim::K})
    p.code.push_back(make(Opcode::Dim, {{"dim", static_cast<int>(d)}, {"size", extentOf(g, d)}}));
  for (GemmDim d : {GemmDim::M, GemmDim::N, GemmDim::K})
    p.code.push_back(make(Opcode::Tile, {{"dim", static_cast<int>(d)}, {"size", tl.tile(d)}}));
  const std::array<GemmDim, 4> dims = {GemmDim::G, tl.order[0], tl.order[1], tl.order[2]};
  for (int l = 0; l < 4; ++l) {
    const int64_t e = extentOf(g, dims[l]), t = tl.tile(dims[l]);
    p.code.push_back(
        make(Opcode::Loop, {{"level", l}, {"dim", static_cast<int>(dims[l])}, {"id", l}, {"count", (e + t - 1) / t}}));
  }
}

}  // namespace

Program buildProgram(const GemmPass& g, int b0, int b1, int psum, const GemmTiling& tl, const TilingCost& cost) {
  Program p;
  emitHeader(p, g, b0, b1, psum, tl);
  const auto lvl = [&](GemmTensor t) { return cost.level[static_cast<int>(t)]; };
  const auto buf = [](GemmTensor t) { return static_cast<int64_t>(tensorBuffer(t)); };
  const auto blk = [&](GemmTensor t) { return cost.block_bits[static_cast<int>(t)]; };
  const bool reload_out = cost.load_bits[static_cast<int>(GemmTensor::Out)] > 0;
  for (GemmTensor t : {GemmTensor::Op0, GemmTensor::Op1, GemmTensor::Out}) {
    if (t != GemmTensor::Out || reload_out) emitGenAddr(p, g, t, lvl(t), false, tl);
    if (t == GemmTensor::Out) emitGenAddr(p, g, t, lvl(t), true, tl);
  }
  for (GemmTensor t : {GemmTensor::Op0, GemmTensor::Op1, GemmTensor::Out})
    if (t != GemmTensor::Out || reload_out)
      p.code.push_back(make(Opcode::LdMem, {{"buf", buf(t)}, {"level", lvl(t)}, {"bits", blk(t)}}));
  p.code.push_back(
      make(Opcode::RdBuf, {{"buf", buf(GemmTensor::Op0)}, {"level", kBodyLevel}, {"bits", tl.tk * tl.tn * b0}}));
  p.code.push_back(
      make(Opcode::RdBuf, {{"buf", buf(GemmTensor::Op1)}, {"level", kBodyLevel}, {"bits", tl.tm * tl.tk * b1}}));
  p.code.push_back(make(Opcode::ComputeR, {{"fn", 0}, {"level", kBodyLevel}}));
  p.code.push_back(
      make(Opcode::WrBuf, {{"buf", buf(GemmTensor::Out)}, {"level", kBodyLevel}, {"bits", tl.tm * tl.tn * psum}}));
  p.code.push_back(make(
      Opcode::StMem, {{"buf", buf(GemmTensor::Out)}, {"level", lvl(GemmTensor::Out)}, {"bits", blk(GemmTensor::Out)}}));
  p.code.push_back(make(Opcode::BlockEnd, {{"last", 1}}));
  return p;
}

}  // namespace vpsim
