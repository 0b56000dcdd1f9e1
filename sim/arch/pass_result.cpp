// PassResult (de)serialization for the memo cache and reports.
#include "sim/arch/pass_result.h"

namespace vpsim {

nlohmann::json PassResult::toJson() const {
  return {{"cycles", cycles},
          {"estimated_cycles", estimated_cycles},
          {"stall_cycles", stall_cycles},
          {"compute_cycles", compute_cycles},
          {"vector_cycles", vector_cycles},
          {"tiles", tiles},
          {"macs", macs},
          {"utilization", utilization},
          {"on_vector_unit", on_vector_unit},
          {"sram_read_bits", sram_read_bits},
          {"sram_write_bits", sram_write_bits},
          {"dram_read_bits", dram_read_bits},
          {"dram_write_bits", dram_write_bits},
          {"brick_ops", brick_ops},
          {"and_ops", and_ops},
          {"mult_ops", mult_ops},
          {"acc_adds", acc_adds},
          {"vector_ops", vector_ops},
          {"energy_pj", energy_pj.toJson()},
          {"tiling", tiling}};
}

PassResult PassResult::fromJson(const nlohmann::json& j) {
  PassResult r;
  r.cycles = j.at("cycles");
  r.estimated_cycles = j.value("estimated_cycles", uint64_t(0));
  r.stall_cycles = j.at("stall_cycles");
  r.compute_cycles = j.at("compute_cycles");
  r.vector_cycles = j.at("vector_cycles");
  r.tiles = j.at("tiles");
  r.macs = j.at("macs");
  r.utilization = j.at("utilization");
  r.on_vector_unit = j.at("on_vector_unit");
  r.sram_read_bits = j.at("sram_read_bits");
  r.sram_write_bits = j.at("sram_write_bits");
  r.dram_read_bits = j.at("dram_read_bits");
  r.dram_write_bits = j.at("dram_write_bits");
  r.brick_ops = j.at("brick_ops");
  r.and_ops = j.at("and_ops");
  r.mult_ops = j.at("mult_ops");
  r.acc_adds = j.at("acc_adds");
  r.vector_ops = j.at("vector_ops");
  r.energy_pj = EnergyBreakdown::fromJson(j.at("energy_pj"));
  r.tiling = j.value("tiling", std::string());
  return r;
}

}  // namespace vpsim
