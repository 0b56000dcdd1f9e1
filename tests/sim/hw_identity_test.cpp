// The parameter walk, through the `vpsim` binary: every parameter `vpsim hw params` documents is
// changed on a shipped config and `vpsim hw check` must report a different identity hash, or the
// parameter is declared not to affect results (and then the hash must stay), or the value is
// rejected with exit 2 naming the key. Setting a parameter to its documented default keeps the
// hash (defaults are applied before hashing). Every value of the DRAM presets and energy tables
// the shipped configs use is walked the same way (VPSIM_CONFIGS pointing at a copy of configs/).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;
namespace fs = std::filesystem;

namespace {

const std::string kSource = VPSIM_SOURCE_DIR;

struct Edit {
  std::string path;   // "pe.serial_operand"
  std::string value;  // YAML text; "<delete>" removes the key
};
struct Variant {
  std::string base;  // configs/hw/<base>.yaml
  std::vector<Edit> edits;
  std::string error = "";  // non-empty: exit 2 with this text (the key path) expected
};

// Per documented parameter (block/name[kinds]), the changes the walk makes.
const std::map<std::string, std::vector<Variant>>& walk() {
  static const std::map<std::string, std::vector<Variant>> w = {
      {"/name[all]", {{"bitfusion", {{"name", "renamed"}}}}},
      {"/description[all]", {{"bitfusion", {{"description", "\"other text\""}}}}},
      {"/source[all]", {{"bitfusion", {{"source", "\"other source\""}}}}},
      {"/area_note[all]", {{"stripes", {{"area_note", "\"other note\""}}}}},
      {"/clock_mhz[all]", {{"bitfusion", {{"clock_mhz", "400"}}}}},
      {"/energy[all]",
       {{"bitfusion",
         {{"energy", "[energy/bitserial-45nm.yaml, energy/bitfusion-45nm.yaml, energy/vector-45nm.yaml]"}}}}},
      {"/energy.node_nm[all]",
       {{"bitfusion", {{"energy", "{files: [energy/bitfusion-45nm.yaml, energy/vector-45nm.yaml], node_nm: 28}"}}}}},
      {"/compute_energy[all]", {{"bitfusion", {{"compute_energy", "per_cycle"}}}}},
      {"/force_bits[all]", {{"bitfusion", {{"force_bits", "16"}}}}},
      {"/vector.lanes[all]", {{"bitfusion", {{"vector.lanes", "64"}}}}},
      {"/vector.bn_fwd_ops[all]", {{"bitfusion", {{"vector.bn_fwd_ops", "5"}}}}},
      {"/vector.bn_bwd_ops[all]", {{"bitfusion", {{"vector.bn_bwd_ops", "7"}}}}},
      {"/vector.relu_ops[all]", {{"bitfusion", {{"vector.relu_ops", "2"}}}}},
      {"/vector.residual_ops[all]", {{"bitfusion", {{"vector.residual_ops", "2"}}}}},
      {"/vector.pool_ops[all]", {{"bitfusion", {{"vector.pool_ops", "2"}}}}},
      {"/vector.quantize_ops[all]", {{"bitfusion", {{"vector.quantize_ops", "4"}}}}},
      {"/vector.sgd_ops_per_weight[all]", {{"bitfusion", {{"vector.sgd_ops_per_weight", "5"}}}}},
      {"/vector.fp32_ops_per_mac[all]", {{"bitfusion", {{"vector.fp32_ops_per_mac", "3"}}}}},
      {"/controller.output_init[all]", {{"bitfusion", {{"controller.output_init", "read"}}}}},
      {"array/rows[array]", {{"bitfusion", {{"array.rows", "8"}}}}},
      {"array/cols[array]", {{"bitfusion", {{"array.cols", "16"}}}}},
      {"array/pe[array]", {{"bitfusion", {{"array.pe", "int8"}, {"pe", "<delete>"}}}}},
      {"array/dataflow[array]", {{"bitfusion", {{"array.dataflow", "output_stationary"}}, "array.dataflow"}}},
      {"pe/accumulator_bits[all]",
       {{"bitfusion", {{"pe.accumulator_bits", "24"}}},
        {"stripes", {{"pe.accumulator_bits", "24"}}},
        {"loom", {{"pe.accumulator_bits", "24"}}},
        {"int8", {{"pe.accumulator_bits", "24"}}},
        {"bitfusion", {{"array.pe", "reference"}, {"pe", "{accumulator_bits: 48}"}}}}},
      {"pe/overflow[all]",
       {{"bitfusion", {{"pe.overflow", "saturate"}}},
        {"stripes", {{"pe.overflow", "saturate"}}},
        {"loom", {{"pe.overflow", "saturate"}}},
        {"int8", {{"pe.overflow", "saturate"}}}}},
      {"pe/brick_bits[bitfusion]", {{"bitfusion", {{"pe.brick_bits", "1"}}}, {"bitfusion", {{"pe.brick_bits", "4"}}}}},
      {"pe/max_bits[bitfusion]", {{"bitfusion", {{"pe.max_bits", "16"}}}, {"bitfusion", {{"pe.max_bits", "4"}}}}},
      {"pe/temporal_fusion[bitfusion]", {{"bitfusion", {{"pe.temporal_fusion", "false"}}}}},
      {"pe/max_bits[stripes, loom]", {{"stripes", {{"pe.max_bits", "8"}}}, {"loom", {{"pe.max_bits", "8"}}}}},
      {"pe/lanes[stripes, loom]", {{"stripes", {{"pe.lanes", "8"}}}, {"loom", {{"pe.lanes", "128"}}}}},
      {"pe/parallel_bits[stripes]", {{"stripes", {{"pe.parallel_bits", "8"}}}}},
      {"pe/serial_operand[stripes]",
       {{"stripes", {{"pe.serial_operand", "op0"}}},
        {"stripes", {{"pe.serial_operand", "narrower"}}},
        {"stripes", {{"pe.serial_operand", "{bwd_data: op0}"}}},
        {"stripes", {{"pe.serial_operand", "{bwd_weight: narrower}"}}}}},
      {"pe/width[bitparallel]", {{"int8", {{"pe.width", "4"}}}}},
      {"pe/wide_operands[bitparallel]", {{"int8", {{"pe.wide_operands", "error"}}}}},
      {"dram/model[all]", {{"bitfusion", {{"dram", "{model: timing, preset: ddr4-2400}"}}}}},
      {"dram/bits_per_cycle[ideal]", {{"bitfusion", {{"dram.bits_per_cycle", "96"}}}}},
      {"dram/latency_cycles[ideal]", {{"bitfusion", {{"dram.latency_cycles", "10"}}}}},
      {"dram/preset[timing]", {{"bitfusion-ddr4", {{"dram.preset", "lpddr4-3200"}}}}},
      {"dram/channels[timing]", {{"bitfusion-ddr4", {{"dram.channels", "2"}}}}},
      {"dram/mapping[timing]", {{"bitfusion-ddr4", {{"dram.mapping", "ro-co-ba-bg-ch"}}}}},
      {"dram/queue_depth[timing]", {{"bitfusion-ddr4", {{"dram.queue_depth", "16"}}}}},
      {"dram/write_queue_depth[timing]", {{"bitfusion-ddr4", {{"dram.write_queue_depth", "0"}}}}},
      {"dram/write_high_watermark[timing]", {{"bitfusion-ddr4", {{"dram.write_high_watermark", "0.5"}}}}},
      {"dram/write_low_watermark[timing]", {{"bitfusion-ddr4", {{"dram.write_low_watermark", "0.1"}}}}},
      {"dram/refresh[timing]", {{"bitfusion-ddr4", {{"dram.refresh", "false"}}}}},
      {"dram/row_hit_cap[timing]", {{"bitfusion-ddr4", {{"dram.row_hit_cap", "4"}}}}},
      {"dram/energy[timing]", {{"bitfusion-ddr4", {{"dram.energy", "lump"}}}}},
  };
  return w;
}

// buffers.<buffer> parameters, walked on each of the three buffers.
std::vector<Variant> bufferVariants(const std::string& name) {
  const std::map<std::string, std::vector<std::string>> values = {{"kib", {"64", "128", "32"}},
                                                                  {"double_buffered", {"false", "false", "false"}},
                                                                  {"banks", {"8", "256", "16"}},
                                                                  {"word_bits", {"128", "128", "128"}}};
  std::vector<Variant> out;
  const char* bufs[] = {"ibuf", "wbuf", "obuf"};
  for (int i = 0; i < 3; ++i)
    out.push_back({"bitfusion", {{std::string("buffers.") + bufs[i] + "." + name, values.at(name)[size_t(i)]}}});
  return out;
}

void setPath(YAML::Node root, const std::string& path, const std::string& value) {
  const size_t dot = path.find('.');
  const std::string head = path.substr(0, dot);
  if (dot == std::string::npos) {
    if (value == "<delete>")
      root.remove(head);
    else
      root[head] = YAML::Load(value);
    return;
  }
  if (!root[head].IsMap()) root[head] = YAML::Node(YAML::NodeType::Map);
  setPath(root[head], path.substr(dot + 1), value);
}

struct Check {
  int exit_code = -1;
  std::string hash, err;
};

Check hwCheck(const std::string& file, const std::string& env = "") {
  auto r = runCommand(env + vpsim() + " hw check " + file);
  Check c{r.exit_code, "", r.err};
  if (r.exit_code == 0) c.hash = nlohmann::json::parse(r.out)["hash"].get<std::string>();
  return c;
}

class HwIdentityWalk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("hw_identity_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const Variant& v, int n) {
    YAML::Node root = YAML::LoadFile(kSource + "/configs/hw/" + v.base + ".yaml");
    for (const auto& e : v.edits) setPath(root, e.path, e.value);
    const std::string file = (dir_ / ("v" + std::to_string(n) + ".yaml")).string();
    std::ofstream(file) << YAML::Dump(root) << "\n";
    return file;
  }
  std::string baseHash(const std::string& base) {
    if (!base_.count(base)) base_[base] = hwCheck(kSource + "/configs/hw/" + base + ".yaml").hash;
    return base_[base];
  }
  fs::path dir_;
  std::map<std::string, std::string> base_;
};

