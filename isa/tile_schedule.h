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
  int buffer = 0;                  // Scratchpad index: ibuf 0, obuf 1, wbuf 2
  uint64_t bytes = 0;              // packed bytes moved
  uint64_t dram_byte_addr = 0;
  uint64_t buffer_byte_addr = 0;   // within the buffer: the ping-pong half's base
  int64_t wait_computes = 0;       // loads: computes that must have consumed their inputs; stores: whose outputs must be final
  double vector_ops = 0;           // stores: the vector unit's work on these outputs before they leave
  bool final_output = false;       // stores: complete outputs (not partial sums)
};

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
  bool output_init_read = false;         // controller.output_init: read
};

// DRAM bases of the three tensors (byte addresses), far apart so their rows do not collide.
inline constexpr std::array<uint64_t, 3> kTensorDramBase = {1ull << 30, 2ull << 30, 0};

TileSchedule buildTileSchedule(const Program& program, const ScheduleLayout& layout);

// Spreads the pass's vector-unit work over the stores of final outputs, in proportion to their bytes.
void assignVectorOps(TileSchedule& s, double ops);

}  // namespace vpsim
