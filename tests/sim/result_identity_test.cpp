// Result identity through the `vpsim` binary: configs that differ in any parameter never share a
// cached result (the serial_operand case of issue 13), a sweep over such a parameter keeps every
// point, a cache reports where its results came from and never serves another model version's
// rows, and accepted keys either work (dram.energy: lump) or are rejected by name.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "sim/arch/model_version.h"
#include "sim/sweep/sweep_db.h"
#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;
namespace fs = std::filesystem;

namespace {

const std::string kSource = VPSIM_SOURCE_DIR;

class ResultIdentity : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("result_identity_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& n) const { return (dir_ / n).string(); }
  // configs/hw/<base>.yaml with one line replaced (the line must exist).
  std::string variant(const std::string& base, const std::string& from, const std::string& to,
                      const std::string& name) {
    std::stringstream ss;
    ss << std::ifstream(kSource + "/configs/hw/" + base + ".yaml").rdbuf();
    std::string text = ss.str();
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    std::ofstream(path(name)) << text;
    return path(name);
  }
  std::string trace(const std::string& schedule, int iterations) {
    const std::string t = path("cnn.trace.jsonl");
    auto r = runCommand(vpsim() + " trace gen --model cnn --dataset fashion-mnist --schedule " + schedule +
                        " --iterations " + std::to_string(iterations) + " -o " + t);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return t;
  }
  nlohmann::json run(const std::string& hw, const std::string& trace, const std::string& cache_args) {
    auto r = runCommand(vpsim() + " run --hw " + hw + " --trace " + trace + " --json " + cache_args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  }
  fs::path dir_;
};

}  // namespace

// Issue 13: stripes.yaml and the same file with serial_operand: op0 got one hash, so with a shared
// cache the op0 config reported the op1 config's cycles (0 passes simulated).
TEST_F(ResultIdentity, SerialOperandConfigsGetTheirOwnAnswersFromOneSharedCache) {
  const std::string op1 = kSource + "/configs/hw/stripes.yaml";
  const std::string op0 = variant("stripes", "max_bits: 16,", "max_bits: 16, serial_operand: op0,", "stripes-op0.yaml");
  const std::string t = trace("static:8/4", 2);
  const std::string cache = "--cache " + path("memo.sqlite");
  const auto a = run(op1, t, cache);
  const auto b = run(op0, t, cache);
  EXPECT_NE(a["hardware"]["hash"], b["hardware"]["hash"]);
  EXPECT_EQ(b["cache_hits"], 0) << "the op0 config was served the op1 config's passes";
  EXPECT_EQ(b["simulated_passes"], b["unique_passes"]);
  EXPECT_NE(a["cycles"], b["cycles"]);
  EXPECT_EQ(b["cycles"], run(op0, t, "--no-cache")["cycles"]);
  EXPECT_EQ(a["cycles"], run(op1, t, "--no-cache")["cycles"]);
  // Both are in the shared cache now: a second round is served entirely from it, unchanged.
  const auto b2 = run(op0, t, cache);
  EXPECT_EQ(b2["cache_hits"], b2["unique_passes"]);
  EXPECT_EQ(b2["cycles"], b["cycles"]);
}

TEST_F(ResultIdentity, SweepOverSerialOperandKeepsBothPoints) {
  std::ofstream(path("spec.yaml"))
      << "name: serial\nbase: " << kSource << "/configs/hw/stripes.yaml\nworkloads:\n"
      << "  - {model: cnn, dataset: fashion-mnist, schedule: \"static:8/4\", iterations: 2, batch: 16}\n"
      << "axes:\n  pe.serial_operand: [op0, op1]\n";
  auto r = runCommand(vpsim() + " sweep " + path("spec.yaml") + " --dry-run");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_EQ(r.err.find("1 duplicates"), std::string::npos) << r.err;
  r = runCommand(vpsim() + " sweep " + path("spec.yaml") + " --jobs 2 --no-progress --db " + path("s.sqlite") +
                 " --cache " + path("memo.sqlite"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = SweepDb(path("s.sqlite")).rows();
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[0].status, "ok") << rows[0].error;
  ASSERT_EQ(rows[1].status, "ok") << rows[1].error;
  EXPECT_NE(rows[0].hw_hash, rows[1].hw_hash);
  EXPECT_NE(rows[0].metric("cycles"), rows[1].metric("cycles"));
  EXPECT_EQ(rows[0].summary["model_version"], kModelVersion);
}

// A sweep database's points made by another model version are neither resumed from nor exported:
// the sweep runs them again, and the export names how many it left out.
TEST_F(ResultIdentity, SweepPointsOfAnotherModelVersionAreRunAgainAndLeftOut) {
  std::ofstream(path("spec.yaml"))
      << "name: versions\nbase: " << kSource << "/configs/hw/stripes.yaml\nworkloads:\n"
      << "  - {model: cnn, dataset: fashion-mnist, schedule: \"static:8/4\", iterations: 2, batch: 16}\n"
      << "axes:\n  pe.serial_operand: [op0, op1]\n";
  const std::string sweep = vpsim() + " sweep " + path("spec.yaml") + " --jobs 2 --no-progress --db " +
                            path("s.sqlite") + " --cache " + path("memo.sqlite");
  auto r = runCommand(sweep);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto before = SweepDb(path("s.sqlite")).rows();
  ASSERT_EQ(before.size(), 2u);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path("s.sqlite").c_str(), &db), SQLITE_OK);
  // As an older model would have left them: its version in the config and in the point key, other numbers.
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE points SET key = 'old' || key, config = json_set(config, '$.model_version', "
                         "'vpsim-model-5'), summary = json_set(summary, '$.cycles', 1)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  EXPECT_TRUE(SweepDb(path("s.sqlite")).rows().empty());
  r = runCommand(sweep);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("already in"), std::string::npos) << r.err;  // nothing resumed from the old points
  EXPECT_NE((r.out + r.err).find("2 ran (2 ok, 0 failed), 0 already done"), std::string::npos) << r.out << r.err;
  const auto after = SweepDb(path("s.sqlite")).rows();
  ASSERT_EQ(after.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(after[i].status, "ok") << after[i].error;
    EXPECT_EQ(after[i].metric("cycles"), before[i].metric("cycles"));
  }
  r = runCommand(vpsim() + " sweep --export csv --db " + path("s.sqlite"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 points made by another model version left out (this is " + std::string(kModelVersion) + ")"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;  // header and the two current points
}

// `vpsim run` says how many results came from the cache and which model made them; rows another
// model version wrote are never served, even under the same key.
TEST_F(ResultIdentity, CacheReportsProvenanceAndIgnoresOtherModelVersions) {
  const std::string hw = kSource + "/configs/hw/bitfusion.yaml", t = trace("static:4/4", 1);
  const std::string cache = "--cache " + path("memo.sqlite");
  const auto first = run(hw, t, cache);
  EXPECT_EQ(first["cache_hits"], 0);
  EXPECT_EQ(first["model_version"], kModelVersion);
  auto r = runCommand(vpsim() + " run --hw " + hw + " --trace " + t + " " + cache + " --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const int64_t unique = first["unique_passes"];
  EXPECT_NE(r.out.find("simulated 0, from cache " + std::to_string(unique) + "; model version " + kModelVersion),
            std::string::npos)
      << r.out;
  std::ifstream in(path("out/summary.json"));
  const auto summary = nlohmann::json::parse(in);
  EXPECT_EQ(summary["cache_hits"], unique);
  EXPECT_EQ(summary["model_version"], kModelVersion);
  EXPECT_EQ(summary["cycles"], first["cycles"]);
  std::ifstream pin(path("out/passes.json"));
  const auto passes = nlohmann::json::parse(pin);
  ASSERT_EQ(passes["passes"].size(), size_t(unique));
  for (const auto& p : passes["passes"]) {
    EXPECT_EQ(p["source"], "cache");
    EXPECT_TRUE(std::regex_match(p["key"].get<std::string>(), std::regex("[0-9a-f]{64}"))) << p["key"];
  }
  // Pretend an older model wrote every row (same keys): nothing may be served from them.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path("memo.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE results SET model_version = 'vpsim-model-0'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const auto stale = run(hw, t, cache);
  EXPECT_EQ(stale["cache_hits"], 0);
  EXPECT_EQ(stale["simulated_passes"], unique);
  EXPECT_EQ(stale["cycles"], first["cycles"]);
}

// A cache file from before results carried a model version (the old `passes` table) and rows of
// an older model are never served, and `vpsim run` says they were ignored and who made them.
TEST_F(ResultIdentity, OldCachesAreIgnoredAndNamed) {
  const std::string hw = kSource + "/configs/hw/bitfusion.yaml", t = trace("static:4/4", 1);
  const std::string cache = path("memo.sqlite");
  const auto fresh = run(hw, t, "--no-cache");
  run(hw, t, "--cache " + cache);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(cache.c_str(), &db), SQLITE_OK);
  // Wrong numbers made by an older model (whose keys hashed its version), and an old-format table.
  const std::string sql =
      "INSERT INTO results SELECT 'old' || key, 'vpsim-model-5', replace(result, '\"cycles\":', '\"cycles\":1') "
      "FROM results; DELETE FROM results WHERE model_version = '" +
      std::string(kModelVersion) +
      "';"
      "CREATE TABLE passes (key TEXT PRIMARY KEY, result TEXT NOT NULL);"
      "INSERT INTO passes VALUES ('a1', '{\"cycles\": 1}'), ('b2', '{\"cycles\": 2}'), ('c3', '{\"cycles\": 3}');";
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
  const int64_t unique = fresh["unique_passes"];
  auto r = runCommand(vpsim() + " run --hw " + hw + " --trace " + t + " --cache " + cache + " --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("simulated " + std::to_string(unique) + ", from cache 0; model version " + kModelVersion),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find(cache +
                       ": results of other model versions ignored (never served): unversioned (3), "
                       "vpsim-model-5 (" +
                       std::to_string(unique) + ")"),
            std::string::npos)
      << r.err;
  std::ifstream in(path("out/summary.json"));
  EXPECT_EQ(nlohmann::json::parse(in)["cycles"], fresh["cycles"]);
  // The current model's rows are back beside the old ones: served, and the old ones still named.
  r = runCommand(vpsim() + " run --hw " + hw + " --trace " + t + " --cache " + cache);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("simulated 0, from cache " + std::to_string(unique)), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("unversioned (3)"), std::string::npos) << r.err;
}

