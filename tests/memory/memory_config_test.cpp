// Config loading: hardware `buffers` / `dram` blocks, DRAM preset files and energy tables — good
// files load with the documented values, bad ones fail naming file, line and key.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "memory/energy_table.h"
#include "memory/memory_config.h"
#include "tests/common/input_error_of.h"
#include "tests/memory/dram_test_util.h"

namespace vpsim {
namespace {

std::string errorOf(const std::function<void()>& f) { return testing::inputErrorOf(f); }

std::string writeTemp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / ("vpsim_mem_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(MemoryConfig, BuffersParseWithDefaultsAndOptionalBias) {
  auto n = ConfigNode::loadString(
      "buffers:\n  ibuf: {kib: 32, double_buffered: true}\n  wbuf: {kib: 64, banks: 512, word_bits: 16}\n"
      "  obuf: {kib: 16, double_buffered: false}\n  bias: {kib: 2}\n",
      "hw.yaml");
  BuffersConfig b = parseBuffersConfig(n.child("buffers"));
  EXPECT_EQ(b.ibuf.capacity_bytes, 32 * 1024);
  EXPECT_EQ(b.ibuf.tileCapacityBytes(), 16 * 1024);
  EXPECT_EQ(b.wbuf.banks, 512);
  EXPECT_EQ(b.wbuf.word_bits, 16);
  EXPECT_EQ(b.obuf.tileCapacityBytes(), 16 * 1024);
  ASSERT_TRUE(b.bias.has_value());
  EXPECT_EQ(b.bias->name, "bias");
}

TEST(MemoryConfig, BadBuffersNameFileLineAndKey) {
  auto n = ConfigNode::loadString("buffers:\n  ibuf: {kib: 32}\n  wbuf: {kib: 64, bankz: 2}\n  obuf: {kib: 16}\n",
                                  "hw.yaml");
  std::string e = errorOf([&] { parseBuffersConfig(n.child("buffers")); });
  EXPECT_NE(e.find("hw.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("bankz"), std::string::npos) << e;
  auto m = ConfigNode::loadString("buffers:\n  ibuf: {kib: 32}\n  obuf: {kib: 16}\n", "hw.yaml");
  EXPECT_NE(errorOf([&] { parseBuffersConfig(m.child("buffers")); }).find("wbuf"), std::string::npos);
}

TEST(MemoryConfig, DramIdealAndTimingResolvePresets) {
  auto n = ConfigNode::loadString("dram: {model: ideal, bits_per_cycle: 192}\n", "hw.yaml");
  DramConfig d = parseDramConfig(n.child("dram"), test::configsDir());
  EXPECT_EQ(d.model, DramModelKind::Ideal);
  EXPECT_EQ(d.bits_per_cycle, 192);
  auto t = ConfigNode::loadString("dram: {model: timing, preset: hbm2, channels: 8}\n", "hw.yaml");
  DramConfig h = parseDramConfig(t.child("dram"), test::configsDir());
  EXPECT_EQ(h.model, DramModelKind::Timing);
  EXPECT_EQ(h.timing.channels, 8);
  EXPECT_EQ(h.timing.preset.name, "hbm2");
  EXPECT_EQ(h.timing.preset.timing.trcd, 14);
  auto bad = ConfigNode::loadString("dram:\n  model: timing\n  preset: ddr9\n", "hw.yaml");
  std::string e = errorOf([&] { parseDramConfig(bad.child("dram"), test::configsDir()); });
  EXPECT_NE(e.find("hw.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("ddr4-2400"), std::string::npos) << "lists the known presets: " << e;
  auto odd = ConfigNode::loadString("dram: {model: timing, preset: ddr4-2400, channels: 3}\n", "hw.yaml");
  EXPECT_NE(errorOf([&] { parseDramConfig(odd.child("dram"), test::configsDir()); }), "");
}

TEST(DramPreset, ShippedPresetsLoadWithPeakBandwidthOfHardwarePage) {
  EXPECT_NEAR(test::preset("ddr4-2400").peakGBps(), 19.2, 0.05);
  EXPECT_NEAR(test::preset("lpddr4-3200").peakGBps(), 6.4, 0.01);
  EXPECT_NEAR(test::preset("hbm2").peakGBps(), 32.0, 0.01);  // a channel: two 16 GB/s pseudo-channels
  EXPECT_EQ(test::preset("ddr4-2400").burstBytes(), 64);
  EXPECT_DOUBLE_EQ(test::preset("hbm2").devices(), 0.5);
}

TEST(DramPreset, MissingSourceAndBadTimingAreNamed) {
  std::ifstream in(dramPresetPath(test::configsDir(), "ddr4-2400"));
  std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string no_src = good;
  auto pos = no_src.find("trcd_cycles: {value: 16, source:");
  no_src = no_src.substr(0, pos) + "trcd_cycles: {value: 16}\n" + no_src.substr(no_src.find('\n', pos) + 1);
  std::string e = errorOf([&] { loadDramPreset(writeTemp("nosrc.yaml", no_src)); });
  EXPECT_NE(e.find("timing.trcd_cycles"), std::string::npos) << e;
  EXPECT_NE(e.find("source"), std::string::npos) << e;
  std::string bad_trc = good;
  bad_trc.replace(bad_trc.find("trc_cycles: {value: 55"), 22, "trc_cycles: {value: 50");
  e = errorOf([&] { loadDramPreset(writeTemp("badtrc.yaml", bad_trc)); });
  EXPECT_NE(e.find("tRC must be at least"), std::string::npos) << e;
  std::string unknown = good + "extra_key: 1\n";
  e = errorOf([&] { loadDramPreset(writeTemp("unknown.yaml", unknown)); });
  EXPECT_NE(e.find("extra_key"), std::string::npos) << e;
}

TEST(EnergyTable, BitFusionTableHasTheKeysTheAcceleratorUses) {
  EnergyTable t = EnergyTable::load(test::configsDir() + "/energy/bitfusion-45nm.yaml");
  EXPECT_DOUBLE_EQ(t.get("core_pj_per_cycle"), 235.1);
  EXPECT_DOUBLE_EQ(t.get("sram_ibuf_write_pj_per_bit"), 0.114);
  EXPECT_DOUBLE_EQ(t.get("dram_pj_per_bit"), 15.0);
  EXPECT_EQ(t.entry("sram_wbuf_read_pj_per_bit").unit, "pJ/bit");
  EXPECT_TRUE(t.entry("bitbrick_pj_per_op").interpolated);
  std::string e = errorOf([&] { t.get("sram_xbuf_read_pj_per_bit"); });
  EXPECT_NE(e.find("sram_xbuf_read_pj_per_bit"), std::string::npos);
  EXPECT_NE(e.find("bitfusion-45nm.yaml"), std::string::npos);
}

TEST(EnergyTable, TechnologyScalingIsMonotonicAndSkipsOffChipEntries) {
  const std::string file = test::configsDir() + "/energy/horowitz-45nm.yaml";
  double prev = 1e9;
  for (int node : {45, 28, 16, 7}) {
    EnergyTable t = EnergyTable::load(file, node);
    EXPECT_LT(t.get("int_mult_8bit_pj_per_op"), prev);
    prev = t.get("int_mult_8bit_pj_per_op");
    EXPECT_DOUBLE_EQ(t.get("dram_pj_per_bit"), 20.3) << "DRAM does not follow the logic node";
  }
  EXPECT_NEAR(EnergyTable::load(file, 7).get("int_mult_8bit_pj_per_op"), 0.2 * 0.094, 1e-12);
  EXPECT_TRUE(EnergyTable::load(file).entry("int_mult_16bit_pj_per_op").interpolated);
  EXPECT_THROW(EnergyTable::load(file, 22), InputError);
}

TEST(EnergyTable, RejectsUnknownKeysMissingUnitsAndNegativeValues) {
  const std::string head = "name: t\nnode_nm: 45\nsource: s\nentries:\n";
  auto err = [&](const std::string& body) {
    return errorOf([&] { EnergyTable::load(writeTemp("e.yaml", head + body)); });
  };
  std::string e = err("  a_pj_per_op: {value: 1, source: x}\n  mult: {value: 2, source: x}\n");
  EXPECT_NE(e.find(":6"), std::string::npos) << e;
  EXPECT_NE(e.find("mult"), std::string::npos) << e;
  EXPECT_NE(e.find("unit"), std::string::npos) << e;
  e = err("  a_pj_per_op: {value: -1, source: x}\n");
  EXPECT_NE(e.find("a_pj_per_op"), std::string::npos) << e;
  EXPECT_NE(e.find("non-negative"), std::string::npos) << e;
  e = err("  a_pj_per_op: {value: 1, source: x, colour: red}\n");
  EXPECT_NE(e.find("colour"), std::string::npos) << e;
  e = err("  a_pj_per_op: {value: 1}\n");
  EXPECT_NE(e.find("source"), std::string::npos) << e;
  EXPECT_NE(errorOf([&] {
              EnergyTable::load(writeTemp("e2.yaml", head + "  a_pj_per_op: {value: 1, source: x}\nvoltage: 1\n"));
            }),
            "");
}

}  // namespace
}  // namespace vpsim
