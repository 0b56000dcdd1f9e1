// CompilerTarget: what the compiler needs to know about an accelerator, as plain numbers, so isa/
// does not depend on how pe/ or sim/ describe hardware. The PE's throughput rule comes in as a
// callback returning an exact rational (products per cycle per PE at operand widths b0, b1).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace vpsim {

// Products per cycle per PE as num/den (den > 1 models temporal fusion, e.g. 16x8 on Bit Fusion = 1/2).
struct Rational {
  int64_t num = 1, den = 1;
};
using ThroughputRule = std::function<Rational(int b0, int b1)>;
// Cycles the array takes for one tm x tn x tk compute tile at widths (b0, b1), fill and drain
// included. When a target sets it (sim/ passes the PE array's own timing rule), the compiler
// minimizes the cycles the array will really take; otherwise it uses the throughput rule above.
using TileCyclesRule = std::function<int64_t(int64_t tm, int64_t tn, int64_t tk, int b0, int b1)>;

// Cycles of a tile's tail that the next tile may overlap (its drain), at widths (b0, b1).
using TileDrainRule = std::function<int64_t(int b0, int b1)>;
struct GemmPass;
// The vector unit's operations for a whole pass (its post ops), spread over its output stores.
using VectorOpsRule = std::function<double(const GemmPass&)>;

// The widest operand widths that run at the same throughput as (b0, b1) (Bit Fusion rounds up to
// brick * 2^j); identity for PEs whose speed follows every bit.
using WidthClassRule = std::function<std::pair<int, int>(int b0, int b1)>;

struct CompilerTarget {
  int64_t rows = 16, cols = 32;  // weight-stationary array: k onto rows (x packing), n onto cols
  int64_t ibuf_bits = 32 * 8192, wbuf_bits = 64 * 8192, obuf_bits = 16 * 8192;
  bool ibuf_double = true, wbuf_double = true, obuf_double = true;  // a tile must fit half of it
  int psum_bits = 32;                                               // partial sums in OBUF and on the bus
  bool output_init_read = false;      // first visits of output blocks load them (controller.output_init: read)
  int64_t dram_bits_per_cycle = 192;  // ideal off-chip link (the public simulator's if_width)
  ThroughputRule throughput;          // required
  TileCyclesRule tile_cycles;         // optional: the array's exact per-tile cycles
  TileDrainRule tile_drain;           // optional: overlap of back-to-back tiles (0 without)
  VectorOpsRule vector_ops;           // optional: vector-unit work of a pass (0 without)
  WidthClassRule width_class;         // optional: see above
  int vector_lanes = 32;              // FP32 ops per cycle of the vector unit
  // Buffer ports the DMA writes and reads (ibuf, obuf, wbuf): banks words of word_bits per cycle,
  // and the DMA burst size; the replay prices each burst's SRAM side with them.
  std::array<int, 3> buffer_word_bits{{64, 64, 64}}, buffer_banks{{1, 1, 1}};
  int64_t dma_burst_bytes = 4096;
  bool dram_timing = false;  // a timing DRAM: the replay prices transfers at peak bandwidth
  // Cycles to shift a stationary op0 tile into the array (one row per cycle: rows). A row fold of a
  // compute tile takes max(tm, this) cycles, so one-row tiles do not look free. 0 = the public Bit
  // Fusion simulator's rule (weight loads cost nothing).
  int64_t weight_load_cycles = 16;
  // Per-bit energies (pJ) for the tie break between equally fast tilings.
  double wbuf_read_pj = 0.021, wbuf_write_pj = 0.029;
  double ibuf_read_pj = 0.059, ibuf_write_pj = 0.114;
  double obuf_read_pj = 0.033, obuf_write_pj = 0.073;
  double dram_pj = 15.0;
  double core_pj_per_cycle = 235.1;  // whole array per busy cycle (the public simulator's rule)
};

// The Bit Fusion rule of the hardware page: widths round up to 2, 4, 8 or 16; products per cycle
// per Fusion Unit = (8/b0') * (8/b1') for widths <= 8, and temporal fusion above 8 bits
// (16x8 -> 1/2, 16x16 -> 1/4). Equals floor(8/max(ip,2)) * floor(8/max(wp,2)) for widths <= 8.
// Computed by pe/'s peThroughput for the default PeConfig. A stand-in for unit tests and `isa compile` without --hw;
// hardware configs compile for compilerTargetFor (sim/arch/pass_simulator.h), which takes the rule from pe/.
Rational bitFusionThroughput(int b0, int b1);

// The paper's Eyeriss-comparison point (16x32, 32/64/16 KiB double buffered, 192 bits/cycle) with
// the Bit Fusion rule and the public simulator's 45 nm energies.
CompilerTarget bitFusionTarget();
// Bit Fusion's buffer banking, as configs/hw/bitfusion.yaml declares it: IBUF one bank per row, OBUF one per column,
// WBUF one per Fusion Unit; call again after changing rows or cols.
void setBitFusionBanks(CompilerTarget& t);

// One line: "16x32 array, ibuf 32 KiB (db), ..." for logs and the CLI.
std::string describeTarget(const CompilerTarget& t);

}  // namespace vpsim
