// The model-version golden test: a fixed set of passes (tests/golden/model_passes*.trace.jsonl) on
// every shipped hardware config (configs/hw/*.yaml), in both fidelities, through `vpsim run`, held
// to tests/golden/model/<config>.<fidelity>.json. A change that alters any simulated number fails
// here with "results changed: bump the model version" until kModelVersion (sim/arch/model_version.h)
// is bumped and the files are regenerated: `scripts/update_golden.sh [build-dir]` (which sets
// VPSIM_UPDATE_GOLDEN=1 and refuses to overwrite changed results under an unchanged version).
// A test of the test runs it on an edited copy of a golden file ($VPSIM_GOLDEN_DIR).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

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

// $VPSIM_GOLDEN_DIR (the test of this test points it at an edited copy), else tests/golden/model.
std::string goldenDir() {
  const char* d = std::getenv("VPSIM_GOLDEN_DIR");
  return d ? d : kSource + "/tests/golden/model";
}

std::string goldenPath(const std::string& config, const std::string& fidelity) {
  return goldenDir() + "/" + config + "." + fidelity + ".json";
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
  nlohmann::json g = {{"model_version", passes["model_version"]},
                      {"hardware_hash", passes["hardware_hash"]},
                      {"config", "configs/hw/" + config + ".yaml"},
                      {"fidelity", fidelity}};
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
  for (const char* k : {"config", "fidelity", "hardware_hash", "model_version"})
    out << " \"" << k << "\": " << g[k].dump() << ",\n";
  out << " \"results\": {\n";
  size_t i = 0;
  for (const auto& [label, r] : g["results"].items())
    out << "  " << nlohmann::json(label).dump() << ": " << r.dump() << (++i < g["results"].size() ? ",\n" : "\n");
  out << " }\n}\n";
}

nlohmann::json simulate(const std::string& config, const std::string& fidelity) {
  const std::string trace =
      kSource + "/tests/golden/model_passes" + (fidelity == "cycle" ? "_cycle" : "") + ".trace.jsonl";
  const std::string out = ::testing::TempDir() + "golden_" + config + "_" + fidelity + "_" + std::to_string(::getpid());
  auto r = runCommand(vpsim() + " run --hw " + kSource + "/configs/hw/" + config + ".yaml --trace " + trace +
                      " --no-cache --fidelity " + fidelity + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json passes = readJson(out + "/passes.json");
  fs::remove_all(out);
  return passes;
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
  const bool same_identity =
      have && old["model_version"] == now["model_version"] && old["hardware_hash"] == now["hardware_hash"];
  if (std::getenv("VPSIM_UPDATE_GOLDEN")) {
    ASSERT_FALSE(same_identity && !diff.empty())
        << path << ": results changed but the model version is still " << now["model_version"]
        << ": bump kModelVersion in sim/arch/model_version.h first (" << diff << ")";
    writeGolden(path, now);
    return;
  }
  ASSERT_TRUE(have) << path << ": missing; generate it with " << kRegen;
  ASSERT_EQ(old["hardware_hash"], now["hardware_hash"])
      << "configs/hw/" << config << ".yaml resolves to a different identity than when " << path
      << " was made (config or identity changed): regenerate with " << kRegen;
  ASSERT_EQ(old["model_version"], now["model_version"])
      << "the model version is " << now["model_version"] << " but " << path << " was made by " << old["model_version"]
      << ": regenerate the golden files with " << kRegen;
  EXPECT_EQ(diff, "") << "results changed: bump the model version (kModelVersion in sim/arch/model_version.h), then "
                         "regenerate the golden files with "
                      << kRegen << ". First difference on configs/hw/" << config << ".yaml (" << fidelity
                      << "): " << diff;
}

INSTANTIATE_TEST_SUITE_P(ShippedConfigs, ModelGolden,
                         ::testing::Combine(::testing::ValuesIn(shippedConfigs()), ::testing::Values("tile", "cycle")),
                         [](const auto& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param);
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// The golden test itself, run as a child of this binary on an edited copy of the golden files:
// one changed number fails it with "results changed: bump the model version", the regeneration
// refuses to overwrite it under the same version, and a file of another model version asks for
// regeneration, which then restores the true results.
TEST(ModelGoldenFiles, AChangedResultFailsUntilTheModelVersionIsBumped) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("golden_copy_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string name = "bitfusion.tile.json", file = (dir / name).string();
  fs::copy_file(goldenPath("bitfusion", "tile"), file);
  std::stringstream ss;
  ss << std::ifstream(file).rdbuf();
  const std::string original = ss.str();
  const std::string self = fs::read_symlink("/proc/self/exe").string();
  auto child = [&](const std::string& env) {
    return runCommand("VPSIM_GOLDEN_DIR=" + dir.string() + " " + env + " SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " + self +
                      " --gtest_filter='ShippedConfigs/ModelGolden.ResultsMatchTheGoldenFileOfThisModelVersion/"
                      "bitfusion_tile'");
  };
  auto r = child("");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;  // the copy as shipped passes
  std::string edited = original;
  const size_t at = edited.find("\"cycles\":");
  ASSERT_NE(at, std::string::npos);
  edited.insert(at + 9, "1");  // cycles N -> 1N
  std::ofstream(file) << edited;
  r = child("");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("results changed: bump the model version (kModelVersion in sim/arch/model_version.h)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(": cycles 1"), std::string::npos) << r.out;  // the first difference, named
  r = child("VPSIM_UPDATE_GOLDEN=1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("bump kModelVersion in sim/arch/model_version.h first"), std::string::npos) << r.out;
  ss.str("");
  ss << std::ifstream(file).rdbuf();
  EXPECT_EQ(ss.str(), edited) << "the regeneration overwrote a changed result under the same version";
  // A file another model version made: regenerate (and then the results are the true ones again).
  std::string other = edited;
  const std::string version = "\"model_version\": \"";
  other.insert(other.find(version) + version.size(), "old-");
  std::ofstream(file) << other;
  r = child("");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("regenerate the golden files with"), std::string::npos) << r.out;
  r = child("VPSIM_UPDATE_GOLDEN=1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  ss.str("");
  ss << std::ifstream(file).rdbuf();
  EXPECT_EQ(ss.str(), original);
  fs::remove_all(dir);
}

// A golden file of a config that is no longer shipped would hold results nobody checks.
TEST(ModelGoldenFiles, EveryGoldenFileBelongsToAShippedConfig) {
  const auto configs = shippedConfigs();
  for (const auto& e : fs::directory_iterator(kSource + "/tests/golden/model")) {
    const std::string stem = e.path().stem().stem().string();  // bitfusion.tile.json -> bitfusion
    EXPECT_NE(std::find(configs.begin(), configs.end(), stem), configs.end())
        << e.path() << ": no configs/hw/" << stem << ".yaml";
  }
}

}  // namespace vpsim
