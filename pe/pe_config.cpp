// PeConfig: kind names, factory-name defaults, limits and validation of the hardware parameters.
#include "pe/pe_config.h"

#include <algorithm>
#include <sstream>

#include "traces/input_error.h"

namespace vpsim {

const char* peKindName(PeKind k) {
  switch (k) {
    case PeKind::BitFusion:
      return "bitfusion";
    case PeKind::Stripes:
      return "stripes";
    case PeKind::Loom:
      return "loom";
    case PeKind::BitParallel:
      return "bitparallel";
    case PeKind::Reference:
      return "reference";
  }
  return "?";
}

const char* overflowName(Overflow o) { return o == Overflow::Wrap ? "wrap" : "saturate"; }

std::vector<std::string> peKindNames() {
  return {"bitfusion", "stripes", "loom", "bitparallel", "int8", "int16", "fp32", "reference"};
}

PeConfig peConfigByName(const std::string& name) {
  PeConfig c;
  c.name = name;
  if (name == "bitfusion") {
    c.kind = PeKind::BitFusion;
  } else if (name == "stripes") {
    c.kind = PeKind::Stripes, c.lanes = 16, c.max_bits = 16;
  } else if (name == "loom") {
    c.kind = PeKind::Loom, c.lanes = 256, c.max_bits = 16;
  } else if (name == "bitparallel" || name == "int8") {
    c.kind = PeKind::BitParallel, c.width = 8;
  } else if (name == "int16") {
    c.kind = PeKind::BitParallel, c.width = 16;
  } else if (name == "fp32") {  // cost stand-in for full precision: one 32-bit product per cycle
    c.kind = PeKind::BitParallel, c.width = 32, c.accumulator_bits = 64;
  } else if (name == "reference") {
    c.kind = PeKind::Reference, c.accumulator_bits = 64;
  } else {
    std::string all;
    for (const auto& n : peKindNames()) all += (all.empty() ? "" : ", ") + n;
    throw InputError("unknown PE kind '" + name + "' (known: " + all + ")");
  }
  return c;
}

MacConfig macConfigFor(const PeConfig& pe, int bits0, int bits1, bool signed0, bool signed1) {
  MacConfig m;
  m.bits0 = bits0, m.bits1 = bits1, m.signed0 = signed0, m.signed1 = signed1;
  m.accumulator_bits = pe.accumulator_bits, m.overflow = pe.overflow;
  return m;
}

PeConfig PeConfig::forPass(Pass pass) const {
  PeConfig c = *this;
  c.serial_operand = serial_by_pass[static_cast<size_t>(pass)];
  return c;
}

int PeConfig::maxOperandBits(int which) const {
  switch (kind) {
    case PeKind::BitFusion:
      return temporal_fusion ? std::max(16, max_bits) : max_bits;
    case PeKind::Stripes:
      if (serial_operand == SerialOperand::Narrower) return std::max(max_bits, parallel_bits);
      return (which == 0) == (serial_operand == SerialOperand::Op0) ? max_bits : parallel_bits;
    case PeKind::Loom:
      return max_bits;
    case PeKind::BitParallel:
      return wide_operands == WideOperands::MultiCycle ? std::max(16, width) : width;
    case PeKind::Reference:
      return 32;
  }
  return 0;
}

static void require(bool ok, const PeConfig& c, const std::string& what) {
  if (!ok) throw InputError(std::string(peKindName(c.kind)) + " PE: " + what);
}

static bool isPow2(int v) { return v > 0 && (v & (v - 1)) == 0; }

void PeConfig::validate() const {
  require(accumulator_bits >= 2 && accumulator_bits <= 64, *this,
          "accumulator_bits " + std::to_string(accumulator_bits) + " outside [2, 64]");
  if (kind == PeKind::BitFusion) {
    require(isPow2(brick_bits) && brick_bits <= 4, *this, "brick_bits must be 1, 2 or 4");
    require(isPow2(max_bits) && max_bits >= brick_bits && max_bits <= 16, *this,
            "max_bits must be a power of two in [brick_bits, 16]");
  } else if (kind == PeKind::Stripes || kind == PeKind::Loom) {
    require(max_bits >= 1 && max_bits <= 16, *this, "max_bits " + std::to_string(max_bits) + " outside [1, 16]");
    require(lanes >= 1 && lanes <= 4096, *this, "lanes " + std::to_string(lanes) + " outside [1, 4096]");
    require(parallel_bits >= 1 && parallel_bits <= 16, *this, "parallel_bits outside [1, 16]");
  } else if (kind == PeKind::BitParallel) {
    require(width >= 1 && width <= 32, *this, "width " + std::to_string(width) + " outside [1, 32]");
  }
}

const char* serialOperandName(SerialOperand s) {
  return s == SerialOperand::Op0 ? "op0" : s == SerialOperand::Op1 ? "op1" : "narrower";
}

// Every parameter the rules and cores read for this kind (the result identity is built from it).
std::string PeConfig::describe() const {
  std::ostringstream o;
  o << peKindName(kind) << " (" << name << ") accumulator_bits=" << accumulator_bits
    << " overflow=" << overflowName(overflow);
  if (kind == PeKind::BitFusion)
    o << " brick_bits=" << brick_bits << " max_bits=" << max_bits << " temporal_fusion=" << temporal_fusion;
  if (kind == PeKind::Stripes || kind == PeKind::Loom) o << " lanes=" << lanes << " max_bits=" << max_bits;
  if (kind == PeKind::Stripes) {
    o << " parallel_bits=" << parallel_bits << " serial_operand=";
    for (Pass p : kAllPasses)
      o << (p == Pass::Fwd ? "" : ",") << passName(p) << ":" << serialOperandName(serial_by_pass[size_t(p)]);
  }
  if (kind == PeKind::BitParallel)
    o << " width=" << width << " wide_operands=" << (wide_operands == WideOperands::Error ? "error" : "multi_cycle");
  if (fault_stuck_bit >= 0) o << " fault_stuck_bit=" << fault_stuck_bit;
  return o.str();
}

}  // namespace vpsim
