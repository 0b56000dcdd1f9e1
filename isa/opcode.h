// Opcodes and operand enums of the vpsim block ISA. Numbers 0..12 are the Bit Fusion / DnnWeaver2
// opcodes of the hardware page; 13..15 are vpsim extensions (a 32-bit immediate prefix and the
// GEMM extents and tile sizes that let the controller compute exact edge tiles).
#pragma once

#include <cstdint>
#include <string>

namespace vpsim {

enum class Opcode : uint8_t {
  Setup = 0,
  LdMem = 1,
  StMem = 2,
  RdBuf = 3,
  WrBuf = 4,
  GenAddrHi = 5,  // high half of a GENADDR stride; always followed by GenAddrLo
  GenAddrLo = 6,  // the logical GENADDR instruction (holds the full 32-bit stride)
  Loop = 7,
  BlockEnd = 8,
  BaseAddr = 9,
  PuBlock = 10,
  ComputeR = 11,
  ComputeI = 12,
  ImmHi = 13,  // vpsim: high 16 bits of the next instruction's immediate
  Dim = 14,    // vpsim: extent of a GEMM dimension
  Tile = 15,   // vpsim: tile size along a GEMM dimension
};
inline constexpr int kNumOpcodes = 16;

// Scratchpad ids of the hardware page (LD/ST/RD/WR/GENADDR op_spec bits [4:3]).
enum class Scratchpad : uint8_t { Ibuf = 0, Obuf = 1, Wbuf = 2, Bias = 3 };

// The dimensions of a grouped GEMM (groups x (m x k) * (k x n)); LOOP, DIM and TILE name one.
enum class GemmDim : uint8_t { G = 0, M = 1, N = 2, K = 3 };
inline constexpr int kNumGemmDims = 4;

// Mnemonic as written by the disassembler ("GENADDR" for GenAddrLo, "GENADDR_HI" never appears
// in text because the encoder emits it).
const char* opcodeName(Opcode op);
const char* scratchpadName(Scratchpad s);  // "ibuf", "obuf", "wbuf", "bias"
const char* gemmDimName(GemmDim d);        // "g", "m", "n", "k"

}  // namespace vpsim
