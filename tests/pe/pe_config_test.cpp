// Parsing of the `array:` and `pe:` blocks: defaults, per-kind keys, rejected values with
// file:line: key messages, and the documented parameter tables.
#include <gtest/gtest.h>

#include "pe/array_config.h"
#include "pe/throughput.h"
#include "tests/pe/pe_test_util.h"

namespace vpsim {
using namespace testing_pe;

static ConfigNode yaml(const std::string& text) { return ConfigNode::loadString(text, "hw.yaml"); }

TEST(PeConfigParse, DesignDocExample) {
  auto c =
      parseArrayAndPe(yaml("name: x\narray: {rows: 16, cols: 32, pe: bitfusion, dataflow: weight_stationary}\n"
                           "pe: {brick_bits: 2, max_bits: 8, accumulator_bits: 32}\n"));
  EXPECT_EQ(c.array.rows, 16);
  EXPECT_EQ(c.array.cols, 32);
  EXPECT_EQ(c.array.dataflow, Dataflow::WeightStationary);
  EXPECT_EQ(c.pe.kind, PeKind::BitFusion);
  EXPECT_EQ(c.pe.max_bits, 8);
  EXPECT_EQ(c.pe.accumulator_bits, 32);
}

TEST(PeConfigParse, KindsAndDefaults) {
  auto st = parseArrayAndPe(yaml("array: {rows: 4, cols: 4, pe: stripes}\npe: {serial_operand: narrower, lanes: 8}\n"));
  EXPECT_EQ(st.pe.kind, PeKind::Stripes);
  EXPECT_EQ(st.pe.serial_operand, SerialOperand::Narrower);
  EXPECT_EQ(st.pe.lanes, 8);
  auto i16 = parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: int16, dataflow: output_stationary}\n"));
  EXPECT_EQ(i16.pe.kind, PeKind::BitParallel);
  EXPECT_EQ(i16.pe.width, 16);
  EXPECT_EQ(i16.array.dataflow, Dataflow::OutputStationary);
  auto lm = parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: loom}\npe: {overflow: saturate}\n"));
  EXPECT_EQ(lm.pe.lanes, 256);
  EXPECT_EQ(lm.pe.overflow, Overflow::Saturate);
}

TEST(PeConfigParse, RejectsWithFileLineKey) {
  EXPECT_EQ(errorOf([] { parseArrayAndPe(yaml("array:\n  rows: 0\n  cols: 4\n  pe: int8\n")); }),
            "hw.yaml:2: array.rows: value 0 outside [1, 4096]");
  EXPECT_EQ(errorOf([] { parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: bitfusion}\npe:\n  lanes: 4\n")); }),
            "hw.yaml:3: pe.lanes: unknown key (allowed: accumulator_bits, overflow, brick_bits, max_bits, "
            "temporal_fusion)");
  EXPECT_EQ(errorOf([] { parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: bitfusion}\npe: {max_bits: 17}\n")); }),
            "hw.yaml:2: pe.max_bits: value 17 outside [1, 16]");
  EXPECT_EQ(errorOf([] { parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: int8}\npe: {width: 33}\n")); }),
            "hw.yaml:2: pe.width: value 33 outside [1, 32]");
  EXPECT_EQ(errorOf([] { parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: bitfusion}\npe: {max_bits: 6}\n")); }),
            "hw.yaml:2: pe: bitfusion PE: max_bits must be a power of two in [brick_bits, 16]");
  EXPECT_NE(errorOf([] {
              parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: tpu}\n"));
            }).find("hw.yaml:1: array.pe: unknown PE kind 'tpu'"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: int8, dataflow: row_stationary}\n"));
            }).find("expected weight_stationary or output_stationary"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: int8, depth: 3}\n"));
            }).find("array.depth: unknown key"),
            std::string::npos);
  EXPECT_NE(errorOf([] {
              parseArrayAndPe(yaml("array: {rows: 2, cols: 2, pe: int8}\npe: {overflow: clamp}\n"));
            }).find("expected wrap or saturate"),
            std::string::npos);
}

TEST(PeConfigParse, ParameterTablesDocumentEveryKey) {
  const std::string t = paramTable(kPeParams) + paramTable(kArrayParams);
  for (const char* key : {"accumulator_bits", "overflow", "brick_bits", "max_bits", "temporal_fusion", "lanes",
                          "parallel_bits", "serial_operand", "width", "wide_operands", "rows", "cols", "dataflow"})
    EXPECT_NE(t.find(key), std::string::npos) << key;
  EXPECT_EQ(peConfigByName("fp32").width, 32);
  EXPECT_EQ(peKindNames().size(), 8u);
}

}  // namespace vpsim

namespace vpsim {

TEST(PeConfigParse, StripesSerialOperandPerPass) {
  auto c = parseArrayAndPe(ConfigNode::loadString(
      "array: {rows: 2, cols: 2, pe: stripes}\npe:\n  serial_operand: {fwd: op1, bwd_weight: narrower}\n", "hw.yaml"));
  EXPECT_EQ(c.pe.forPass(Pass::Fwd).serial_operand, SerialOperand::Op1);
  EXPECT_EQ(c.pe.forPass(Pass::BwdData).serial_operand, SerialOperand::Op1);  // default
  EXPECT_EQ(c.pe.forPass(Pass::BwdWeight).serial_operand, SerialOperand::Narrower);
  EXPECT_EQ(peThroughput(c.pe.forPass(Pass::BwdWeight), 4, 8).cycles_per_step, 4);
  EXPECT_EQ(peThroughput(c.pe.forPass(Pass::Fwd), 4, 8).cycles_per_step, 8);
  EXPECT_NE(testing_pe::errorOf([] {
              parseArrayAndPe(ConfigNode::loadString(
                  "array: {rows: 2, cols: 2, pe: stripes}\npe: {serial_operand: {fwd: op2}}\n", "hw.yaml"));
            }).find("pe.serial_operand.fwd: expected op0, op1 or narrower, got 'op2'"),
            std::string::npos);
}

}  // namespace vpsim
