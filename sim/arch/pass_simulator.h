// PassSimulator: simulates one layer pass at given bits on one hardware config. It compiles the
// pass (isa/), turns the program into DMA and compute streams (TileSchedule), runs them on the
// SystemC Accelerator (elaborated on first use, once per process), prices the counters with the
// EnergyModel. The vector unit's elementwise work runs beside the array (sim/arch/vector_unit.h). Passes whose widths
// the PE array cannot run (FP32 layers on a 16-bit array) run on the vector unit as FP32 multiply-adds.
#pragma once

#include <array>
#include <memory>

#include "isa/compiler_target.h"
#include "pe/array_config.h"
#include "pe/tile.h"
#include "sim/arch/energy_model.h"
#include "sim/arch/hw_config.h"
#include "sim/arch/pass_result.h"
#include "traces/layer_op.h"

namespace vpsim {

class Accelerator;
struct GemmValues;

// The vector unit's operations for a pass: only the post ops the layer has (per output element in
// fwd and per error element in bwd_data), and the weight update in bwd_weight.
double vectorOpsOf(const VectorUnitConfig& v, const GemmPass& g);

// The compiler's view of the hardware for one training pass (the PE as PeConfig::forPass sets it).
CompilerTarget compilerTargetFor(const HwConfig& hw, Pass pass = Pass::Fwd);

class PassSimulator {
 public:
  PassSimulator(const HwConfig& hw, Fidelity fidelity);
  ~PassSimulator();
  PassResult simulate(const GemmPass& gemm, int b0, int b1);
  const CompilerTarget& target(Pass pass = Pass::Fwd) const { return targets_[size_t(pass)]; }
  bool arrayCanRun(int b0, int b1, Pass pass = Pass::Fwd) const;
  // simulate() with values (sim/arch/pass_values.h): the one call that runs real integer operands through
  // the accelerator; outputs and overflow events land in `values`. InputError if the array cannot
  // run the widths (such passes go to the vector unit) or the values do not fit the GEMM.
  PassResult simulateValues(const GemmPass& gemm, int b0, int b1, GemmValues& values);

 private:
  PassResult onVectorUnit(const GemmPass& gemm) const;
  const HwConfig& hw_;
  Fidelity fidelity_;
  EnergyModel energy_;
  std::array<CompilerTarget, 3> targets_;  // per Pass
  std::unique_ptr<Accelerator> accel_;
};

}  // namespace vpsim
