// Resolved configuration of the memory system from a hardware YAML (DESIGN.md "Hardware config"):
//   buffers: {ibuf: {kib: 32, double_buffered: true, banks: 16, word_bits: 64}, wbuf: ..., obuf: ..., bias: ...}
//   dram: {model: ideal, bits_per_cycle: 192[, latency_cycles: 0]}
//       | {model: timing, preset: ddr4-2400[, channels: 1, mapping: ro-ra-ba-co-bg-pc-ch, queue_depth: 32,
//          write_queue_depth: 32 (0: shared queue), write_high_watermark: 0.8, write_low_watermark: 0.2,
//          refresh: true, row_hit_cap: 0 (FR-FCFS starvation cap in CAS; 0 none), energy: currents|lump]}
// Parsing validates everything (unknown keys, ranges) before any module is built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "memory/dram_timing_model.h"
#include "traces/config_node.h"
#include "traces/param_doc.h"

namespace vpsim {

struct BufferConfig {
  std::string name;             // "ibuf", "wbuf", "obuf" or "bias"
  int64_t capacity_bytes = 0;   // [B] total SRAM capacity (both halves when double buffered)
  bool double_buffered = true;  // ping-pong halves: a tile must fit in half the capacity
  int banks = 1;                // [count] independently addressable banks (one word per cycle each)
  int word_bits = 64;           // [bit] width of one bank access; packed data moves in whole words
  int64_t tileCapacityBytes() const { return double_buffered ? capacity_bytes / 2 : capacity_bytes; }
};

struct BuffersConfig {
  BufferConfig ibuf;                 // input activations (or errors in backward passes)
  BufferConfig wbuf;                 // weights
  BufferConfig obuf;                 // outputs / partial sums
  std::optional<BufferConfig> bias;  // optional bias buffer
};

enum class DramModelKind { Ideal, Timing };

struct DramConfig {
  DramModelKind model = DramModelKind::Ideal;
  // ideal (Bit Fusion simulator's if_width link), in accelerator clock cycles:
  int bits_per_cycle = 0;  // [bit/cycle] link width
  int latency_cycles = 0;  // [cycles] fixed access latency added once per transfer
  // timing:
  DramTimingConfig timing;   // preset (loaded), channels, mapping, queue depth, refresh
  bool lump_energy = false;  // timing: charge the preset's lump_pj_per_bit instead of currents + I/O
};

// Documented parameters: kBufferParams of each buffer (`buffers.ibuf.kib`, ...), kDramParams of `dram:`
// (kinds: ideal or timing). DRAM presets (configs/dram/) document their own keys beside a source.
extern const std::vector<ParamDoc> kBufferParams;
extern const std::vector<ParamDoc> kDramParams;

// `node` is the `buffers` mapping. Keys per buffer: kib (required), double_buffered, banks, word_bits.
BuffersConfig parseBuffersConfig(const ConfigNode& node);
// `node` is the `dram` mapping; presets resolve to <configs_dir>/dram/<preset>.yaml.
DramConfig parseDramConfig(const ConfigNode& node, const std::string& configs_dir);

}  // namespace vpsim
