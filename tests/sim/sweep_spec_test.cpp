// Sweep specs and grid expansion, in process: product and zip order, filters, duplicates, point
// keys, and bad specs that must fail before any work with a message naming the key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/sweep/sweep_grid.h"
#include "tests/sim/sweep_test_hw.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {

namespace fs = std::filesystem;

const char* kHw = testing::kSweepTestHw;

std::string configs() { return std::string(VPSIM_SOURCE_DIR) + "/configs"; }

class SweepSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("sweep_spec_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "hw.yaml") << kHw;
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A spec with the given axes/zip/filters block, one generated workload.
  std::string spec(const std::string& body, const std::string& name = "s.yaml") {
    const auto p = (dir_ / name).string();
    std::ofstream(p)
        << "name: t\nbase: " << (dir_ / "hw.yaml").string()
        << "\nworkloads:\n  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 10}\n"
        << body;
    return p;
  }
  std::vector<SweepPoint> expand(const std::string& body, SweepGridStats* st = nullptr) {
    return SweepGrid::expand(SweepSpec::load(spec(body)), configs(), st);
  }
  std::string error(const std::string& body) {
    try {
      expand(body);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
  fs::path dir_;
};

}  // namespace

TEST_F(SweepSpecTest, GridIsTheProductFirstAxisSlowest) {
  SweepGridStats st;
  auto pts = expand("axes:\n  array.rows: [8, 16, 32]\n  buffers.ibuf.kib: [16, 64]\n", &st);
  ASSERT_EQ(pts.size(), 6u);
  EXPECT_EQ(st.combinations, 6u);
  EXPECT_EQ(pts[0].axes["array.rows"], 8);
  EXPECT_EQ(pts[0].axes["buffers.ibuf.kib"], 16);
  EXPECT_EQ(pts[1].axes["buffers.ibuf.kib"], 64);
  EXPECT_EQ(pts[5].axes["array.rows"], 32);
  EXPECT_EQ(pts[5].hw["array"]["rows"].as<int>(), 32);
  EXPECT_EQ(pts[5].hw["buffers"]["ibuf"]["kib"].as<int>(), 64);
  for (size_t i = 0; i < pts.size(); ++i) EXPECT_EQ(pts[i].index, static_cast<int>(i));
  std::set<std::string> keys;
  for (const auto& p : pts) keys.insert(p.key);
  EXPECT_EQ(keys.size(), 6u) << "every point has its own key";
}

TEST_F(SweepSpecTest, KeysAreStableAndIndependentOfHowThePointIsWritten) {
  auto a = expand("axes:\n  array.rows: [8, 16]\n");
  auto b = expand("axes:\n  array.rows: [16]\n");  // 16 is the base value: the same point as the base
  auto c = expand("");
  EXPECT_EQ(a[1].key, b[0].key);
  EXPECT_EQ(b[0].key, c[0].key);
  EXPECT_EQ(a[0].key, expand("axes:\n  array.rows: [8, 16]\n")[0].key);
}

TEST_F(SweepSpecTest, ZipAdvancesAxesTogetherAndSchedulesMultiply) {
  auto pts = expand(
      "axes:\n  array.rows: [8, 16, 32]\n  array.cols: [64, 32, 16]\n  schedule: [\"static:8/8\", \"cpt:3-8/8\"]\n"
      "zip: [[array.rows, array.cols]]\n");
  ASSERT_EQ(pts.size(), 6u);
  for (const auto& p : pts) EXPECT_EQ(p.hw["array"]["rows"].as<int>() * p.hw["array"]["cols"].as<int>(), 512);
  EXPECT_EQ(pts[0].workload.schedule, "static:8/8");
  EXPECT_EQ(pts[1].workload.schedule, "cpt:3-8/8");
}

TEST_F(SweepSpecTest, FiltersDropPointsBeforeValidation) {
  SweepGridStats st;
  auto pts = expand(
      "axes:\n  buffers.ibuf.kib: [32, 128, 256]\n  buffers.wbuf.kib: [64, 128]\n"
      "filters: [\"total_buffer_kib <= 256\", \"pes == 512 && array.pe == bitfusion\"]\n",
      &st);
  // totals: 32+64+16=112, 32+128+16=176, 128+64+16=208, 128+128+16=272, 256+...>256
  EXPECT_EQ(pts.size(), 3u);
  EXPECT_EQ(st.filtered_out, 3u);
  for (const auto& p : pts)
    EXPECT_LE(p.hw["buffers"]["ibuf"]["kib"].as<int>() + p.hw["buffers"]["wbuf"]["kib"].as<int>() + 16, 256);
}

TEST_F(SweepSpecTest, MappingValuesReplaceWholeBlocks) {
  auto pts = expand("axes:\n  dram: [{model: ideal, bits_per_cycle: 64}, {model: timing, preset: hbm2}]\n");
  ASSERT_EQ(pts.size(), 2u);
  EXPECT_EQ(pts[1].hw["dram"]["preset"].as<std::string>(), "hbm2");
  EXPECT_FALSE(pts[1].hw["dram"]["bits_per_cycle"]);
  EXPECT_NE(pts[0].key, pts[1].key);
}

TEST_F(SweepSpecTest, UnknownKeyPathIsNamed) {
  EXPECT_NE(error("axes:\n  array.rowz: [8, 16]\n").find("rowz"), std::string::npos)
      << error("axes:\n  array.rowz: [8]\n");
  const std::string e = error("axes:\n  arrays.rows: [8]\n");
  EXPECT_NE(e.find("axes.arrays.rows"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key path"), std::string::npos) << e;
}

TEST_F(SweepSpecTest, EmptyAxisIsNamed) {
  const std::string e = error("axes:\n  array.rows: []\n");
  EXPECT_NE(e.find("axes.array.rows"), std::string::npos) << e;
  EXPECT_NE(e.find("empty axis"), std::string::npos) << e;
}

TEST_F(SweepSpecTest, TypeErrorsAreNamed) {
  std::string e = error("axes:\n  array.rows: [8, eight]\n");
  EXPECT_NE(e.find("axes.array.rows"), std::string::npos) << e;
  EXPECT_NE(e.find("not a number"), std::string::npos) << e;
  e = error("axes:\n  buffers.ibuf: [32]\n");
  EXPECT_NE(e.find("axes.buffers.ibuf"), std::string::npos) << e;
  e = error("axes:\n  array.rows: 8\n");
  EXPECT_NE(e.find("axes.array.rows"), std::string::npos) << e;
  e = error("axes:\n  array.pe: [bitfusoin]\n");  // the hardware parser names the key and the value
  EXPECT_NE(e.find("bitfusoin"), std::string::npos) << e;
}

TEST_F(SweepSpecTest, BadFiltersAndZipsAreNamed) {
  std::string e = error("axes:\n  array.rows: [8]\nfilters: [\"total_bufer_kib <= 256\"]\n");
  EXPECT_NE(e.find("total_bufer_kib"), std::string::npos) << e;
  e = error("axes:\n  array.rows: [8]\nfilters: [\"array.rows <= \"]\n");
  EXPECT_NE(e.find("filter"), std::string::npos) << e;
  e = error("axes:\n  array.rows: [8, 16]\n  array.cols: [8]\nzip: [[array.rows, array.cols]]\n");
  EXPECT_NE(e.find("equal lengths"), std::string::npos) << e;
  e = error("axes:\n  array.rows: [8]\nzip: [[array.rows, array.colz]]\n");
  EXPECT_NE(e.find("array.colz"), std::string::npos) << e;
  e = error("axez:\n  array.rows: [8]\n");
  EXPECT_NE(e.find("axez"), std::string::npos) << e;
}

}  // namespace vpsim
