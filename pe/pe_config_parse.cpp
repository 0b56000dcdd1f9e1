// Parsing of the `pe:` YAML block into a PeConfig, and the documented parameter table.
#include <algorithm>
#include <sstream>

#include "pe/pe_config.h"

namespace vpsim {

const std::vector<ParamDoc> kPeParams = {
    {"accumulator_bits", "bits", "all", "32 (64 for fp32/reference)",
     "width of the accumulator / partial-sum registers"},
    {"overflow", "-", "all", "wrap",
     "accumulator past its range: wrap (two's complement) or saturate; events are counted"},
    {"brick_bits", "bits", "bitfusion", "2", "BitBrick operand width (a brick multiplies brick_bits x brick_bits)"},
    {"max_bits", "bits", "bitfusion", "8",
     "widest operand fused spatially; a Fusion Unit has (max_bits/brick_bits)^2 bricks"},
    {"temporal_fusion", "bool", "bitfusion", "true", "operands wider than max_bits (up to 16) run over several cycles"},
    {"max_bits", "bits", "stripes, loom", "16", "widest serial operand (cycles per step grow with it)"},
    {"lanes", "products", "stripes, loom", "16 / 256",
     "products per step; defaults match a 16x16 bit-parallel MAC at 16 bits"},
    {"parallel_bits", "bits", "stripes", "16", "width of the bit-parallel operand"},
    {"serial_operand", "-", "stripes", "op1",
     "operand fed bit-serially: op0, op1 or narrower; one value or a map {fwd, bwd_data, bwd_weight}"},
    {"width", "bits", "bitparallel", "8 (int16: 16, fp32: 32)", "multiplier operand width"},
    {"wide_operands", "-", "bitparallel", "multi_cycle", "operands wider than width: error, or multi_cycle (chunked)"},
};

static Overflow parseOverflow(const ConfigNode& n) {
  auto s = n.get<std::string>("overflow");
  if (s == "wrap") return Overflow::Wrap;
  if (s == "saturate") return Overflow::Saturate;
  n.child("overflow").fail("expected wrap or saturate, got '" + s + "'");
}

static SerialOperand serialFrom(const ConfigNode& n) {
  auto s = n.as<std::string>();
  if (s == "op0") return SerialOperand::Op0;
  if (s == "op1") return SerialOperand::Op1;
  if (s == "narrower") return SerialOperand::Narrower;
  n.fail("expected op0, op1 or narrower, got '" + s + "'");
}

// `serial_operand: op1` for every pass, or `{fwd: op1, bwd_data: op1, bwd_weight: narrower}`.
static void parseSerial(PeConfig& c, const ConfigNode& n) {
  if (n.isScalar()) {
    c.serial_operand = serialFrom(n);
    c.serial_by_pass.fill(c.serial_operand);
    return;
  }
  n.allowOnly({"fwd", "bwd_data", "bwd_weight"});
  for (Pass p : kAllPasses)
    if (n.has(passName(p))) c.serial_by_pass[size_t(p)] = serialFrom(n.child(passName(p)));
  c.serial_operand = c.serial_by_pass[size_t(Pass::Fwd)];
}

static void parseKindKeys(PeConfig& c, const ConfigNode& n) {
  if (c.kind == PeKind::BitFusion) {
    n.allowOnly({"accumulator_bits", "overflow", "brick_bits", "max_bits", "temporal_fusion"});
    c.brick_bits = static_cast<int>(n.getInt("brick_bits", 1, 4, c.brick_bits));
    c.max_bits = static_cast<int>(n.getInt("max_bits", 1, 16, c.max_bits));
    c.temporal_fusion = n.get<bool>("temporal_fusion", c.temporal_fusion);
  } else if (c.kind == PeKind::Stripes || c.kind == PeKind::Loom) {
    if (c.kind == PeKind::Stripes)
      n.allowOnly({"accumulator_bits", "overflow", "max_bits", "lanes", "parallel_bits", "serial_operand"});
    else
      n.allowOnly({"accumulator_bits", "overflow", "max_bits", "lanes"});
    c.max_bits = static_cast<int>(n.getInt("max_bits", 1, 16, c.max_bits));
    c.lanes = static_cast<int>(n.getInt("lanes", 1, 4096, c.lanes));
    c.parallel_bits = static_cast<int>(n.getInt("parallel_bits", 1, 16, c.parallel_bits));
    if (n.has("serial_operand")) parseSerial(c, n.child("serial_operand"));
  } else if (c.kind == PeKind::BitParallel) {
    n.allowOnly({"accumulator_bits", "overflow", "width", "wide_operands"});
    c.width = static_cast<int>(n.getInt("width", 1, 32, c.width));
    if (n.has("wide_operands")) {
      auto s = n.get<std::string>("wide_operands");
      if (s == "error")
        c.wide_operands = WideOperands::Error;
      else if (s == "multi_cycle")
        c.wide_operands = WideOperands::MultiCycle;
      else
        n.child("wide_operands").fail("expected error or multi_cycle, got '" + s + "'");
    }
  } else {
    n.allowOnly({"accumulator_bits", "overflow"});
  }
}

PeConfig parsePeConfig(const std::string& kind_name, const ConfigNode& node) {
  PeConfig c;
  try {
    c = peConfigByName(kind_name);
  } catch (const InputError& e) {
    node.fail(e.what());
  }
  if (!node.isMap()) node.fail("expected a mapping of PE parameters");
  parseKindKeys(c, node);
  c.accumulator_bits = static_cast<int>(node.getInt("accumulator_bits", 2, 64, c.accumulator_bits));
  if (node.has("overflow")) c.overflow = parseOverflow(node);
  try {
    c.validate();
  } catch (const InputError& e) {
    node.fail(e.what());
  }
  return c;
}

}  // namespace vpsim
