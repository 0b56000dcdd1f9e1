// Parsing of the `buffers` and `dram` blocks of a hardware config into resolved structs.
#include "memory/memory_config.h"

namespace vpsim {

const std::vector<ParamDoc> kBufferParams = {
    {"kib", "KiB", "ibuf, wbuf, obuf", "(required)", "SRAM capacity (both halves when double buffered)"},
    {"double_buffered", "bool", "ibuf, wbuf, obuf", "true",
     "ping-pong halves: a tile fits half, the next loads meanwhile"},
    {"banks", "count", "ibuf, wbuf, obuf", "1", "independently addressable banks (one word per cycle each)"},
    {"word_bits", "bits", "ibuf, wbuf, obuf", "64", "width of one bank access; packed data moves in whole words"},
};

const std::vector<ParamDoc> kDramParams = {
    {"model", "-", "all", "(required)", "ideal (fixed-width link) or timing (cycle-level DDR4/LPDDR4/HBM2)"},
    {"bits_per_cycle", "bit/cycle", "ideal", "(required)", "link width in accelerator cycles"},
    {"latency_cycles", "cycles", "ideal", "0", "fixed latency added once per transfer"},
    {"preset", "-", "timing", "(required)", "device preset configs/dram/<name>.yaml (its resolved values count)"},
    {"channels", "count", "timing", "1", "independent channels (power of two)"},
    {"mapping", "-", "timing", "ro-ra-ba-co-bg-pc-ch",
     "address field order, MSB first: ch, pc (pseudo-channel), ra (rank), bg, ba, ro, co; pc/ra may be left out when "
     "the preset has one"},
    {"queue_depth", "requests", "timing", "32",
     "per-channel read queue (shared by reads and writes when write_queue_depth is 0)"},
    {"write_queue_depth", "requests", "timing", "32",
     "per-channel write queue, drained in batches; 0: one shared FR-FCFS queue"},
    {"write_high_watermark", "fraction", "timing", "0.8",
     "start draining writes when the write queue holds more than this (Ramulator 2)"},
    {"write_low_watermark", "fraction", "timing", "0.2",
     "stop draining when it holds fewer than this and a read waits (Ramulator 2)"},
    {"refresh", "bool", "timing", "true", "model all-bank refresh every tREFI"},
    {"row_hit_cap", "CAS", "timing", "0",
     "FR-FCFS starvation cap: row hits since ACT before an older miss goes first; 0 none"},
    {"energy", "-", "timing", "currents",
     "DRAM energy: currents (IDD x V x time + I/O pJ/bit) or lump (preset lump_pj_per_bit x bits)"},
};

namespace {

BufferConfig parseBuffer(const ConfigNode& n, const std::string& name) {
  n.allowOnly({"kib", "double_buffered", "banks", "word_bits"});
  BufferConfig b;
  b.name = name;
  b.capacity_bytes = n.getInt("kib", 1, 1 << 20) * 1024;
  b.double_buffered = n.get<bool>("double_buffered", true);
  b.banks = int(n.getInt("banks", 1, 1 << 16, 1));
  b.word_bits = int(n.getInt("word_bits", 8, 4096, 64));
  if (b.word_bits % 8 != 0) n.child("word_bits").fail("must be a multiple of 8");
  const int64_t bank_bytes = int64_t(b.banks) * b.word_bits / 8;
  if (b.capacity_bytes % bank_bytes != 0)
    n.fail("capacity " + std::to_string(b.capacity_bytes) + " B is not a whole number of rows of " +
           std::to_string(b.banks) + " banks x " + std::to_string(b.word_bits) + " bits");
  return b;
}

}  // namespace

BuffersConfig parseBuffersConfig(const ConfigNode& node) {
  node.allowOnly({"ibuf", "wbuf", "obuf", "bias"});
  BuffersConfig c;
  c.ibuf = parseBuffer(node.child("ibuf"), "ibuf");
  c.wbuf = parseBuffer(node.child("wbuf"), "wbuf");
  c.obuf = parseBuffer(node.child("obuf"), "obuf");
  if (auto b = node.optChild("bias")) c.bias = parseBuffer(*b, "bias");
  return c;
}

DramConfig parseDramConfig(const ConfigNode& node, const std::string& configs_dir) {
  DramConfig c;
  const std::string model = node.get<std::string>("model");
  if (model == "ideal") {
    node.allowOnly({"model", "bits_per_cycle", "latency_cycles"});
    c.model = DramModelKind::Ideal;
    c.bits_per_cycle = int(node.getInt("bits_per_cycle", 1, 1 << 20));
    c.latency_cycles = int(node.getInt("latency_cycles", 0, 1 << 20, 0));
    return c;
  }
  if (model != "timing") node.child("model").fail("expected 'ideal' or 'timing', got '" + model + "'");
  node.allowOnly({"model", "preset", "channels", "mapping", "queue_depth", "write_queue_depth", "write_high_watermark",
                  "write_low_watermark", "refresh", "row_hit_cap", "energy"});
  c.model = DramModelKind::Timing;
  const std::string preset = node.get<std::string>("preset");
  try {
    c.timing.preset = loadDramPreset(dramPresetPath(configs_dir, preset));
  } catch (const InputError& e) {
    node.child("preset").fail(e.what());
  }
  c.timing.channels = int(node.getInt("channels", 1, 64, 1));
  if ((c.timing.channels & (c.timing.channels - 1)) != 0) node.child("channels").fail("must be a power of two");
  c.timing.mapping = node.get<std::string>("mapping", DramAddressMapper::kDefaultMapping);
  try {
    DramAddressMapper check(c.timing.preset, c.timing.channels, c.timing.mapping);
  } catch (const InputError& e) {
    node.child("mapping").fail(e.what());
  }
  c.timing.queue_depth = int(node.getInt("queue_depth", 1, 1024, 32));
  c.timing.write_queue_depth = int(node.getInt("write_queue_depth", 0, 1024, 32));
  c.timing.write_high_watermark = node.getDouble("write_high_watermark", 0, 1, 0.8);
  c.timing.write_low_watermark = node.getDouble("write_low_watermark", 0, 1, 0.2);
  if (c.timing.write_low_watermark > c.timing.write_high_watermark)
    node.child("write_low_watermark").fail("must not exceed write_high_watermark");
  c.timing.refresh = node.get<bool>("refresh", true);
  c.timing.row_hit_cap = int(node.getInt("row_hit_cap", 0, 1 << 20, 0));
  const std::string energy = node.get<std::string>("energy", "currents");
  if (energy != "currents" && energy != "lump") node.child("energy").fail("expected 'currents' or 'lump'");
  c.lump_energy = energy == "lump";
  return c;
}

}  // namespace vpsim
