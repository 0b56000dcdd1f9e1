// The checked program walk used by the compiler tests.
#include "isa_test_util.h"

namespace vpsim::isatest {

namespace {
bool inside(const Range& tile, const Range& block) { return tile.begin >= block.begin && tile.end <= block.end; }
}  // namespace

WalkStats walkProgram(const Program& p, const ConvGeometry& conv, bool output_init_read) {
  WalkStats s;
  ProgramInterpreter it(p, conv, output_init_read);
  TileOp resident[4];
  bool loaded[4] = {false, false, false, false};
  TileOp op;
  while (it.next(op)) {
    const int b = static_cast<int>(op.buf);
    if (op.kind == TileOpKind::Load || op.kind == TileOpKind::Store) {
      (op.kind == TileOpKind::Load ? s.dram_read_bits : s.dram_write_bits) += op.bits;
      s.max_block_bits[b] = std::max(s.max_block_bits[b], op.bits);
    }
    if (op.kind == TileOpKind::Load) resident[b] = op, loaded[b] = true;
    if (op.kind != TileOpKind::Compute) continue;
    s.macs += op.macs();
    ++s.computes;
    for (Scratchpad sp : {Scratchpad::Ibuf, Scratchpad::Wbuf}) {
      const int i = static_cast<int>(sp);
      for (int d = 0; d < kNumGemmDims; ++d)
        if (scratchpadDependsOn(sp, static_cast<GemmDim>(d)) &&
            (!loaded[i] || !inside(op.range[d], resident[i].range[d]))) {
          if (s.tiles_inside_blocks) s.first_error = std::string(scratchpadName(sp)) + " block misses tile";
          s.tiles_inside_blocks = false;
        }
    }
  }
  return s;
}

}  // namespace vpsim::isatest
