// The model-version golden test: a fixed set of passes (tests/golden/model_passes*.trace.jsonl) on
// every shipped hardware config (configs/hw/*.yaml), in both fidelities, through `vpsim run`, held
// to tests/golden/model/<config>.<fidelity>.json. A change that alters any simulated number fails
// here with "results changed: bump the model version" until kModelVersion (sim/model_version.h)
// is bumped and the files are regenerated: `scripts/update_golden.sh [build-dir]` (which sets
// VPSIM_UPDATE_GOLDEN=1 and refuses to overwrite changed results under an unchanged version).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;
namespace fs = std::filesystem;

namespace {

const std::string kSource = VPSIM_SOURCE_DIR;
const char* kRegen = "scripts/update_golden.sh [build-dir]";

std::vector<std::string> shippedConfigs() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kSource + "/configs/hw"))
    if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string goldenPath(const std::string& config, const std::string& fidelity) {
  return kSource + "/tests/golden/model/" + config + "." + fidelity + ".json";
}

nlohmann::json readJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  return nlohmann::json::parse(in, nullptr, false);
}

// "fwd 64x32x288 g1 at 4x4": a pass without the model version (which is in its key).
std::string passLabel(const nlohmann::json& p) {
  const auto& g = p["gemm"];
  return p["pass"].get<std::string>() + " " + g["m"].dump() + "x" + g["n"].dump() + "x" + g["k"].dump() + " g" +
         g["groups"].dump() + " at " + p["bits"][0].dump() + "x" + p["bits"][1].dump();
}

// The golden form of a run's passes.json: pass label -> full result, with the run's identity.
nlohmann::json goldenOf(const nlohmann::json& passes, const std::string& config, const std::string& fidelity) {
  nlohmann::json g = {{"model_version", passes["model_version"]}, {"hardware_hash", passes["hardware_hash"]},
                      {"config", "configs/hw/" + config + ".yaml"}, {"fidelity", fidelity}};
  g["results"] = nlohmann::json::object();
  for (const auto& p : passes["passes"]) g["results"][passLabel(p)] = p["result"];
  return g;
}

// First difference between two results maps, "" if none: "fwd 64x32x288 g1 at 4x4: cycles 10 -> 12".
std::string firstDifference(const nlohmann::json& old_r, const nlohmann::json& new_r) {
  for (const auto& [label, r] : new_r.items()) {
    if (!old_r.contains(label)) return label + ": new pass";
    for (const auto& [field, v] : r.items())
      if (old_r[label].value(field, nlohmann::json()) != v)
        return label + ": " + field + " " + old_r[label].value(field, nlohmann::json()).dump() + " -> " + v.dump();
    if (old_r[label] != r) return label + ": fields differ";
  }
  for (const auto& [label, r] : old_r.items())
    if (!new_r.contains(label)) return label + ": pass gone";
  return "";
}

// One pass per line, so that a regenerated file diffs readably.
void writeGolden(const std::string& path, const nlohmann::json& g) {
  std::ofstream out(path);
  out << "{\n";
  for (const char* k : {"config", "fidelity", "hardware_hash", "model_version"}) out << " \"" << k << "\": " << g[k].dump() << ",\n";
  out << " \"results\": {\n";
  size_t i = 0;
  for (const auto& [label, r] : g["results"].items())
    out << "  " << nlohmann::json(label).dump() << ": " << r.dump() << (++i < g["results"].size() ? ",\n" : "\n");
  out << " }\n}\n";
}

nlohmann::json simulate(const std::string& config, const std::string& fidelity) {
  const std::string trace = kSource + "/tests/golden/model_passes" + (fidelity == "cycle" ? "_cycle" : "") + ".trace.jsonl";
  const std::string out = ::testing::TempDir() + "golden_" + config + "_" + fidelity;
  auto r = runCommand(vpsim() + " run --hw " + kSource + "/configs/hw/" + config + ".yaml --trace " + trace +
                      " --no-cache --fidelity " + fidelity + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return readJson(out + "/passes.json");
}

class ModelGolden : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

}  // namespace

TEST_P(ModelGolden, ResultsMatchTheGoldenFileOfThisModelVersion) {
  const auto& [config, fidelity] = GetParam();
  const nlohmann::json passes = simulate(config, fidelity);
  ASSERT_TRUE(passes.is_object() && passes.contains("passes")) << "no passes.json from vpsim run";
  const nlohmann::json now = goldenOf(passes, config, fidelity);
  ASSERT_GE(now["results"].size(), 3u);
  const std::string path = goldenPath(config, fidelity);
  const nlohmann::json old = readJson(path);
  const bool have = old.is_object() && old.contains("results");
  const std::string diff = have ? firstDifference(old["results"], now["results"]) : "no golden file";
  const bool same_identity = have && old["model_version"] == now["model_version"] && old["hardware_hash"] == now["hardware_hash"];
  if (std::getenv("VPSIM_UPDATE_GOLDEN")) {
    ASSERT_FALSE(same_identity && !diff.empty())
        << path << ": results changed but the model version is still " << now["model_version"]
        << ": bump kModelVersion in sim/model_version.h first (" << diff << ")";
    writeGolden(path, now);
    return;
  }
  ASSERT_TRUE(have) << path << ": missing; generate it with " << kRegen;
  ASSERT_EQ(old["hardware_hash"], now["hardware_hash"])
      << "configs/hw/" << config << ".yaml resolves to a different identity than when " << path
      << " was made (config or identity changed): regenerate with " << kRegen;
  ASSERT_EQ(old["model_version"], now["model_version"])
      << "the model version is " << now["model_version"] << " but " << path << " was made by "
      << old["model_version"] << ": regenerate the golden files with " << kRegen;
  EXPECT_EQ(diff, "") << "results changed: bump the model version (kModelVersion in sim/model_version.h), then "
                         "regenerate the golden files with " << kRegen << ". First difference on configs/hw/"
                      << config << ".yaml (" << fidelity << "): " << diff;
}

INSTANTIATE_TEST_SUITE_P(ShippedConfigs, ModelGolden,
                         ::testing::Combine(::testing::ValuesIn(shippedConfigs()), ::testing::Values("tile", "cycle")),
                         [](const auto& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param);
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// A golden file of a config that is no longer shipped would hold results nobody checks.
TEST(ModelGoldenFiles, EveryGoldenFileBelongsToAShippedConfig) {
  const auto configs = shippedConfigs();
  for (const auto& e : fs::directory_iterator(kSource + "/tests/golden/model")) {
    const std::string stem = e.path().stem().stem().string();  // bitfusion.tile.json -> bitfusion
    EXPECT_NE(std::find(configs.begin(), configs.end(), stem), configs.end()) << e.path() << ": no configs/hw/" << stem << ".yaml";
  }
}

}  // namespace vpsim
