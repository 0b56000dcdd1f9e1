// PassResult: the simulated cost of one layer pass (a grouped GEMM at two operand widths) on one
// hardware config: cycles, stalls, utilization, accesses per component, energy by component. It is
// what the memo cache stores and what the driver multiplies by run lengths.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>

#include "sim/arch/energy_model.h"

namespace vpsim {

struct PassResult {
  uint64_t cycles = 0;            // [cycle] the pass: array, DMA and vector unit overlapped
  uint64_t estimated_cycles = 0;  // [cycle] the compiler's replay of the same program (isa/pipeline_estimate.h)
  uint64_t stall_cycles = 0;      // [cycle] cycles - compute_cycles (waiting for data or the vector unit)
  uint64_t compute_cycles = 0;    // [cycle] array busy: tile issue intervals (fill, weight load included) + last drain
  uint64_t vector_cycles = 0;     // [cycle] vector unit busy (overlapped): post ops, updates, FP32 passes
  uint64_t tiles = 0;             // [count] compute tiles issued
  int64_t macs = 0;               // [count] MACs of the pass
  double utilization = 0;         // MACs / (cycles x peak products per cycle at the widths): stalls included
  bool on_vector_unit = false;    // the array cannot run these widths: the pass ran as FP32 vector ops
  std::array<uint64_t, 3> sram_read_bits{}, sram_write_bits{};      // [bit] ibuf, obuf, wbuf
  uint64_t dram_read_bits = 0, dram_write_bits = 0;                 // [bit]
  uint64_t brick_ops = 0, and_ops = 0, mult_ops = 0, acc_adds = 0;  // [count] PE actions
  double vector_ops = 0;                                            // [count] FP32 operations on the vector unit
  EnergyBreakdown energy_pj;                                        // [pJ]
  std::string tiling;  // the compiler's choice: loop order and tile sizes ("" on the vector unit)

  nlohmann::json toJson() const;
  static PassResult fromJson(const nlohmann::json& j);
};

}  // namespace vpsim
