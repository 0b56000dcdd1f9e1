// ProgramInterpreter: the plain-C++ instruction source of the controller. It walks a program's
// blocks and yields, lazily and in issue order, the tile operations the hardware performs:
// DRAM loads and stores of blocks (sizes precision-aware, edge blocks exact), buffer reads and
// writes, and compute tiles (m x n x k at bits b0 x b1). The SystemC controller owns all timing;
// tests use the same walk to count MACs and check buffer occupancy.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "isa/block_plan.h"
#include "isa/fmap_traffic.h"

namespace vpsim {

enum class TileOpKind { Load, Store, ReadBuf, WriteBuf, Compute, BlockEnd };
const char* tileOpKindName(TileOpKind k);

struct Range {
  int64_t begin = 0, end = 0;
  int64_t size() const { return end - begin; }
};

struct TileOp {
  TileOpKind kind = TileOpKind::Compute;
  Scratchpad buf = Scratchpad::Ibuf;  // Load/Store/ReadBuf/WriteBuf
  std::array<Range, 4> range{};       // by GemmDim: the block or tile (dims a tensor ignores: full)
  int64_t bits = 0;                   // bits moved or accessed (Compute: 0)
  int64_t dram_addr = 0;              // Load/Store: element address from the GENADDR strides
  Pass pass = Pass::Fwd;
  int b0 = 0, b1 = 0;         // Compute: operand widths
  bool final_output = false;  // Store of obuf: the reduction is complete (not a partial-sum spill)
  int64_t macs() const { return range[1].size() * range[2].size() * range[3].size(); }
};

class ProgramInterpreter {
 public:
  // Throws InputError if a block is malformed. `conv`: the feature-map geometry of the pass (not
  // encoded in the program: the address generators take it from the layer's registers), so that
  // loads and stores of the patch tensor move its halo tiles (isa/fmap_traffic.h).
  // `output_init_read`: the first visit of an output block loads it too (no on-chip clear).
  explicit ProgramInterpreter(const Program& p, const ConvGeometry& conv = {}, bool output_init_read = false);
  bool next(TileOp& op);  // false when the program is done
  const std::vector<BlockPlan>& blocks() const { return blocks_; }

 private:
  void startBlock();
  bool advance();  // odometer step; sets changed_ (outermost level whose index moved)
  void emitBody();
  void emitTransfer(const BlockPlan::Transfer& t, const std::vector<int64_t>& idx);
  bool firstVisit(Scratchpad s, int level) const;
  bool lastVisit(Scratchpad s, int level, const std::vector<int64_t>& idx) const;

  std::vector<BlockPlan> blocks_;
  ConvGeometry conv_;
  bool output_init_read_ = false;
  size_t block_ = 0;
  bool started_ = false, done_ = false;
  std::vector<int64_t> idx_, prev_;
  int changed_ = -1;
  std::deque<TileOp> queue_;
};

}  // namespace vpsim
