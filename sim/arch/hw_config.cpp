// HwConfig loading: every block parsed by the folder that owns it, then cross-checked here.
#include "sim/arch/hw_config.h"

#include <filesystem>

#include "memory/dram_preset.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {

std::string resolveEnergyFile(const ConfigNode& n, const std::string& file, const std::string& configs_dir) {
  namespace fs = std::filesystem;
  const std::string given = n.as<std::string>();
  for (const fs::path& p : {fs::path(configs_dir) / given, fs::path(file).parent_path() / given, fs::path(given)})
    if (fs::exists(p)) return p.string();
  n.fail("energy table '" + given + "' not found (looked in " + configs_dir + ")");
}

VectorUnitConfig parseVector(const ConfigNode& n) {
  n.allowOnly({"lanes", "bn_fwd_ops", "bn_bwd_ops", "relu_ops", "residual_ops", "pool_ops", "quantize_ops",
               "sgd_ops_per_weight", "fp32_ops_per_mac"});
  VectorUnitConfig v;
  v.lanes = static_cast<int>(n.getInt("lanes", 1, 1 << 16, v.lanes));
  const std::pair<const char*, double*> ops[] = {{"bn_fwd_ops", &v.bn_fwd_ops},
                                                 {"bn_bwd_ops", &v.bn_bwd_ops},
                                                 {"relu_ops", &v.relu_ops},
                                                 {"residual_ops", &v.residual_ops},
                                                 {"pool_ops", &v.pool_ops},
                                                 {"quantize_ops", &v.quantize_ops},
                                                 {"sgd_ops_per_weight", &v.sgd_ops_per_weight},
                                                 {"fp32_ops_per_mac", &v.fp32_ops_per_mac}};
  for (const auto& [key, value] : ops) *value = n.getDouble(key, 0, 1e4, *value);
  return v;
}

// `energy:` is a table path, a list of paths, or {file(s): ..., node_nm: N}.
void parseEnergy(const ConfigNode& root, const std::string& configs_dir, HwConfig& hw) {
  const ConfigNode e = root.child("energy");
  if (e.isMap()) {
    e.allowOnly({"file", "files", "node_nm"});
    hw.node_nm = static_cast<int>(e.getInt("node_nm", 0, 1000, 0));
  }
  // Constructed, never assigned: assigning a YAML::Node writes through to the node it refers to
  // (that once replaced `energy:` by its file list and dropped node_nm).
  const ConfigNode files = !e.isMap() ? e : e.has("files") ? e.child("files") : e.child("file");
  const std::vector<ConfigNode> list = files.isSequence() ? files.items() : std::vector<ConfigNode>{files};
  for (const ConfigNode& f : list) {
    hw.energy_files.push_back(resolveEnergyFile(f, root.file(), configs_dir));
    try {
      hw.energy.push_back(EnergyTable::load(hw.energy_files.back(), hw.node_nm));
    } catch (const InputError& err) {
      f.fail(err.what());
    }
    for (const auto& key : hw.energy.back().names())
      for (size_t i = 0; i + 1 < hw.energy.size(); ++i)
        if (hw.energy[i].has(key)) f.fail("energy key '" + key + "' is defined in two tables");
  }
}

// Keys the PE array or memory library accept but the accelerator does not model: rejected, so that
// no accepted key is silently ignored.
void rejectUnmodelled(const ConfigNode& root) {
  const ConfigNode array = root.child("array");
  if (array.has("dataflow") && array.get<std::string>("dataflow") == "output_stationary")
    array.child("dataflow").fail("output_stationary is not modelled: the compiler tiles weight-stationary only");
  if (auto b = root.child("buffers").optChild("bias"))
    b->fail("a bias buffer is not modelled: GEMM passes carry no bias tensor (remove the key)");
}

}  // namespace

