// The compiler: lowers one grouped-GEMM pass at operand widths (b0, b1) to a tiled block program for
// a CompilerTarget. It searches every loop order of (m, n, k) and every power-of-two tile size (plus
// the full extent and its balanced splits ceil(extent / 2^j)) per dimension, keeps tilings whose tiles fit their
// buffers (half if double buffered), and picks the fewest total cycles, ties broken by energy (TilingCostModel).
//
// GEMM-form compute rule (per compute tile tm x tn x tk, pf = num/den products per cycle per PE):
//   cycles = max(tm, weight_load_cycles) * ceil(tn / cols) * ceil(ceil(tk / rows) * den / num)
// (weight_load_cycles = 0 is the public rule; the default, rows, charges the array's weight load
// when a tile streams fewer rows than it takes to load the weights.)
// For integer pf this is tm * ceil(tn/cols) * ceil(tk / (rows*pf)), the public Bit Fusion
// simulator's im2col rule B*OH*OW*ceil(OC/M)*ceil(K^2*IC/(N*pf)). Its direct-conv rule
// ceil(IC/(N*pf)) per kernel position equals ours whenever IC is a multiple of N*pf (or K = 1);
// otherwise ours is lower because vpsim packs patch elements of different kernel positions into one
// row fold (im2col lowering, traces/layer_op.h).
//
// Two stages: the closed-form TilingCostModel ranks every candidate; the best few are compiled and
// their programs replayed with the controller's own rules (isa/pipeline_estimate.h), and the
// fastest replay wins. So the choice is made on the cost the simulation reports.
// Objective: fewest total cycles, ties broken by energy. Every cost of a fixed tiling is monotonic
// in the widths and every tiling that fits at more bits fits at fewer, so the chosen cycles never
// grow at lower precision. Energy, being only the tie break, can: on some memory-bound passes a
// faster lower-precision tiling spends a few percent more energy (44 of 25,920 neighbouring width
// pairs over ResNet-50-sized layers, at most ~6%).
#pragma once

#include <cstdint>
#include <string>

#include "isa/compiler_target.h"
#include "isa/instruction.h"
#include "isa/pipeline_estimate.h"
#include "isa/tiling_cost.h"
#include "traces/layer_op.h"

namespace vpsim {

struct CompiledPass {
  Program program;
  GemmPass gemm;
  int b0 = 0, b1 = 0;
  GemmTiling tiling;       // chosen loop order and tile sizes
  TilingCost cost;         // cycles, stalls, DRAM/SRAM bits, energy of the chosen tiling (closed form)
  PipelineTimes estimate;  // the replayed timeline of its program (what the simulation reports)
  int64_t macs = 0;        // MACs the program performs (== gemm.macs())
  int64_t evaluated = 0;   // tilings the search evaluated
};

// Throws InputError for empty dimensions, widths outside 1..32, or when no tile fits the buffers.
CompiledPass compilePass(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1);

// The best tilings by the closed-form cost, best first (at most `keep`), for callers that want costs.
std::vector<GemmTiling> searchTilings(const TilingCostModel& model, const GemmPass& gemm, size_t keep,
                                      int64_t* evaluated = nullptr);
GemmTiling searchTiling(const TilingCostModel& model, const GemmPass& gemm, int64_t* evaluated = nullptr);

// How the compiler lays a pass out in the buffers for the replay (and the controller by default).
ScheduleLayout scheduleLayoutFor(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1);
// The timeline of a program on the target (isa/pipeline_estimate.h).
PipelineTimes estimateProgram(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1, const Program& p);

// "order g,m,n,k tiles m 64 n 32 k 288": the loop order (outer -> inner) and tile sizes.
std::string describeTiling(const GemmTiling& t);

// "; key: value" comment lines describing the choice, printed above the program by the CLI.
std::string describeCompiledPass(const CompiledPass& c);

}  // namespace vpsim
