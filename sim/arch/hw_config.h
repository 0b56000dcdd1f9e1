// HwConfig: a hardware configuration (configs/hw/*.yaml), parsed, resolved and validated before
// any module is elaborated. Blocks: name, clock_mhz, array + pe (pe/), buffers + dram (memory/),
// energy (table file, node), vector (the elementwise unit), compute_energy (rule). Its identity
// (sim/arch/hw_identity.cpp) is every resolved parameter the models read; its hash is part of every
// result identity (sim/arch/result_identity.h): two configs that resolve to the same numbers share results.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "memory/energy_table.h"
#include "memory/memory_config.h"
#include "pe/array_config.h"
#include "pe/pe_config.h"
#include "traces/config_node.h"

namespace vpsim {

// Elementwise work of training (BN, ReLU, pooling, quantize/dequantize, the SGD update, FP32 layers
// the array cannot run) goes to a vector unit of `lanes` FP32 lanes.
struct VectorUnitConfig {
  int lanes = 32;  // [ops/cycle] FP32 operations per cycle
  // [ops] per element of the pass's output (fwd Y, bwd_data dY), only for the post ops a layer has
  double bn_fwd_ops = 4;    // batch statistics (sum, sum of squares) + normalize (scale, shift)
  double bn_bwd_ops = 6;    // the two reductions of BN backward + the elementwise update
  double relu_ops = 1;      // compare/select (fwd), mask (bwd)
  double residual_ops = 1;  // add (fwd), gradient copy-add (bwd)
  double pool_ops = 1;      // one compare or add per pooled input element
  double quantize_ops = 3;  // scale, round, clamp of each output (fwd) or error (bwd_data)
  double sgd_ops_per_weight =
      4;                        // [ops] per weight in bwd_weight: momentum, decay, update (+ quantize_ops if quantized)
  double fp32_ops_per_mac = 2;  // [ops] passes the array cannot run: multiply + add per MAC
};

enum class ComputeEnergyRule { Actions, PerCycle };

struct HwConfig {
  std::string name;
  std::string file;
  double clock_mhz = 500;  // [MHz] accelerator clock
  ArrayPeConfig array;     // rows x cols of one PE kind, its parameters
  BuffersConfig buffers;
  DramConfig dram;
  std::vector<std::string> energy_files;  // resolved paths of the energy tables (no key in two)
  int node_nm = 0;                        // [nm] technology node to scale the tables to (0: each table's own)
  std::vector<EnergyTable> energy;
  VectorUnitConfig vector;
  // controller.output_init: how an output block starts on its first visit. false (zero): the OBUF
  // is cleared on chip; true (read): it is loaded from DRAM like a later visit's partial sums (the
  // public Bit Fusion simulator's accounting, used to compare with it).
  bool output_init_read = false;
  // actions: charge per PE action (BitBrick ops, AND ops, multiplies); per_cycle: the public Bit
  // Fusion simulator's rule, core_pj_per_cycle per busy cycle regardless of precision.
  ComputeEnergyRule compute_energy = ComputeEnergyRule::Actions;
  int force_bits = 0;  // [bit] run every operand at this width (the FP32 reference); 0: the trace's

  double clockNs() const { return 1000.0 / clock_mhz; }
  bool hasEnergy(const std::string& key) const;
  double energyPj(const std::string& key) const;  // [pJ per unit]; InputError naming the tables
  nlohmann::json identityJson() const;            // canonical: every parameter that affects results, resolved
  nlohmann::json toJson() const;  // identityJson() for reports: with the name and table names, not values
  nlohmann::json energyJson() const;
  std::string hash() const;  // SHA-256 of identityJson() (model version not included)
};

// The documented root keys of a hardware config (vector.* included); array:, pe:, buffers:, dram:
// are documented by pe/ and memory/ (kArrayParams, kPeParams, kBufferParams, kDramParams).
extern const std::vector<ParamDoc> kHwParams;

// Loads and validates; every error names file, key and line (InputError, exit code 2).
HwConfig loadHwConfig(const std::string& file, const std::string& configs_dir);
HwConfig parseHwConfig(const ConfigNode& root, const std::string& configs_dir);

}  // namespace vpsim
