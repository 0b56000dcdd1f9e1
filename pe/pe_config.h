// PE hardware parameters: which microarchitecture (PeKind) and its resolved, validated parameters
// (PeConfig), plus the per-call operand format (MacConfig). Parameter documentation lives next to
// the declarations in kPeParams so the CLI can print it as a table (SST-style).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "traces/config_node.h"
#include "traces/layer_op.h"
#include "traces/param_doc.h"

namespace vpsim {

enum class PeKind { BitFusion, Stripes, Loom, BitParallel, Reference };
enum class Overflow { Wrap, Saturate };           // accumulator behaviour past its range
enum class WideOperands { Error, MultiCycle };    // bit-parallel: operands wider than the multiplier
enum class SerialOperand { Op0, Op1, Narrower };  // Stripes: which operand streams bit by bit

const char* peKindName(PeKind k);
const char* overflowName(Overflow o);
const char* serialOperandName(SerialOperand s);

// Resolved hardware parameters of one PE. Defaults are the paper design points (see kPeParams).
struct PeConfig {
  PeKind kind = PeKind::BitFusion;
  std::string name = "bitfusion";  // the name it was made from (factory name or alias)
  int accumulator_bits = 32;       // all kinds
  // Fault injection (tests of the co-simulation spot checks): accumulator output bit stuck at 1
  // after every multiply-accumulate run; -1 = healthy. Not a YAML key.
  int fault_stuck_bit = -1;
  Overflow overflow = Overflow::Wrap;
  // bitfusion
  int brick_bits = 2;           // BitBrick operand width
  int max_bits = 8;             // bitfusion: spatial fusion limit; stripes/loom: serial limit
  bool temporal_fusion = true;  // bitfusion: widths above max_bits (up to 16) over several cycles
  // bitparallel
  int width = 8;  // multiplier operand width
  WideOperands wide_operands = WideOperands::MultiCycle;
  // stripes / loom
  int lanes = 16;          // products per step (stripes 16, loom 256: equal 16-bit throughput)
  int parallel_bits = 16;  // stripes: width of the bit-parallel operand
  SerialOperand serial_operand = SerialOperand::Op1;  // the one the rules use (see forPass)
  std::array<SerialOperand, 3> serial_by_pass = {SerialOperand::Op1, SerialOperand::Op1, SerialOperand::Op1};

  // This PE as configured for one training pass (stripes: serial_operand := serial_by_pass[pass]).
  PeConfig forPass(Pass pass) const;
  int maxOperandBits(int which) const;  // widest operand `which` (0 or 1) this PE accepts
  void validate() const;                // throws InputError naming the bad parameter
  // One line with every parameter this kind reads, e.g. "bitfusion (bitfusion) accumulator_bits=32 ...".
  std::string describe() const;
};

// Operand format of one multiply-accumulate run (what a SETUP instruction sets).
struct MacConfig {
  int bits0 = 8, bits1 = 8;             // operand widths, 1..16 (32 on a 32-bit bit-parallel PE)
  bool signed0 = true, signed1 = true;  // two's complement or unsigned
  int accumulator_bits = 32;            // 2..64
  Overflow overflow = Overflow::Wrap;
};
// MacConfig with the accumulator of `pe` and the given widths, signed.
MacConfig macConfigFor(const PeConfig& pe, int bits0, int bits1, bool signed0 = true, bool signed1 = true);

// Default configuration for a factory name: bitfusion, stripes, loom, bitparallel, int8, int16,
// fp32 (bit-parallel width 32: an integer stand-in for cost, not float arithmetic), reference.
PeConfig peConfigByName(const std::string& name);  // throws InputError for an unknown name
std::vector<std::string> peKindNames();

// The documented parameters of the `pe:` YAML block (kinds: which PE kinds accept each).
extern const std::vector<ParamDoc> kPeParams;

// Parse the `pe:` block for the PE kind named in `array.pe`; unknown keys for that kind are errors.
PeConfig parsePeConfig(const std::string& kind_name, const ConfigNode& node);

}  // namespace vpsim
