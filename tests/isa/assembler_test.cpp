// Assembler and disassembler: text round trips, edge immediates, and errors that name the line.
#include <gtest/gtest.h>

#include "isa/assembler.h"
#include "isa/encoding.h"
#include "tests/common/input_error_of.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

const char* kSample = R"(; a hand-written block
SETUP     pass=bwd_weight b0=1 b1=16 psum=32
DIM       dim=m size=100000
TILE      dim=m size=65536
LOOP      level=0 dim=m id=0 count=2
GENADDR   buf=ibuf dir=ld loop=0 stride=4294967295
LDMEM     buf=ibuf level=1 bits=0x10000   # hex works too
COMPUTE_R fn=0 level=1 imm=0
BLOCK_END last=1
)";

std::string errorOf(const std::string& text) {
  return testing::inputErrorOf([&] { assemble(text); });
}

TEST(Assembler, TextIsAFixedPointOfDisassembly) {
  const Program p = assemble(kSample);
  ASSERT_EQ(p.code.size(), 8u);
  EXPECT_EQ(p.code[0].imm, (0u << 11) | (15u << 6) | 31u);  // (1-1)<<11 | (16-1)<<6 | (32-1)
  EXPECT_EQ(p.code[0].spec, 2);
  const std::string text = disassemble(p);
  EXPECT_EQ(disassemble(assemble(text)), text);
  EXPECT_EQ(assemble(text), p);
  EXPECT_EQ(decode(encode(p)), p);
  EXPECT_NE(text.find("GENADDR   buf=ibuf dir=ld loop=0 stride=4294967295"), std::string::npos) << text;
}

TEST(Assembler, EdgeImmediates) {
  EXPECT_EQ(encode(assemble("LOOP count=65535")).size(), 1u);
  EXPECT_EQ(encode(assemble("LOOP count=65536")).size(), 2u);
  EXPECT_EQ(assemble("LOOP count=4294967295").code[0].imm, 0xFFFFFFFFu);
  EXPECT_NE(errorOf("LOOP count=4294967296"), "");
  EXPECT_NE(errorOf("LOOP count=-1"), "");
  EXPECT_EQ(assemble("SETUP b0=16 b1=1").code[0].imm >> 6, 15u << 5);
  EXPECT_EQ(assemble("SETUP b0=32 b1=32 psum=64").code[0].imm, 0xFFFFu);  // widest SETUP: one word
  EXPECT_EQ(encode(assemble("SETUP b0=32 b1=32 psum=64")).size(), 1u);
  EXPECT_NE(errorOf("SETUP b0=33"), "");
  EXPECT_NE(errorOf("SETUP psum=65"), "");
  EXPECT_NE(errorOf("SETUP b1=0"), "");
  EXPECT_NE(errorOf("LOOP level=16"), "");
  EXPECT_NE(errorOf("LDMEM level=32"), "");
  EXPECT_EQ(assemble("ldmem buf=wbuf").code[0].op, Opcode::LdMem);  // mnemonics are case-insensitive
}

TEST(Assembler, ErrorsNameTheLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SETUP\n\nFROB x=1\n", "line 3: unknown mnemonic 'FROB'"},
      {"LOOP count=1\nLOOP colour=2\n", "line 2: LOOP: unknown operand 'colour=2'"},
      {"LDMEM buf=cache\n", "line 1: bad value 'cache' for 'buf'"},
      {"; c\nLOOP count=1 count=2\n", "line 2: operand 'count' given twice"},
      {"LOOP count\n", "line 1: LOOP: unknown operand 'count'"},
      {"IMM_HI imm=1\n", "line 1: unknown mnemonic 'IMM_HI'"},
      {"SETUP\nSETUP b0=99\n", "line 2: field 'b0' out of range: 99 (allowed 1..32)"},
  };
  for (const auto& [text, want] : cases) EXPECT_EQ(errorOf(text), want) << text;
}

TEST(Assembler, EmptyAndCommentOnlyTextIsAnEmptyProgram) {
  EXPECT_TRUE(assemble("").code.empty());
  EXPECT_TRUE(assemble("; nothing\n   # at all\n").code.empty());
}

}  // namespace
}  // namespace vpsim
