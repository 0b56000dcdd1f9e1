// EnergyModel: key resolution per PE kind and the per-component sums.
#include "sim/arch/energy_model.h"

#include "traces/input_error.h"

namespace vpsim {

EnergyBreakdown& EnergyBreakdown::operator+=(const EnergyBreakdown& o) {
  compute += o.compute, sram += o.sram, dram += o.dram, vector += o.vector, leakage += o.leakage;
  return *this;
}

EnergyBreakdown EnergyBreakdown::scaled(double f) const {
  return EnergyBreakdown{compute * f, sram * f, dram * f, vector * f, leakage * f};
}

nlohmann::json EnergyBreakdown::toJson() const {
  return {{"total", total()}, {"compute", compute}, {"sram", sram},
          {"dram", dram},     {"vector", vector},   {"leakage", leakage}};
}

EnergyBreakdown EnergyBreakdown::fromJson(const nlohmann::json& j) {
  return EnergyBreakdown{j.at("compute"), j.at("sram"), j.at("dram"), j.at("vector"), j.at("leakage")};
}

double EnergyModel::key(const char* name) const {
  try {
    return hw_.energyPj(name);
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) + " (needed by pe " + hw_.array.array.pe + ")");
  }
}

EnergyModel::EnergyModel(const HwConfig& hw) : hw_(hw), pes_(double(hw.array.array.rows) * hw.array.array.cols) {
  const PeKind kind = hw.array.pe.kind;
  if (hw.compute_energy == ComputeEnergyRule::PerCycle) {
    core_per_cycle_ = key("core_pj_per_cycle");
  } else if (kind == PeKind::BitFusion) {
    per_op_ = key("bitbrick_pj_per_op");  // includes the brick's share of the shift-add tree
  } else if (kind == PeKind::Stripes || kind == PeKind::Loom) {
    per_op_ = key("serial_and_add_pj_per_op");
    acc_add_ = key("acc_add_pj_per_op");
  } else {
    const int w = hw.array.pe.width;
    per_op_ = key(w <= 8 ? "mult8_pj_per_op" : w <= 16 ? "mult16_pj_per_op" : "mult32_pj_per_op");
    acc_add_ = key("acc_add_pj_per_op");
  }
  const char* names[3] = {"ibuf", "obuf", "wbuf"};
  for (int i = 0; i < 3; ++i) {
    sram_read_[i] = key(("sram_" + std::string(names[i]) + "_read_pj_per_bit").c_str());
    sram_write_[i] = key(("sram_" + std::string(names[i]) + "_write_pj_per_bit").c_str());
  }
  if (hw.dram.model == DramModelKind::Ideal) dram_pj_per_bit_ = key("dram_pj_per_bit");
  vector_pj_per_op_ = key("vector_op_pj_per_op");
  leakage_pj_per_pe_cycle_ =
      key(kind == PeKind::BitFusion ? "fusion_unit_leakage_pj_per_cycle" : "pe_leakage_pj_per_cycle");
}

double EnergyModel::compute(const PeActions& a, uint64_t busy_cycles) const {
  if (hw_.compute_energy == ComputeEnergyRule::PerCycle) return double(busy_cycles) * core_per_cycle_;
  switch (hw_.array.pe.kind) {
    case PeKind::BitFusion:
      return double(a.brick_ops) * per_op_;
    case PeKind::Stripes:
    case PeKind::Loom:
      return double(a.and_ops) * per_op_ + double(a.acc_adds) * acc_add_;
    default:
      return double(a.mult_ops) * per_op_ + double(a.acc_adds) * acc_add_;
  }
}

double EnergyModel::sram(const std::array<uint64_t, 3>& read_bits, const std::array<uint64_t, 3>& write_bits) const {
  double e = 0;
  for (int i = 0; i < 3; ++i) e += read_bits[i] * sram_read_[i] + write_bits[i] * sram_write_[i];
  return e;
}

}  // namespace vpsim
