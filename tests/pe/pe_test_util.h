// Helpers shared by the PE tests: PE configs under test and seeded random operands.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "pe/pe_config.h"
#include "tests/common/input_error_of.h"
#include "traces/input_error.h"

namespace vpsim {
// Readable test names in ctest output instead of a byte dump.
inline void PrintTo(const PeConfig& c, std::ostream* os) { *os << c.describe(); }
}  // namespace vpsim

namespace vpsim::testing_pe {

inline std::string errorOf(const std::function<void()>& f) { return vpsim::testing::inputErrorOf(f); }

inline int32_t lo(int bits, bool s) { return s ? -(int32_t{1} << (bits - 1)) : 0; }
inline int32_t hi(int bits, bool s) { return s ? (int32_t{1} << (bits - 1)) - 1 : (int32_t{1} << bits) - 1; }

inline std::vector<int32_t> randomOperands(std::mt19937_64& rng, size_t n, int bits, bool s) {
  std::uniform_int_distribution<int32_t> d(lo(bits, s), hi(bits, s));
  std::vector<int32_t> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// Every PE variant the arithmetic tests run: the factory kinds plus non-default datapath shapes.
inline std::vector<PeConfig> variantsUnderTest() {
  std::vector<PeConfig> out;
  for (const char* n : {"bitfusion", "stripes", "loom", "int8", "int16", "fp32"}) out.push_back(peConfigByName(n));
  PeConfig s0 = peConfigByName("stripes");
  s0.serial_operand = SerialOperand::Op0, s0.name = "stripes-op0";
  PeConfig sn = peConfigByName("stripes");
  sn.serial_operand = SerialOperand::Narrower, sn.lanes = 5, sn.name = "stripes-narrower";
  PeConfig bf1 = peConfigByName("bitfusion");
  bf1.brick_bits = 1, bf1.name = "bitfusion-brick1";
  PeConfig bf4 = peConfigByName("bitfusion");
  bf4.brick_bits = 4, bf4.max_bits = 16, bf4.name = "bitfusion-brick4";
  PeConfig bp3 = peConfigByName("bitparallel");
  bp3.width = 3, bp3.name = "bitparallel-w3";
  PeConfig loom7 = peConfigByName("loom");
  loom7.lanes = 7, loom7.name = "loom-7lanes";
  for (auto& c : {s0, sn, bf1, bf4, bp3, loom7}) out.push_back(c);
  for (auto& c : out) c.accumulator_bits = 64;
  return out;
}

}  // namespace vpsim::testing_pe
