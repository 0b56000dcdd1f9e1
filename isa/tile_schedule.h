// TileSchedule: the controller's instruction source. Walks a compiled program (isa's
// ProgramInterpreter) and splits its tile operations into the DMA stream (loads, stores) and the
// compute stream, each operation tagged with what it waits for. Double buffering is explicit: load
// i of a buffer may overwrite the half of load i-2 only after every compute that read that half is
// done, so loads of tile N+1 overlap the compute of tile N. Plain C++, tested without SystemC.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "isa/program_interpreter.h"
#include "traces/layer_op.h"

namespace vpsim {

struct DmaOp {
  bool is_load = true;
  int buffer = 0;      // Scratchpad index: ibuf 0, obuf 1, wbuf 2
  uint64_t bytes = 0;  // packed bytes moved
  uint64_t dram_byte_addr = 0;
  uint64_t buffer_byte_addr = 0;  // within the buffer: the ping-pong half's base
  int64_t wait_computes =
      0;                  // loads: computes that must have consumed their inputs; stores: whose outputs must be final
  double vector_ops = 0;  // stores: the vector unit's work on these outputs before they leave
  bool final_output = false;  // stores: complete outputs (not partial sums)
  // Feature-map halo tiles (the patch tensor of a convolution) are strided in DRAM: dram_byte_addr
  // is then the tensor's base and `runs` (elements of element_bits) the block's runs in the NCHW
  // map; the buffer side stays packed. See dramPieces().
  bool strided = false;
  int element_bits = 0;
  HaloRuns runs;
};

// A contiguous DRAM byte range of a transfer.
struct DramPiece {
  uint64_t addr = 0, bytes = 0;
};
// The DRAM side of bytes [offset, offset + bytes) of a transfer's packed stream, in stream order
// (replaces `out`'s contents): one range for a contiguous transfer; for a strided one the part of
// each run it covers (a stream byte belongs to the run of its first bit). The DMA engine moves
// each burst's pieces as one gather; the pieces' bytes add up to `bytes`.
void dramPieces(const DmaOp& d, uint64_t offset, uint64_t bytes, std::vector<DramPiece>& out);

struct ComputeOp {
  int64_t m = 0, n = 0, k = 0;
  int b0 = 0, b1 = 0;
  std::array<int64_t, 3> wait_loads{};  // loads of each buffer that must be done first
  int64_t wait_stores = 0;              // stores that must be done first (OBUF reuse)
  std::array<Range, 4> range{};         // by GemmDim (g, m, n, k): the part of the GEMM (runs with values)
};

struct TileSchedule {
  std::vector<DmaOp> dma;
  std::vector<ComputeOp> compute;
  std::array<uint64_t, 3> buffer_read_bits{}, buffer_write_bits{};  // array-side accesses
  int64_t macs = 0;
};

struct ScheduleLayout {
  std::array<bool, 3> double_buffered{{true, true, true}};
  std::array<uint64_t, 3> half_bytes{};  // ping-pong half size per buffer
  std::array<int, 3> element_bits{};     // ibuf = op1 bits, obuf = partial-sum bits, wbuf = op0 bits
  ConvGeometry conv;                     // the pass's feature map: its patch tensor moves halo tiles
  int64_t groups = 1;                    // groups of the pass (the feature map has groups x conv.in_c channels)
  bool output_init_read = false;         // controller.output_init: read
};

// DRAM bases of the three tensors (byte addresses), far apart so their rows do not collide.
inline constexpr std::array<uint64_t, 3> kTensorDramBase = {1ull << 30, 2ull << 30, 0};

TileSchedule buildTileSchedule(const Program& program, const ScheduleLayout& layout);

// Spreads the pass's vector-unit work over the stores of final outputs, in proportion to their bytes.
void assignVectorOps(TileSchedule& s, double ops);

}  // namespace vpsim
