// Decoding of program blocks into BlockPlans, with structural checks.
#include "isa/block_plan.h"

#include "isa/instruction_format.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

int64_t field(const Instruction& ins, const char* name) {
  for (const Field& f : instructionFormat(ins.op).fields)
    if (std::string(f.name) == name) return getField(ins, f);
  return 0;
}

// Adds one instruction to the plan; returns false at BLOCK_END. Throws a bare message on error.
bool addInstruction(BlockPlan& b, const Instruction& ins) {
  const auto dim = [&] { return static_cast<GemmDim>(field(ins, "dim")); };
  switch (ins.op) {
    case Opcode::Setup:
      throw InputError("SETUP inside a block");
    case Opcode::Dim:
      b.extent[static_cast<int>(dim())] = field(ins, "size");
      break;
    case Opcode::Tile:
      b.tile[static_cast<int>(dim())] = field(ins, "size");
      break;
    case Opcode::Loop: {
      if (field(ins, "level") != b.bodyLevel()) throw InputError("LOOP levels must be 0, 1, 2, ... in order");
      if (b.loop_of[static_cast<int>(dim())] >= 0) throw InputError("second LOOP over one dimension");
      b.loop_of[static_cast<int>(dim())] = b.bodyLevel();
      b.loops.push_back({dim(), field(ins, "count")});
      break;
    }
    case Opcode::GenAddrLo:
      b.strides[field(ins, "dir")][field(ins, "buf")].emplace_back(field(ins, "loop"), field(ins, "stride"));
      break;
    case Opcode::LdMem:
    case Opcode::StMem:
    case Opcode::RdBuf:
    case Opcode::WrBuf:
      b.transfers.push_back({ins.op, static_cast<Scratchpad>(field(ins, "buf")), static_cast<int>(field(ins, "level")),
                             field(ins, "bits")});
      break;
    case Opcode::BlockEnd:
      b.last = field(ins, "last") != 0;
      return false;
    default:
      break;  // COMPUTE_R/I mark the body; BASE_ADDR and PU_BLOCK carry nothing the walk needs
  }
  return true;
}

void checkPlan(const BlockPlan& b) {
  for (int d = 0; d < kNumGemmDims; ++d) {
    if (b.extent[d] < 1 || b.tile[d] < 1 || b.tile[d] > b.extent[d])
      throw InputError(std::string("bad DIM/TILE for ") + gemmDimName(static_cast<GemmDim>(d)));
    const int64_t tiles = (b.extent[d] + b.tile[d] - 1) / b.tile[d];
    const int l = b.loop_of[d];
    if ((l < 0 && tiles != 1) || (l >= 0 && b.loops[l].count != tiles))
      throw InputError(std::string("LOOP count over ") + gemmDimName(static_cast<GemmDim>(d)) +
                       " is not ceil(DIM/TILE)");
  }
  for (const auto& t : b.transfers)
    if (t.level > b.bodyLevel() || t.buf == Scratchpad::Bias)
      throw InputError(std::string(opcodeName(t.op)) + " level beyond the loop nest or to the bias buffer");
}

}  // namespace

bool scratchpadDependsOn(Scratchpad s, GemmDim d) {
  if (d == GemmDim::G) return true;
  if (s == Scratchpad::Wbuf) return d != GemmDim::M;
  if (s == Scratchpad::Ibuf) return d != GemmDim::N;
  return d != GemmDim::K;
}

std::vector<BlockPlan> parseBlocks(const Program& p) {
  std::vector<BlockPlan> blocks;
  size_t i = 0;
  const auto where = [&](size_t j) {
    return "instruction " + std::to_string(j) + " (" + opcodeName(p.code[j].op) + "): ";
  };
  while (i < p.code.size()) {
    if (p.code[i].op != Opcode::Setup) throw InputError(where(i) + "a block must start with SETUP");
    BlockPlan b;
    b.pass = static_cast<Pass>(field(p.code[i], "pass"));
    b.b0 = static_cast<int>(field(p.code[i], "b0"));
    b.b1 = static_cast<int>(field(p.code[i], "b1"));
    b.psum = static_cast<int>(field(p.code[i], "psum"));
    bool open = true;
    for (++i; open && i < p.code.size(); ++i) {
      try {
        open = addInstruction(b, p.code[i]);
      } catch (const InputError& e) {
        throw InputError(where(i) + e.what());
      }
    }
    if (open) throw InputError("block without BLOCK_END");
    try {
      checkPlan(b);
    } catch (const InputError& e) {
      throw InputError(where(i - 1) + e.what());
    }
    blocks.push_back(std::move(b));
  }
  return blocks;
}

}  // namespace vpsim
