// Binary encoding: every opcode and field edge round-trips; malformed word streams are rejected.
#include <gtest/gtest.h>

#include <random>

#include "isa/assembler.h"
#include "isa/encoding.h"
#include "isa/instruction_format.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

// Every field of every writable opcode at its minimum and maximum.
std::vector<Instruction> edgeInstructions() {
  std::vector<Instruction> out;
  for (int o = 0; o < kNumOpcodes; ++o) {
    const auto op = static_cast<Opcode>(o);
    const InstructionFormat& fmt = instructionFormat(op);
    if (!fmt.text_ok) continue;
    for (int corner = 0; corner < 2; ++corner) {
      Instruction ins;
      ins.op = op;
      for (const Field& f : fmt.fields) {
        const int64_t hi = f.labels.empty() ? (int64_t{1} << f.width) - 1 : static_cast<int64_t>(f.labels.size()) - 1;
        EXPECT_EQ(setField(ins, f, (corner ? hi : 0) + f.offset), "") << opcodeName(op) << " " << f.name;
      }
      out.push_back(ins);
    }
  }
  return out;
}

TEST(Encoding, EveryOpcodeAtFieldEdgesRoundTrips) {
  Program p{edgeInstructions()};
  ASSERT_EQ(p.code.size(), 2u * 14u);  // all opcodes but IMM_HI and GENADDR_HI
  const auto words = encode(p);
  EXPECT_EQ(decode(words), p);
  EXPECT_EQ(encode(decode(words)), words);
  EXPECT_EQ(assemble(disassemble(p)), p);
}

TEST(Encoding, WordLayoutMatchesTheHardwarePage) {
  Instruction loop{Opcode::Loop, 0x12, 3, 7};  // level 2, dim m, id 3, count 7
  EXPECT_EQ(encode(Program{{loop}}), std::vector<uint32_t>{0x7u << 28 | 0x12u << 21 | 3u << 16 | 7u});
}

TEST(Encoding, WideImmediatesUseAHighWordOnlyWhenNeeded) {
  Instruction loop{Opcode::Loop, 0, 0, 0xFFFF};
  EXPECT_EQ(encode(Program{{loop}}).size(), 1u);
  loop.imm = 0x10000;
  auto w = encode(Program{{loop}});
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], 0xD0000001u);  // IMM_HI 1
  loop.imm = 0xFFFFFFFF;
  EXPECT_EQ(decode(encode(Program{{loop}})).code[0].imm, 0xFFFFFFFFu);
  Instruction gen{Opcode::GenAddrLo, 0x11, 2, 5};  // GENADDR is always a HI/LO pair
  w = encode(Program{{gen}});
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0] >> 28, 5u);
  EXPECT_EQ(w[1] >> 28, 6u);
}

TEST(Encoding, RandomProgramsRoundTripInBinaryAndText) {
  std::mt19937_64 rng(7);
  for (int iter = 0; iter < 200; ++iter) {
    Program p;
    for (int i = 0; i < 50; ++i) {
      const auto edges = edgeInstructions();
      Instruction ins = edges[rng() % edges.size()];
      for (const Field& f : instructionFormat(ins.op).fields) {
        const uint64_t span = f.labels.empty() ? (uint64_t{1} << f.width) : f.labels.size();
        setField(ins, f, static_cast<int64_t>(rng() % span) + f.offset);
      }
      p.code.push_back(ins);
    }
    ASSERT_EQ(decode(encode(p)), p);
    ASSERT_EQ(assemble(disassemble(p)), p);
  }
}

TEST(Encoding, RejectsMalformedWordStreams) {
  auto bad = [](std::vector<uint32_t> w) { EXPECT_THROW(decode(w), InputError) << std::hex << w[0]; };
  bad({0x60000000u});               // GENADDR_LO without HI
  bad({0xD0000001u});               // IMM_HI at the end
  bad({0xD0000000u, 0x70000000u});  // IMM_HI with a zero high half (not canonical)
  bad({0xD0000001u, 0x00000000u});  // IMM_HI before SETUP (16-bit immediate)
  bad({0x51000000u, 0x60000000u});  // GENADDR_HI / LO disagree on op_spec
  bad({0x50400000u, 0x60400000u});  // GENADDR with a reserved op_spec bit
  bad({0x08000000u});               // SETUP with a reserved op_spec bit
  bad({0x00600000u});               // SETUP pass 3 does not exist
  bad({0x80000002u});               // BLOCK_END imm beyond the last flag
  EXPECT_NO_THROW(decode({0x51000000u, 0x61000005u}));
}

TEST(Encoding, HexTextRoundTripsAndNamesBadLines) {
  const std::vector<uint32_t> w = {0, 0xFFFFFFFFu, 0x12345678u};
  EXPECT_EQ(hexToWords(wordsToHex(w)), w);
  EXPECT_EQ(hexToWords("# header\n00000001 ; one\n\n2\n"), (std::vector<uint32_t>{1, 2}));
  try {
    hexToWords("00000001\n0000000g\n");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(hexToWords("100000000\n"), InputError);
  EXPECT_THROW(hexToWords("1 2\n"), InputError);
}

}  // namespace
}  // namespace vpsim
