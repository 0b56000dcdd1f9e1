// Loading of DRAM presets: every timing/power entry is {value, source}; the organisation block has
// one source for the block. Cross-field checks catch presets that no controller could schedule.
#include "memory/dram_preset.h"

#include <cstdint>
#include <filesystem>

#include "traces/config_node.h"

namespace vpsim {
namespace {

// A {value: x, source: "..."} entry; a missing or empty source is an error, as is a value outside range.
double sourcedValue(const ConfigNode& parent, const char* key, double lo, double hi) {
  ConfigNode entry = parent.child(key);
  entry.allowOnly({"value", "source"});
  if (entry.get<std::string>("source").empty()) entry.child("source").fail("empty source");
  return entry.getDouble("value", lo, hi);
}

int sourcedCycles(const ConfigNode& parent, const char* key, int lo = 0) {
  double v = sourcedValue(parent, key, lo, 1e7);
  if (v != double(int(v))) parent.child(key).child("value").fail("expected a whole number of cycles");
  return int(v);
}

void readOrganisation(const ConfigNode& n, DramOrganisation& o) {
  n.allowOnly({"bus_bits", "device_bits", "burst_length", "bankgroups", "banks_per_group", "rows", "columns", "ranks",
               "pseudo_channels", "command_buses", "source"});
  n.get<std::string>("source");
  o.bus_bits = int(n.getInt("bus_bits", 8, 1024));
  o.device_bits = int(n.getInt("device_bits", 4, 1024));
  o.burst_length = int(n.getInt("burst_length", 2, 32));
  o.bankgroups = int(n.getInt("bankgroups", 1, 16));
  o.banks_per_group = int(n.getInt("banks_per_group", 1, 64));
  o.rows = int(n.getInt("rows", 1, 1 << 24));
  o.columns = int(n.getInt("columns", 1, 1 << 16));
  o.ranks = int(n.getInt("ranks", 1, 8, 1));
  o.pseudo_channels = int(n.getInt("pseudo_channels", 1, 2, 1));
  o.command_buses = int(n.getInt("command_buses", 1, 2, 1));
  if (o.ranks > 1 && o.pseudo_channels > 1) n.child("ranks").fail("ranks and pseudo_channels cannot both exceed 1");
  auto pow2 = [](long long v) { return v > 0 && (v & (v - 1)) == 0; };
  for (const char* k : {"bankgroups", "banks_per_group", "rows", "columns", "burst_length"})
    if (!pow2(n.get<long long>(k))) n.child(k).fail("must be a power of two (address mapping)");
  for (const char* k : {"ranks", "pseudo_channels"})
    if (n.optChild(k) && !pow2(n.get<long long>(k))) n.child(k).fail("must be a power of two (address mapping)");
  if (o.columns % o.burst_length != 0) n.child("columns").fail("not a multiple of burst_length");
}

void readTiming(const ConfigNode& n, DramTiming& t) {
  n.allowOnly({"tck_ns",        "cl_cycles",     "cwl_cycles",    "trcd_cycles",   "trp_cycles",
               "tras_cycles",   "trc_cycles",    "trtp_cycles",   "twr_cycles",    "tccd_s_cycles",
               "tccd_l_cycles", "trrd_s_cycles", "trrd_l_cycles", "twtr_s_cycles", "twtr_l_cycles",
               "tfaw_cycles",   "trfc_cycles",   "trefi_cycles",  "trtrs_cycles",  "act_bus_cycles"});
  t.tck_ns = sourcedValue(n, "tck_ns", 0.05, 100);
  t.cl = sourcedCycles(n, "cl_cycles", 1);
  t.cwl = sourcedCycles(n, "cwl_cycles", 1);
  t.trcd = sourcedCycles(n, "trcd_cycles", 1);
  t.trp = sourcedCycles(n, "trp_cycles", 1);
  t.tras = sourcedCycles(n, "tras_cycles", 1);
  t.trc = sourcedCycles(n, "trc_cycles", 1);
  t.trtp = sourcedCycles(n, "trtp_cycles", 1);
  t.twr = sourcedCycles(n, "twr_cycles", 1);
  t.tccd_s = sourcedCycles(n, "tccd_s_cycles", 1);
  t.tccd_l = sourcedCycles(n, "tccd_l_cycles", 1);
  t.trrd_s = sourcedCycles(n, "trrd_s_cycles", 1);
  t.trrd_l = sourcedCycles(n, "trrd_l_cycles", 1);
  t.twtr_s = sourcedCycles(n, "twtr_s_cycles", 0);
  t.twtr_l = sourcedCycles(n, "twtr_l_cycles", 0);
  t.tfaw = sourcedCycles(n, "tfaw_cycles", 1);
  t.trfc = sourcedCycles(n, "trfc_cycles", 1);
  t.trefi = sourcedCycles(n, "trefi_cycles", 1);
  if (n.optChild("trtrs_cycles")) t.trtrs = sourcedCycles(n, "trtrs_cycles", 0);
  if (n.optChild("act_bus_cycles")) t.act_bus_cycles = sourcedCycles(n, "act_bus_cycles", 1);
  // JEDEC orderings (JESD79-4 / JESD209-4 / JESD235): a preset breaking one describes no device, and
  // the controller would schedule it anyway and report numbers for it.
  const auto atLeast = [&n](const char* key, int v, int bound, const std::string& rule) {
    if (v < bound) n.child(key).fail(rule + " (" + std::to_string(v) + " < " + std::to_string(bound) + ")");
  };
  atLeast("tras_cycles", t.tras, t.trcd, "tRAS must be at least tRCD");
  atLeast("cl_cycles", t.cl, t.cwl, "CL must be at least CWL (read latency below write latency)");
  atLeast("twtr_l_cycles", t.twtr_l, t.twtr_s, "tWTR_L must be at least tWTR_S");
  atLeast("tfaw_cycles", t.tfaw, 4 * t.trrd_s, "tFAW must be at least 4 x tRRD_S (four activates in the window)");
  atLeast("tfaw_cycles", t.tfaw, t.trrd_l, "tFAW must be at least tRRD_L");
  atLeast("trfc_cycles", t.trfc, t.trc, "tRFC must be at least tRC (a refresh is at least a row cycle)");
  if (static_cast<int64_t>(t.tras) > 9 * static_cast<int64_t>(t.trefi))
    n.child("tras_cycles").fail("tRAS above its JEDEC maximum of 9 x tREFI");
  if (t.trc < t.tras + t.trp) n.child("trc_cycles").fail("tRC must be at least tRAS + tRP");
  if (t.tccd_l < t.tccd_s) n.child("tccd_l_cycles").fail("tCCD_L must be at least tCCD_S");
  if (t.trrd_l < t.trrd_s) n.child("trrd_l_cycles").fail("tRRD_L must be at least tRRD_S");
  if (t.trefi <= t.trfc) n.child("trefi_cycles").fail("tREFI must exceed tRFC");
}

void readPower(const ConfigNode& p, const ConfigNode& e, DramPower& w) {
  p.allowOnly({"vdd_v", "idd0_ma", "idd2n_ma", "idd3n_ma", "idd4r_ma", "idd4w_ma", "idd5ab_ma"});
  w.vdd_v = sourcedValue(p, "vdd_v", 0.1, 5);
  w.idd0_ma = sourcedValue(p, "idd0_ma", 0, 1e5);
  w.idd2n_ma = sourcedValue(p, "idd2n_ma", 0, 1e5);
  w.idd3n_ma = sourcedValue(p, "idd3n_ma", 0, 1e5);
  w.idd4r_ma = sourcedValue(p, "idd4r_ma", 0, 1e5);
  w.idd4w_ma = sourcedValue(p, "idd4w_ma", 0, 1e5);
  w.idd5ab_ma = sourcedValue(p, "idd5ab_ma", 0, 1e5);
  if (w.idd3n_ma < w.idd2n_ma) p.child("idd3n_ma").fail("IDD3N (active standby) below IDD2N (precharge standby)");
  if (w.idd0_ma < w.idd3n_ma) p.child("idd0_ma").fail("IDD0 below IDD3N");
  if (w.idd5ab_ma < w.idd3n_ma) p.child("idd5ab_ma").fail("IDD5AB below IDD3N");
  if (w.idd4r_ma < w.idd3n_ma) p.child("idd4r_ma").fail("IDD4R below IDD3N");
  if (w.idd4w_ma < w.idd3n_ma) p.child("idd4w_ma").fail("IDD4W below IDD3N");
  e.allowOnly({"io_pj_per_bit", "lump_pj_per_bit"});
  w.io_pj_per_bit = sourcedValue(e, "io_pj_per_bit", 0, 1e4);
  w.lump_pj_per_bit = sourcedValue(e, "lump_pj_per_bit", 0, 1e4);
}

}  // namespace

DramPreset loadDramPreset(const std::string& file) {
  ConfigNode root = ConfigNode::loadFile(file);
  root.allowOnly({"name", "source", "organisation", "timing", "power", "energy"});
  DramPreset p;
  p.file = file;
  p.name = root.get<std::string>("name");
  root.get<std::string>("source");
  readOrganisation(root.child("organisation"), p.org);
  readTiming(root.child("timing"), p.timing);
  readPower(root.child("power"), root.child("energy"), p.power);
  if (p.org.ranks > 1 && !root.child("timing").optChild("trtrs_cycles"))
    root.child("timing").fail("trtrs_cycles (rank-to-rank switch) is required with more than one rank");
  if (p.banks() > 64) root.child("organisation").fail("at most 64 banks per channel (ranks x pseudo-channels x banks)");
  if (p.timing.tccd_s < p.burstCycles())
    root.child("timing").child("tccd_s_cycles").fail("tCCD_S shorter than a burst (BL/2)");
  return p;
}

std::string dramPresetPath(const std::string& configs_dir, const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(configs_dir) / "dram";
  fs::path file = dir / (name + ".yaml");
  if (fs::exists(file)) return file.string();
  std::string known;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".yaml") known += (known.empty() ? "" : ", ") + e.path().stem().string();
  throw InputError("unknown DRAM preset '" + name + "' (no " + file.string() + "; known: " + known + ")");
}

}  // namespace vpsim