const std::vector<ParamDoc> kHwParams = {
    {"name", "-", "all", "(required)", "config name in reports", false},
    {"description", "-", "all", "", "free text", false},
    {"source", "-", "all", "", "where the numbers come from", false},
    {"area_note", "-", "all", "", "free text about area", false},
    {"clock_mhz", "MHz", "all", "(required)", "accelerator clock"},
    {"energy", "-", "all", "(required)", "energy table file(s) under configs/; their resolved values count"},
    {"energy.node_nm", "nm", "all", "0 (each table's own)", "technology node the tables are scaled to"},
    {"compute_energy", "-", "all", "actions",
     "actions (per PE action) or per_cycle (core_pj_per_cycle per busy cycle)"},
    {"force_bits", "bits", "all", "0 (the trace's)", "run every operand at this width (the FP32 reference)"},
    {"vector.lanes", "ops/cycle", "all", "32", "FP32 lanes of the vector unit"},
    {"vector.bn_fwd_ops", "ops", "all", "4", "per output element of a layer with BN, fwd: statistics 2, normalize 2"},
    {"vector.bn_bwd_ops", "ops", "all", "6", "per error element of a layer with BN, bwd_data: two reductions + update"},
    {"vector.relu_ops", "ops", "all", "1", "per element of a layer with ReLU: select (fwd), mask (bwd)"},
    {"vector.residual_ops", "ops", "all", "1", "per element of a layer ending in a residual add"},
    {"vector.pool_ops", "ops", "all", "1", "per element of a layer whose output is pooled"},
    {"vector.quantize_ops", "ops", "all", "3", "per element quantized (scale, round, clamp): outputs, errors, weights"},
    {"vector.sgd_ops_per_weight", "ops", "all", "4", "per weight in bwd_weight: momentum, weight decay, update"},
    {"vector.fp32_ops_per_mac", "ops", "all", "2", "per MAC of a pass the array cannot run (FP32 multiply + add)"},
    {"controller.output_init", "-", "all", "zero",
     "zero: first visit of an output block cleared on chip; read: loaded from DRAM (the public Bit Fusion simulator)"},
};

HwConfig parseHwConfig(const ConfigNode& root, const std::string& configs_dir) {
  root.allowOnly({"name", "description", "source", "clock_mhz", "array", "pe", "buffers", "dram", "energy", "vector",
                  "compute_energy", "area_note", "force_bits", "controller"});
  HwConfig hw;
  hw.file = root.file();
  hw.name = root.get<std::string>("name");
  hw.clock_mhz = root.getDouble("clock_mhz", 1, 1e5);
  hw.array = parseArrayAndPe(root);
  rejectUnmodelled(root);
  hw.buffers = parseBuffersConfig(root.child("buffers"));
  hw.dram = parseDramConfig(root.child("dram"), configs_dir);
  parseEnergy(root, configs_dir, hw);
  if (auto v = root.optChild("vector")) hw.vector = parseVector(*v);
  if (auto c = root.optChild("controller")) {
    c->allowOnly({"output_init"});
    if (auto o = c->optChild("output_init")) {
      const auto init = o->as<std::string>();
      if (init != "zero" && init != "read") o->fail("controller.output_init must be zero or read, got '" + init + "'");
      hw.output_init_read = init == "read";
    }
  }
  hw.force_bits = static_cast<int>(root.getInt("force_bits", 0, 32, 0));
  if (auto c = root.optChild("compute_energy")) {
    const auto rule = c->as<std::string>();
    if (rule == "actions")
      hw.compute_energy = ComputeEnergyRule::Actions;
    else if (rule == "per_cycle")
      hw.compute_energy = ComputeEnergyRule::PerCycle;
    else
      c->fail("must be 'actions' or 'per_cycle'");
  }
  return hw;
}

HwConfig loadHwConfig(const std::string& file, const std::string& configs_dir) {
  return parseHwConfig(ConfigNode::loadFile(file), configs_dir);
}

bool HwConfig::hasEnergy(const std::string& key) const {
  for (const auto& t : energy)
    if (t.has(key)) return true;
  return false;
}

double HwConfig::energyPj(const std::string& key) const {
  for (const auto& t : energy)
    if (t.has(key)) return t.get(key);
  std::string files;
  for (const auto& f : energy_files) files += (files.empty() ? "" : ", ") + f;
  throw InputError(file + ": no energy table (" + files + ") has '" + key + "'");
}

nlohmann::json HwConfig::energyJson() const {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& t : energy) j.push_back({{"table", t.name()}, {"node_nm", t.nodeNm()}});
  return j;
}

}  // namespace vpsim
