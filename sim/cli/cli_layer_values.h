// vpsim layer --values (sim/cli/cli_layer_values.cpp): its options and the run.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "sim/arch/hw_config.h"
#include "traces/layer_op.h"

namespace vpsim::cli {

struct LayerValuesArgs {
  std::string values, dump;  // --values random[:SEED] | OP0.npy,OP1.npy; --dump-outputs FILE.npy
  bool is_signed = false, is_unsigned = false;
  int fault_bit = -1;  // --fault-stuck-bit
  bool requested() const { return !values.empty(); }
};

void addLayerValuesOptions(CLI::App* cmd, LayerValuesArgs& a);
// What a `layer --json` result belongs to, as `run` keys it: `model_version`, `hardware_hash`
// (HwConfig::hash) and `key` (the result identity, sim/arch/result_identity.h) of the pass at b0 x b1.
void addResultIdentity(nlohmann::json& j, const HwConfig& hw, Fidelity fidelity, const GemmPass& g, int b0, int b1);
// Prints the report (a JSON object with `json`); CheckFailure (exit 1) if an output differs.
void runLayerValues(HwConfig hw, Fidelity fidelity, const GemmPass& g, int b0, int b1, const LayerValuesArgs& a,
                    bool json);

}  // namespace vpsim::cli
