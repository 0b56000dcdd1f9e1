// HwConfig loading: every block parsed by the folder that owns it, then cross-checked here.
#include "sim/hw_config.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

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
  n.allowOnly({"lanes", "fwd_ops_per_output", "bwd_ops_per_output", "update_ops_per_weight"});
  VectorUnitConfig v;
  v.lanes = static_cast<int>(n.getInt("lanes", 1, 1 << 16, v.lanes));
  v.fwd_ops_per_output = n.getDouble("fwd_ops_per_output", 0, 1e4, v.fwd_ops_per_output);
  v.bwd_ops_per_output = n.getDouble("bwd_ops_per_output", 0, 1e4, v.bwd_ops_per_output);
  v.update_ops_per_weight = n.getDouble("update_ops_per_weight", 0, 1e4, v.update_ops_per_weight);
  return v;
}

// `energy:` is a table path, a list of paths, or {file(s): ..., node_nm: N}.
void parseEnergy(const ConfigNode& root, const std::string& configs_dir, HwConfig& hw) {
  ConfigNode e = root.child("energy");
  ConfigNode files = e;
  if (e.isMap()) {
    e.allowOnly({"file", "files", "node_nm"});
    files = e.has("files") ? e.child("files") : e.child("file");
    hw.node_nm = static_cast<int>(e.getInt("node_nm", 0, 1000, 0));
  }
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

}  // namespace

HwConfig parseHwConfig(const ConfigNode& root, const std::string& configs_dir) {
  root.allowOnly({"name", "description", "source", "clock_mhz", "array", "pe", "buffers", "dram", "energy",
                  "vector", "compute_energy", "area_note", "force_bits"});
  HwConfig hw;
  hw.file = root.file();
  hw.name = root.get<std::string>("name");
  hw.clock_mhz = root.getDouble("clock_mhz", 1, 1e5);
  hw.array = parseArrayAndPe(root);
  hw.buffers = parseBuffersConfig(root.child("buffers"));
  hw.dram = parseDramConfig(root.child("dram"), configs_dir);
  if (hw.dram.model == DramModelKind::Timing) {
    std::ifstream in(dramPresetPath(configs_dir, hw.dram.timing.preset.name));
    hw.dram_preset_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  parseEnergy(root, configs_dir, hw);
  if (auto v = root.optChild("vector")) hw.vector = parseVector(*v);
  hw.force_bits = static_cast<int>(root.getInt("force_bits", 0, 32, 0));
  if (auto c = root.optChild("compute_energy")) {
    const auto rule = c->as<std::string>();
    if (rule == "actions") hw.compute_energy = ComputeEnergyRule::Actions;
    else if (rule == "per_cycle") hw.compute_energy = ComputeEnergyRule::PerCycle;
    else c->fail("must be 'actions' or 'per_cycle'");
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

nlohmann::json HwConfig::toJson() const {
  const auto& b = buffers;
  auto buf = [](const BufferConfig& c) {
    return nlohmann::json{{"bytes", c.capacity_bytes}, {"double_buffered", c.double_buffered},
                          {"banks", c.banks}, {"word_bits", c.word_bits}};
  };
  nlohmann::json dram_j = {{"model", dram.model == DramModelKind::Ideal ? "ideal" : "timing"}};
  if (dram.model == DramModelKind::Ideal) {
    dram_j["bits_per_cycle"] = dram.bits_per_cycle;
    dram_j["latency_cycles"] = dram.latency_cycles;
  } else {
    dram_j["preset"] = dram.timing.preset.name;
    dram_j["channels"] = dram.timing.channels;
    dram_j["mapping"] = dram.timing.mapping;
    dram_j["queue_depth"] = dram.timing.queue_depth;
    dram_j["refresh"] = dram.timing.refresh;
    if (dram.timing.row_hit_cap > 0) dram_j["row_hit_cap"] = dram.timing.row_hit_cap;  // absent: hashes as before
  }
  return {{"name", name},
          {"clock_mhz", clock_mhz},
          {"array", {{"rows", array.array.rows}, {"cols", array.array.cols}, {"pe", array.array.pe},
                     {"dataflow", dataflowName(array.array.dataflow)}}},
          {"pe", array.pe.describe()},
          {"buffers", {{"ibuf", buf(b.ibuf)}, {"wbuf", buf(b.wbuf)}, {"obuf", buf(b.obuf)}}},
          {"dram", dram_j},
          {"energy", energyJson()},
          {"vector", {{"lanes", vector.lanes}, {"fwd_ops_per_output", vector.fwd_ops_per_output},
                      {"bwd_ops_per_output", vector.bwd_ops_per_output},
                      {"update_ops_per_weight", vector.update_ops_per_weight}}},
          {"compute_energy", compute_energy == ComputeEnergyRule::Actions ? "actions" : "per_cycle"},
          {"force_bits", force_bits}};
}

std::string HwConfig::hash() const {
  // The resolved numbers, not the file text: renaming or reformatting a file keeps its cache.
  nlohmann::json j = toJson();
  j.erase("name");
  for (const auto& t : energy)
    for (const auto& n : t.names()) j["energy_values"][n] = t.get(n);
  j["dram_preset_text"] = dram_preset_text;
  // FNV-1a, 2 x 64 bits: stable across runs and machines (std::hash is not required to be).
  const std::string text = j.dump();
  uint64_t h1 = 14695981039346656037ull, h2 = 1099511628211ull * 31;
  for (unsigned char c : text) {
    h1 = (h1 ^ c) * 1099511628211ull;
    h2 = (h2 ^ c) * 1099511628211ull + 0x9e3779b97f4a7c15ull;
  }
  std::ostringstream os;
  os << std::hex << std::setfill('0') << std::setw(16) << h1 << std::setw(16) << h2;
  return os.str();
}

}  // namespace vpsim
