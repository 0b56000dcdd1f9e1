// vpsim layer --ops FILE (sim/cli/cli_layer_ops.cpp): many layer passes in one process and one SystemC
// elaboration, one result per input line. Input format: sim/run/layer_ops_file.h.
//
// Output, one CSV row (with a header) or one JSON object per input line, in input order, with these
// columns (a stable list: new columns are only ever appended):
//   line             input line number
//   op, bits, pass   the input fields as written (pass "fwd" when absent)
//   cycles, stall_cycles, compute_cycles, vector_cycles   [cycle] as in `layer --json`
//   dram_read_bits, dram_write_bits                       [bit]
//   energy_pj_total  [pJ] all components
//   utilization      MACs / (array cycles x peak products per cycle)
//   tiling           the compiler's loop order and tile sizes ("order g,m,n,k tiles m 64 n 32 k 288";
//                    empty when the pass ran on the vector unit)
// The format is CSV for .csv input and JSON Lines otherwise; --json selects JSON Lines and
// --format csv|jsonl overrides both.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "sim/arch/hw_config.h"

namespace vpsim::cli {

struct LayerOpsArgs {
  std::string file;    // --ops
  std::string format;  // --format; "" = by the input's type (or --json)
  bool requested() const { return !file.empty(); }
};

// Adds --ops and --format to `layer`; --ops excludes each option of `single_layer` (--op, ...).
void addLayerOpsOptions(CLI::App* cmd, LayerOpsArgs& a, const std::vector<CLI::Option*>& single_layer);

// Simulates every line of a.file on one PassSimulator and prints the results on stdout. InputError
// naming FILE:LINE for a bad line (checked before anything runs) or a pass that cannot be compiled.
void runLayerOps(const HwConfig& hw, Fidelity fidelity, const LayerOpsArgs& a, bool json);

const std::vector<std::string>& layerOpsColumns();  // the output columns above, in order

}  // namespace vpsim::cli