nlohmann::json documentedParams() {
  auto r = runCommand(vpsim() + " hw params --json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::string label(const Variant& v) {
  std::string s = v.base + ":";
  for (const auto& e : v.edits) s += " " + e.path + "=" + e.value;
  return s;
}

}  // namespace

TEST_F(HwIdentityWalk, EveryDocumentedParameterChangesTheIdentityOrIsDeclaredNotTo) {
  const auto params = documentedParams();
  ASSERT_GE(params.size(), 40u);
  int n = 0, walked = 0;
  for (const auto& p : params) {
    const std::string block = p["block"], name = p["name"];
    const std::string key = block + "/" + name + "[" + p["kinds"].get<std::string>() + "]";
    const bool affects = p["affects_results"];
    std::vector<Variant> variants;
    if (block == "buffers.<buffer>")
      variants = bufferVariants(name);
    else if (walk().count(key))
      variants = walk().at(key);
    ASSERT_FALSE(variants.empty()) << key << " is documented but the walk has no value for it: add one here";
    for (const auto& v : variants) {
      SCOPED_TRACE(key + " <- " + label(v));
      const Check c = hwCheck(write(v, n++));
      ++walked;
      if (!v.error.empty()) {
        EXPECT_EQ(c.exit_code, 2);
        EXPECT_NE(c.err.find(v.error), std::string::npos) << c.err;
        continue;
      }
      ASSERT_EQ(c.exit_code, 0) << c.err;
      if (affects)
        EXPECT_NE(c.hash, baseHash(v.base)) << "changing it does not change the result identity";
      else
        EXPECT_EQ(c.hash, baseHash(v.base)) << "declared not to affect results, but the identity changed";
    }
  }
  EXPECT_GE(walked, 55);
}

