// buildTileSchedule: dependency counts for the DMA and compute streams.
#include "isa/tile_schedule.h"

#include <algorithm>

namespace vpsim {

TileSchedule buildTileSchedule(const Program& program, const ScheduleLayout& layout) {
  TileSchedule s;
  ProgramInterpreter interp(program, layout.conv, layout.output_init_read);
  std::array<int64_t, 3> loads{};  // loads issued so far, per buffer
  // computes issued before each load of each buffer (for the ping-pong reuse rule)
  std::array<std::vector<int64_t>, 3> computes_before_load;
  int64_t stores = 0, computes = 0;
  std::vector<int64_t> computes_before_store;
  TileOp op;
  while (interp.next(op)) {
    const int buf = static_cast<int>(op.buf);
    switch (op.kind) {
      case TileOpKind::Load:
      case TileOpKind::Store: {
        if (buf > 2) break;  // no bias tensor in GEMM passes
        DmaOp d;
        d.is_load = op.kind == TileOpKind::Load;
        d.buffer = buf;
        d.bytes = static_cast<uint64_t>((op.bits + 7) / 8);
        d.dram_byte_addr = kTensorDramBase[buf] + static_cast<uint64_t>(op.dram_addr) * layout.element_bits[buf] / 8;
        if (const auto patch = patchTensor(op.pass, layout.conv); patch && int(patch->buf) == buf && d.bytes > 0) {
          const Range p = op.range[int(patch->pixel_dim)], q = op.range[int(patch->patch_dim)];
          if (auto runs = haloRuns(layout.conv, layout.groups, op.range[0].begin, op.range[0].end, p.begin, p.end,
                                   q.begin, q.end)) {
            d.strided = true, d.runs = *runs, d.element_bits = layout.element_bits[buf];
            d.dram_byte_addr = kTensorDramBase[buf];
          }
        }
        if (d.is_load) {
          const int64_t i = loads[buf]++;
          const bool pingpong = layout.double_buffered[buf];
          d.buffer_byte_addr = pingpong && (i % 2) ? layout.half_bytes[buf] : 0;
          // Load i overwrites the half of load i-2 (ping-pong; both halves start free) or the single
          // buffer: it waits for the computes issued before load i-1, or before itself.
          computes_before_load[buf].push_back(computes);
          const int64_t after_overwritten = pingpong ? i - 1 : i;
          d.wait_computes = after_overwritten >= 0 ? computes_before_load[buf][size_t(after_overwritten)] : 0;
        } else {
          d.wait_computes = computes;  // a store drains what the computes so far produced
          d.final_output = op.final_output;
          // the OBUF half the computes since the previous store wrote (they alternate per store)
          d.buffer_byte_addr = layout.double_buffered[buf] && (stores % 2) ? layout.half_bytes[buf] : 0;
          ++stores;
        }
        s.dma.push_back(d);
        break;
      }
      case TileOpKind::ReadBuf:
        if (buf <= 2) s.buffer_read_bits[buf] += static_cast<uint64_t>(op.bits);
        break;
      case TileOpKind::WriteBuf:
        if (buf <= 2) s.buffer_write_bits[buf] += static_cast<uint64_t>(op.bits);
        break;
      case TileOpKind::Compute: {
        ComputeOp c{op.range[1].size(), op.range[2].size(), op.range[3].size(), op.b0, op.b1, loads, 0, op.range};
        // OBUF ping-pong: the half this compute writes was last drained two stores ago.
        c.wait_stores = layout.double_buffered[1] ? std::max<int64_t>(0, stores - 1) : stores;
        s.compute.push_back(c);
        s.macs += op.macs();
        ++computes;
        break;
      }
      case TileOpKind::BlockEnd:
        break;
    }
  }
  return s;
}

void dramPieces(const DmaOp& d, uint64_t offset, uint64_t bytes, std::vector<DramPiece>& out) {
  out.clear();
  if (bytes == 0) return;
  if (!d.strided) {
    out.push_back({d.dram_byte_addr + offset, bytes});
    return;
  }
  const uint64_t eb = uint64_t(d.element_bits), run_bits = uint64_t(d.runs.run) * eb;
  for (uint64_t j = offset, end = offset + bytes; j < end;) {
    const uint64_t r = j * 8 / run_bits, next = ((r + 1) * run_bits + 7) / 8, stop = std::min(end, next);
    const uint64_t bit = uint64_t(d.runs.offset(int64_t(r))) * eb + (j * 8 - r * run_bits);
    const uint64_t addr = d.dram_byte_addr + bit / 8;
    if (!out.empty() && out.back().addr + out.back().bytes == addr)
      out.back().bytes += stop - j;
    else
      out.push_back({addr, stop - j});
    j = stop;
  }
}

void assignVectorOps(TileSchedule& s, double ops) {
  uint64_t bytes = 0;
  for (const DmaOp& d : s.dma)
    if (!d.is_load && d.final_output) bytes += d.bytes;
  for (DmaOp& d : s.dma)
    if (!d.is_load && d.final_output && bytes) d.vector_ops = ops * double(d.bytes) / double(bytes);
}

}  // namespace vpsim
