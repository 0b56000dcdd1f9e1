// Which widths a run's quantized layers used, and what each width costs on the hardware: per
// weight width b, the share of layer-iterations (and of MACs) at b, and the cycles and energy of
// one iteration with every quantized layer at w = a = b (each layer keeps its most used gradient
// width; unquantized layers their own bits). A reader sees whether a schedule spends iterations at
// widths the hardware runs no cheaper than a wider one (Bit Fusion runs 5..7 as 8).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/arch/pass_result.h"
#include "traces/trace_format.h"

namespace vpsim {

class PassCoster;

struct WidthRow {
  int width = 0;                 // [bits] weight width (activations alike in every shipped schedule)
  int64_t layer_iterations = 0;  // [count] (quantized layer, iteration) pairs at this width
  double share = 0;              // of all quantized layer-iterations
  double mac_share = 0;          // the same, weighted by each layer's MACs
  double cycles = 0;             // [cycles] one iteration, every quantized layer at this width
  double energy_pj = 0;          // [pJ] the same
};

// `used`: iterations per (layer, bits), as the run accumulated them. Widths from the narrowest to
// the widest used, gaps included (their cost is what a reader compares with). Costs every
// (layer, width) it needs through the coster (memoized).
std::vector<WidthRow> widthTable(const TraceHeader& h, const std::map<std::pair<size_t, Bits>, int64_t>& used,
                                 PassCoster& coster);

// DIR/widths.csv: width, layer_iterations, share, mac_share, cycles_per_iter, energy_pj_per_iter,
// and both costs relative to the widest row.
std::string widthsCsv(const std::vector<WidthRow>& rows);

}  // namespace vpsim
