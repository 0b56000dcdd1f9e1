// The default Bit Fusion throughput rule and target.
#include "isa/compiler_target.h"

#include <algorithm>

#include "pe/throughput.h"

namespace vpsim {

// The rule itself lives in pe/throughput.cpp (one copy for the compiler, the array timing and the
// cores); this is that rule for the default Fusion Unit (2-bit bricks, 8-bit spatial limit).
Rational bitFusionThroughput(int b0, int b1) {
  const Throughput t = peThroughput(PeConfig{}, b0, b1);
  return {t.products_per_step, t.cycles_per_step};
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
    const int brick_bits = PeConfig{}.brick_bits;
    return std::pair<int, int>{bitFusionRound(b0, brick_bits), bitFusionRound(b1, brick_bits)};
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