// A number from `vpsim layer --json` names what it belongs to: the model version, the hardware
// hash (`hw check`'s) and the result identity `run` keys the same pass under (also with --values);
// another fidelity is another result.
TEST_F(ResultIdentity, LayerJsonCarriesTheIdentityRunKeysItsPassUnder) {
  const std::string hw = kSource + "/configs/hw/bitfusion.yaml", t = trace("static:8/4", 1);
  auto r = runCommand(vpsim() + " run --hw " + hw + " --trace " + t + " --no-cache --out " + path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream pin(path("out/passes.json"));
  const auto passes = nlohmann::json::parse(pin);
  auto check = runCommand(vpsim() + " hw check " + hw);
  ASSERT_EQ(check.exit_code, 0) << check.err;
  const std::string hash = nlohmann::json::parse(check.out)["hash"];
  auto layer = [&](const std::string& pass, const std::string& extra) {
    // The cnn's head: fc 128 -> 10 at batch 128, FP32 (32-bit) in every pass.
    auto l = runCommand(vpsim() + " layer --hw " + hw + " --op fc:128,128,10 --bits 32/32/32 --pass " + pass +
                        " --json " + extra);
    EXPECT_EQ(l.exit_code, 0) << l.err;
    return l.exit_code == 0 ? nlohmann::json::parse(l.out) : nlohmann::json::object();
  };
  int matched = 0;
  for (const char* pass : {"fwd", "bwd_data", "bwd_weight"}) {
    const auto j = layer(pass, "");
    EXPECT_EQ(j["model_version"], kModelVersion);
    EXPECT_EQ(j["hardware_hash"], hash);
    ASSERT_TRUE(j.contains("key")) << pass;
    for (const auto& p : passes["passes"])
      if (p["key"] == j["key"]) {
        ++matched;
        EXPECT_EQ(p["pass"], pass);
        EXPECT_EQ(p["result"]["cycles"], j["cycles"]) << pass;
      }
    EXPECT_NE(layer(pass, "--fidelity cycle")["key"], j["key"]) << pass;
  }
  EXPECT_EQ(matched, 3);
  // Values on the array (the FP32 head runs on the vector unit): the same identity as timing only.
  const std::string op = vpsim() + " layer --hw " + hw + " --op gemm:16,8,32 --bits 8/4 --pass bwd_weight --json";
  auto plain = runCommand(op), values = runCommand(op + " --values random:1");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(values.exit_code, 0) << values.err;
  EXPECT_EQ(nlohmann::json::parse(values.out)["key"], nlohmann::json::parse(plain.out)["key"]);
}

// dram.energy: lump charges the preset's lump_pj_per_bit (15 pJ/bit for DDR4-2400) per bit moved
// instead of the current-based figure, and is part of the identity.
TEST_F(ResultIdentity, LumpDramEnergyIsChargedAndHashed) {
  const std::string currents = kSource + "/configs/hw/bitfusion-ddr4.yaml";
  const std::string lump =
      variant("bitfusion-ddr4", "preset: ddr4-2400", "preset: ddr4-2400, energy: lump", "lump.yaml");
  auto layer = [](const std::string& hw) {
    auto r = runCommand(vpsim() + " layer --hw " + hw + " --op conv:8,32,32,3,1,8 --bits 8/8 --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  };
  const auto c = layer(currents), l = layer(lump);
  EXPECT_EQ(c["cycles"], l["cycles"]);
  const double bits = l["dram_read_bits"].get<double>() + l["dram_write_bits"].get<double>();
  ASSERT_GT(bits, 0);
  EXPECT_NEAR(l["energy_pj"]["dram"].get<double>(), 15.0 * bits, 15.0 * bits * 0.02);  // whole bursts
  EXPECT_GT(std::abs(l["energy_pj"]["dram"].get<double>() - c["energy_pj"]["dram"].get<double>()), 0.05 * 15.0 * bits);
  auto hash = [](const std::string& hw) {
    auto r = runCommand(vpsim() + " hw check " + hw);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["hash"].get<std::string>();
  };
  EXPECT_NE(hash(currents), hash(lump));
}

// Keys the hardware library accepts but the accelerator does not model fail with exit 2, naming
// the file, the line and the key.
TEST_F(ResultIdentity, UnmodelledKeysAreRejectedByName) {
  const std::string os = variant("bitfusion", "dataflow: weight_stationary", "dataflow: output_stationary", "os.yaml");
  auto r = runCommand(vpsim() + " hw check " + os);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(os + ":6: array.dataflow: output_stationary is not modelled"), std::string::npos) << r.err;
  r = runCommand(vpsim() + " layer --hw " + os + " --op gemm:8,8,8 --bits 8/8");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("array.dataflow"), std::string::npos) << r.err;
  const std::string bias = variant("bitfusion", "  obuf: {kib: 16", "  bias: {kib: 2}\n  obuf: {kib: 16", "bias.yaml");
  r = runCommand(vpsim() + " hw check " + bias);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("buffers.bias: a bias buffer is not modelled"), std::string::npos) << r.err;
}

}  // namespace vpsim
