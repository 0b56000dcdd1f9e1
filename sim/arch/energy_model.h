// EnergyModel: energy = actions x per-action energy from the hardware's energy tables + leakage x
// time, by component. Which keys a configuration needs depends on its PE kind; they are resolved
// (and a missing one reported with the table files) when the model is built, before simulation.
//
// Keys (pJ): compute  bitfusion: bitbrick_pj_per_op | stripes, loom: serial_and_add_pj_per_op,
//                     acc_add_pj_per_op | bitparallel: mult<W>_pj_per_op (W = 8, 16, 32),
//                     acc_add_pj_per_op; per_cycle rule: core_pj_per_cycle
//            sram     sram_<ibuf|wbuf|obuf>_<read|write>_pj_per_bit
//            dram     dram_pj_per_bit (ideal model; the timing model uses its preset's currents + I/O,
//                     or its lump_pj_per_bit with dram.energy: lump)
//            vector   vector_op_pj_per_op
//            leakage  fusion_unit_leakage_pj_per_cycle (bitfusion) | pe_leakage_pj_per_cycle, per PE,
//                     every cycle of the run
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>

#include "pe/pe_actions.h"
#include "sim/arch/hw_config.h"

namespace vpsim {

struct EnergyBreakdown {
  double compute = 0, sram = 0, dram = 0, vector = 0, leakage = 0;  // [pJ]
  double total() const { return compute + sram + dram + vector + leakage; }
  EnergyBreakdown& operator+=(const EnergyBreakdown& o);
  EnergyBreakdown scaled(double f) const;
  nlohmann::json toJson() const;  // the five components and "total"
  static EnergyBreakdown fromJson(const nlohmann::json& j);
};

class EnergyModel {
 public:
  explicit EnergyModel(const HwConfig& hw);  // throws InputError naming a missing key
  double compute(const PeActions& a, uint64_t busy_cycles) const;
  // bits read/written per buffer, indexed ibuf 0, obuf 1, wbuf 2 (isa's Scratchpad order).
  double sram(const std::array<uint64_t, 3>& read_bits, const std::array<uint64_t, 3>& write_bits) const;
  double dramIdeal(uint64_t bits) const { return bits * dram_pj_per_bit_; }
  double vector(double ops) const { return ops * vector_pj_per_op_; }
  double leakage(uint64_t cycles) const { return double(cycles) * pes_ * leakage_pj_per_pe_cycle_; }

 private:
  double key(const char* name) const;
  const HwConfig& hw_;
  double pes_;
  double per_op_ = 0, acc_add_ = 0, core_per_cycle_ = 0;
  std::array<double, 3> sram_read_{}, sram_write_{};
  double dram_pj_per_bit_ = 0, vector_pj_per_op_ = 0, leakage_pj_per_pe_cycle_ = 0;
};

}  // namespace vpsim
