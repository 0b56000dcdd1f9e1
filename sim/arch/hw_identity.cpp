// HwConfig::identityJson, toJson and hash: the canonical, fully resolved form of a hardware config.
// Every field a model reads appears here with its default applied; documentation keys (name,
// description, source, area_note) and file names do not (tests/sim/hw_identity_test.cpp walks the
// documented parameters and checks both directions).
#include "sim/arch/hw_config.h"
#include "sim/arch/result_identity.h"

namespace vpsim {

namespace {

nlohmann::json peJson(const PeConfig& pe) {
  nlohmann::json j = {{"kind", peKindName(pe.kind)},
                      {"accumulator_bits", pe.accumulator_bits},
                      {"overflow", overflowName(pe.overflow)}};
  if (pe.kind == PeKind::BitFusion)
    j.update({{"brick_bits", pe.brick_bits}, {"max_bits", pe.max_bits}, {"temporal_fusion", pe.temporal_fusion}});
  if (pe.kind == PeKind::Stripes || pe.kind == PeKind::Loom) j.update({{"lanes", pe.lanes}, {"max_bits", pe.max_bits}});
  if (pe.kind == PeKind::Stripes) {
    j["parallel_bits"] = pe.parallel_bits;
    for (Pass p : kAllPasses) j["serial_operand"][passName(p)] = serialOperandName(pe.serial_by_pass[size_t(p)]);
  }
  if (pe.kind == PeKind::BitParallel)
    j.update(
        {{"width", pe.width}, {"wide_operands", pe.wide_operands == WideOperands::Error ? "error" : "multi_cycle"}});
  if (pe.fault_stuck_bit >= 0) j["fault_stuck_bit"] = pe.fault_stuck_bit;
  return j;
}

nlohmann::json bufferJson(const BufferConfig& c) {
  return {{"bytes", c.capacity_bytes},
          {"double_buffered", c.double_buffered},
          {"banks", c.banks},
          {"word_bits", c.word_bits}};
}

// The preset's resolved numbers (not its file text: comments and sources do not change results).
nlohmann::json presetJson(const DramPreset& p) {
  const auto& o = p.org;
  const auto& t = p.timing;
  const auto& w = p.power;
  return {{"organisation",
           {{"bus_bits", o.bus_bits},
            {"device_bits", o.device_bits},
            {"burst_length", o.burst_length},
            {"bankgroups", o.bankgroups},
            {"banks_per_group", o.banks_per_group},
            {"rows", o.rows},
            {"columns", o.columns},
            {"ranks", o.ranks},
            {"pseudo_channels", o.pseudo_channels},
            {"command_buses", o.command_buses}}},
          {"timing",
           {{"tck_ns", t.tck_ns}, {"cl", t.cl},         {"cwl", t.cwl},       {"trcd", t.trcd},
            {"trp", t.trp},       {"tras", t.tras},     {"trc", t.trc},       {"trtp", t.trtp},
            {"twr", t.twr},       {"tccd_s", t.tccd_s}, {"tccd_l", t.tccd_l}, {"trrd_s", t.trrd_s},
            {"trrd_l", t.trrd_l}, {"twtr_s", t.twtr_s}, {"twtr_l", t.twtr_l}, {"tfaw", t.tfaw},
            {"trfc", t.trfc},     {"trefi", t.trefi},   {"trtrs", t.trtrs},   {"act_bus_cycles", t.act_bus_cycles}}},
          {"power",
           {{"vdd_v", w.vdd_v},
            {"idd0_ma", w.idd0_ma},
            {"idd2n_ma", w.idd2n_ma},
            {"idd3n_ma", w.idd3n_ma},
            {"idd4r_ma", w.idd4r_ma},
            {"idd4w_ma", w.idd4w_ma},
            {"idd5ab_ma", w.idd5ab_ma},
            {"io_pj_per_bit", w.io_pj_per_bit},
            {"lump_pj_per_bit", w.lump_pj_per_bit}}}};
}

nlohmann::json dramJson(const DramConfig& d) {
  if (d.model == DramModelKind::Ideal)
    return {{"model", "ideal"}, {"bits_per_cycle", d.bits_per_cycle}, {"latency_cycles", d.latency_cycles}};
  const auto& t = d.timing;
  return {{"model", "timing"},
          {"preset", presetJson(t.preset)},
          {"channels", t.channels},
          {"mapping", t.mapping},
          {"queue_depth", t.queue_depth},
          {"write_queue_depth", t.write_queue_depth},
          {"write_high_watermark", t.write_high_watermark},
          {"write_low_watermark", t.write_low_watermark},
          {"refresh", t.refresh},
          {"row_hit_cap", t.row_hit_cap},
          {"energy", d.lump_energy ? "lump" : "currents"}};
}

}  // namespace

nlohmann::json HwConfig::identityJson() const {
  nlohmann::json energy_values = nlohmann::json::object(), table_nodes = nlohmann::json::array();
  for (const auto& t : energy) {
    for (const auto& n : t.names()) energy_values[n] = t.get(n);  // scaled to node_nm already
    table_nodes.push_back(t.tableNodeNm());                       // values above are scaled from it
  }
  const auto& v = vector;
  return {
      {"clock_mhz", clock_mhz},
      {"array",
       {{"rows", array.array.rows}, {"cols", array.array.cols}, {"dataflow", dataflowName(array.array.dataflow)}}},
      {"pe", peJson(array.pe)},
      {"buffers",
       {{"ibuf", bufferJson(buffers.ibuf)}, {"wbuf", bufferJson(buffers.wbuf)}, {"obuf", bufferJson(buffers.obuf)}}},
      {"dram", dramJson(dram)},
      {"energy_values", energy_values},
      {"energy_table_nodes_nm", table_nodes},
      {"vector",
       {{"lanes", v.lanes},
        {"bn_fwd_ops", v.bn_fwd_ops},
        {"bn_bwd_ops", v.bn_bwd_ops},
        {"relu_ops", v.relu_ops},
        {"residual_ops", v.residual_ops},
        {"pool_ops", v.pool_ops},
        {"quantize_ops", v.quantize_ops},
        {"sgd_ops_per_weight", v.sgd_ops_per_weight},
        {"fp32_ops_per_mac", v.fp32_ops_per_mac}}},
      {"controller", {{"output_init", output_init_read ? "read" : "zero"}}},
      {"compute_energy", compute_energy == ComputeEnergyRule::Actions ? "actions" : "per_cycle"},
      {"force_bits", force_bits}};
}

nlohmann::json HwConfig::toJson() const {
  nlohmann::json j = identityJson();
  j.erase("energy_values");  // long; the tables are named instead
  j.erase("energy_table_nodes_nm");
  j["name"] = name;
  j["array"]["pe"] = array.array.pe;
  j["pe_description"] = array.pe.describe();
  if (j["dram"]["model"] == "timing") j["dram"]["preset"] = dram.timing.preset.name;
  j["energy"] = energyJson();
  return j;
}

std::string HwConfig::hash() const { return identityDigest(identityJson()); }

}  // namespace vpsim
