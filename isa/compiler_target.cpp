// The default Bit Fusion throughput rule and target.
#include "isa/compiler_target.h"

#include <algorithm>

#include "traces/input_error.h"

#include <stdexcept>

namespace vpsim {
namespace {

// Bit Fusion brick granularity: 1 -> 2, 3 -> 4, 5..7 -> 8, 9..16 -> 16.
int roundUpWidth(int b) {
  if (b < 1 || b > 16) throw InputError("Bit Fusion widths are 1..16, got " + std::to_string(b));
  return b <= 2 ? 2 : b <= 4 ? 4 : b <= 8 ? 8 : 16;
}

}  // namespace

Rational bitFusionThroughput(int b0, int b1) {
  const int x = roundUpWidth(b0), y = roundUpWidth(b1);
  // A 16-bit operand is two 8-bit halves fused over time: each halves the rate of the 8-bit case.
  const int64_t fx = x == 16 ? 1 : 8 / x, fy = y == 16 ? 1 : 8 / y;
  const int64_t den = (x == 16 ? 2 : 1) * (y == 16 ? 2 : 1);
  return {fx * fy, den};
}

void setBitFusionBanks(CompilerTarget& t) {
  const auto clamp = [](int64_t v) { return int(std::min<int64_t>(v, int64_t(1) << 20)); };
  t.buffer_banks = {clamp(t.rows), clamp(t.cols), clamp(t.rows * t.cols)};
}

CompilerTarget bitFusionTarget() {
  CompilerTarget t;
  t.throughput = bitFusionThroughput;
  t.weight_load_cycles = t.rows;
  setBitFusionBanks(t);
  t.width_class = [](int b0, int b1) {  // widths run rounded up to 2, 4, 8 or 16 bits
    const auto up = [](int b) { int r = 2; while (r < b) r *= 2; return r; };
    return std::pair<int, int>{up(b0), up(b1)};
  };
  return t;
}

std::string describeTarget(const CompilerTarget& t) {
  auto buf = [](const char* name, int64_t bits, bool db) {
    return std::string(name) + " " + std::to_string(bits / 8192) + " KiB" + (db ? " (db)" : "");
  };
  return std::to_string(t.rows) + "x" + std::to_string(t.cols) + " array, " + buf("ibuf", t.ibuf_bits, t.ibuf_double) +
         ", " + buf("wbuf", t.wbuf_bits, t.wbuf_double) + ", " + buf("obuf", t.obuf_bits, t.obuf_double) + ", " +
         std::to_string(t.dram_bits_per_cycle) + " DRAM bits/cycle";
}

}  // namespace vpsim
