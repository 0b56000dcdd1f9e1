// The lazy walk over the loop nest of each block.
#include "isa/program_interpreter.h"

namespace vpsim {

const char* tileOpKindName(TileOpKind k) {
  switch (k) {
    case TileOpKind::Load:
      return "load";
    case TileOpKind::Store:
      return "store";
    case TileOpKind::ReadBuf:
      return "read_buf";
    case TileOpKind::WriteBuf:
      return "write_buf";
    case TileOpKind::Compute:
      return "compute";
    case TileOpKind::BlockEnd:
      return "block_end";
  }
  return "?";
}

ProgramInterpreter::ProgramInterpreter(const Program& p, const ConvGeometry& conv, bool output_init_read)
    : blocks_(parseBlocks(p)), conv_(conv), output_init_read_(output_init_read) {
  done_ = blocks_.empty();
}

void ProgramInterpreter::startBlock() {
  idx_.assign(blocks_[block_].loops.size(), 0);
  prev_ = idx_;
  changed_ = -1;
  started_ = true;
}

bool ProgramInterpreter::advance() {
  const BlockPlan& b = blocks_[block_];
  prev_ = idx_;
  for (int l = b.bodyLevel() - 1; l >= 0; --l) {
    if (++idx_[l] < b.loops[l].count) {
      changed_ = l;
      return true;
    }
    idx_[l] = 0;
  }
  return false;
}

// An output block is visited for the first time when every loop outside its level that it does
// not depend on (the reduction) is at index 0: then there are no partial sums to load.
bool ProgramInterpreter::firstVisit(Scratchpad s, int level) const {
  const BlockPlan& b = blocks_[block_];
  for (int l = 0; l < level && l < b.bodyLevel(); ++l)
    if (!scratchpadDependsOn(s, b.loops[l].dim) && idx_[l] != 0) return false;
  return true;
}

// An output block is complete when every loop outside its level that it does not depend on is at
// its last index.
bool ProgramInterpreter::lastVisit(Scratchpad s, int level, const std::vector<int64_t>& idx) const {
  const BlockPlan& b = blocks_[block_];
  for (int l = 0; l < level && l < b.bodyLevel(); ++l)
    if (!scratchpadDependsOn(s, b.loops[l].dim) && idx[l] != b.loops[l].count - 1) return false;
  return true;
}

void ProgramInterpreter::emitTransfer(const BlockPlan::Transfer& t, const std::vector<int64_t>& idx) {
  const BlockPlan& b = blocks_[block_];
  TileOp op;
  op.kind = t.op == Opcode::LdMem   ? TileOpKind::Load
            : t.op == Opcode::StMem ? TileOpKind::Store
            : t.op == Opcode::RdBuf ? TileOpKind::ReadBuf
                                    : TileOpKind::WriteBuf;
  op.buf = t.buf;
  op.pass = b.pass;
  op.bits = b.elementBits(t.buf);
  for (int d = 0; d < kNumGemmDims; ++d) {
    const int l = b.loop_of[d];
    // Inside the transfer's level (or no loop) the block spans the whole extent.
    op.range[d] = l >= 0 && l < t.level ? Range{idx[l] * b.tile[d], std::min(b.extent[d], (idx[l] + 1) * b.tile[d])}
                                        : Range{0, b.extent[d]};
    if (scratchpadDependsOn(t.buf, static_cast<GemmDim>(d))) op.bits *= op.range[d].size();
  }
  const auto patch = patchTensor(b.pass, conv_);
  if (patch && patch->buf == t.buf && (op.kind == TileOpKind::Load || op.kind == TileOpKind::Store)) {
    const Range p = op.range[int(patch->pixel_dim)], q = op.range[int(patch->patch_dim)];
    op.bits =
        int64_t(b.elementBits(t.buf)) * op.range[0].size() * patchBlockElements(conv_, p.begin, p.end, q.begin, q.end);
  }
  if (op.kind == TileOpKind::Store) op.final_output = lastVisit(t.buf, t.level, idx);
  if (op.kind == TileOpKind::Load || op.kind == TileOpKind::Store)
    for (const auto& [loop, stride] : b.strides[op.kind == TileOpKind::Store][static_cast<int>(t.buf)])
      if (loop < static_cast<int>(idx.size())) op.dram_addr += stride * idx[loop];
  queue_.push_back(op);
}

void ProgramInterpreter::emitBody() {
  const BlockPlan& b = blocks_[block_];
  const bool first = changed_ < 0;
  for (const auto& t : b.transfers)  // blocks that end: write them back before new loads
    if (t.op == Opcode::StMem && !first && changed_ < t.level) emitTransfer(t, prev_);
  for (const auto& t : b.transfers)
    if (t.op == Opcode::LdMem && (first || changed_ < t.level) &&
        (t.buf != Scratchpad::Obuf || output_init_read_ || !firstVisit(t.buf, t.level)))
      emitTransfer(t, idx_);
  for (const auto& t : b.transfers)
    if (t.op == Opcode::RdBuf) emitTransfer(t, idx_);
  TileOp c;
  c.kind = TileOpKind::Compute;
  c.pass = b.pass, c.b0 = b.b0, c.b1 = b.b1;
  for (int d = 0; d < kNumGemmDims; ++d) {
    const int l = b.loop_of[d];
    c.range[d] =
        l >= 0 ? Range{idx_[l] * b.tile[d], std::min(b.extent[d], (idx_[l] + 1) * b.tile[d])} : Range{0, b.extent[d]};
  }
  queue_.push_back(c);
  for (const auto& t : b.transfers)
    if (t.op == Opcode::WrBuf) emitTransfer(t, idx_);
}

bool ProgramInterpreter::next(TileOp& op) {
  while (queue_.empty() && !done_) {
    if (!started_) {
      startBlock();
      emitBody();
    } else if (advance()) {
      emitBody();
    } else {  // drain: store every resident output block, then end the block
      for (const auto& t : blocks_[block_].transfers)
        if (t.op == Opcode::StMem) emitTransfer(t, prev_);  // advance() left the last indices in prev_
      TileOp end;
      end.kind = TileOpKind::BlockEnd;
      end.pass = blocks_[block_].pass;
      queue_.push_back(end);
      started_ = false;
      done_ = ++block_ >= blocks_.size();
    }
  }
  if (queue_.empty()) return false;
  op = queue_.front();
  queue_.pop_front();
  return true;
}

}  // namespace vpsim