// Canonical means resolved: writing out a documented default does not change the identity.
TEST_F(HwIdentityWalk, ExplicitDefaultsKeepTheIdentity) {
  int n = 0, checked = 0;
  for (const auto& p : documentedParams()) {
    const std::string block = p["block"], name = p["name"], def = p["default"];
    const std::string key = block + "/" + name + "[" + p["kinds"].get<std::string>() + "]";
    if (!std::regex_match(def, std::regex("[A-Za-z0-9_.-]+")) || !walk().count(key) || !p["affects_results"]) continue;
    const Variant& first = walk().at(key).front();
    const std::string path = (block.empty() ? "" : block + ".") + name;
    const YAML::Node base = YAML::LoadFile(kSource + "/configs/hw/" + first.base + ".yaml");
    const size_t dot = path.find('.');
    if (dot != std::string::npos) {  // yaml-cpp 0.7: test the parent before looking inside it
      const YAML::Node parent = base[path.substr(0, dot)];
      if (parent && parent.IsMap() && parent[path.substr(dot + 1)]) continue;  // the base sets it already
    }
    SCOPED_TRACE(key + " = " + def + " on " + first.base);
    const Check c = hwCheck(write({first.base, {{path, def}}}, n++));
    ASSERT_EQ(c.exit_code, 0) << c.err;
    EXPECT_EQ(c.hash, baseHash(first.base));
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

// Every numeric value of the DRAM presets and energy tables the shipped configs use changes the
// identity of a config that uses it (or is rejected); their `source:` texts do not.
TEST_F(HwIdentityWalk, EveryPresetAndEnergyTableValueChangesTheIdentity) {
  const fs::path configs = dir_ / "configs";
  fs::copy(kSource + "/configs", configs, fs::copy_options::recursive);
  const std::string env = "VPSIM_CONFIGS=" + configs.string() + " ";
  // File -> a hardware config that reads it.
  std::vector<std::pair<std::string, std::string>> files = {
      {"energy/bitfusion-45nm.yaml", "hw/bitfusion.yaml"}, {"energy/vector-45nm.yaml", "hw/bitfusion.yaml"},
      {"energy/bitserial-45nm.yaml", "hw/stripes.yaml"},   {"energy/bitparallel-45nm.yaml", "hw/int8.yaml"},
      {"dram/ddr4-2400.yaml", "hw/bitfusion-ddr4.yaml"},   {"dram/hbm2.yaml", "hw/bitfusion-hbm2.yaml"}};
  std::ofstream((configs / "hw/lpddr4.yaml").string())
      << YAML::Dump(YAML::LoadFile(kSource + "/configs/hw/bitfusion-ddr4.yaml")) << "\n";
  {
    YAML::Node l = YAML::LoadFile((configs / "hw/lpddr4.yaml").string());
    l["dram"]["preset"] = "lpddr4-3200";
    std::ofstream((configs / "hw/lpddr4.yaml").string()) << YAML::Dump(l) << "\n";
  }
  files.emplace_back("dram/lpddr4-3200.yaml", "hw/lpddr4.yaml");
  {
    YAML::Node r = YAML::LoadFile(kSource + "/configs/hw/bitfusion-ddr4.yaml");
    r["dram"]["preset"] = "ddr4-2400-2r";
    std::ofstream((configs / "hw/ddr4-2r.yaml").string()) << YAML::Dump(r) << "\n";
  }
  files.emplace_back("dram/ddr4-2400-2r.yaml", "hw/ddr4-2r.yaml");
  int leaves = 0;
  for (const auto& [file, hw] : files) {
    const std::string path = (configs / file).string(), hw_file = (configs / hw).string();
    std::stringstream ss;
    ss << std::ifstream(path).rdbuf();
    const std::string original = ss.str();
    const std::string base = hwCheck(hw_file, env).hash;
    ASSERT_FALSE(base.empty()) << hw;
    // Numeric leaves `key: 12` or `value: 1.5`, and source strings; one changed at a time, by text.
    const std::regex leaf(R"((^|[\s{,])([a-z_0-9]+):\s*(-?[0-9]+(\.[0-9]+)?)(?=\s*[,}\n#]))");
    for (auto it = std::sregex_iterator(original.begin(), original.end(), leaf); it != std::sregex_iterator(); ++it) {
      const auto& m = *it;
      const std::string k = m[2].str(), v = m[3].str();
      std::string nv = v.find('.') != std::string::npos ? std::to_string(std::stod(v) * 1.25 + 0.01)
                                                        : std::to_string(std::stoll(v) * 2 + (v == "0" ? 1 : 0));
      if (k == "node_nm") nv = v == "28" ? "45" : "28";  // a node with a known scaling
      std::string text = original;
      text.replace(size_t(m.position(3)), size_t(m.length(3)), nv);
      std::ofstream(path) << text;
      const Check c = hwCheck(hw_file, env);
      SCOPED_TRACE(file + ": " + k + " " + v + " -> " + nv);
      if (c.exit_code == 2)
        EXPECT_NE(c.err.find(file.substr(file.find('/') + 1)), std::string::npos) << c.err;
      else
        EXPECT_NE(c.hash, base) << "a value of " << file << " does not reach the result identity";
      ++leaves;
    }
    std::string text = original;
    const size_t src = text.find("source: \"");
    ASSERT_NE(src, std::string::npos) << file;
    text.insert(src + 9, "edited ");
    std::ofstream(path) << text;
    EXPECT_EQ(hwCheck(hw_file, env).hash, base) << file << ": a source text changed the identity";
    std::ofstream(path) << original;
  }
  EXPECT_GE(leaves, 80);
}

}  // namespace vpsim
