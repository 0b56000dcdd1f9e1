// Reading the compiler's view of a hardware config.
#include "isa/target_config.h"

namespace vpsim {
namespace {

void readBuffer(const ConfigNode& buffers, const char* name, int64_t& bits, bool& db) {
  if (auto b = buffers.optChild(name)) {
    bits = static_cast<int64_t>(b->getDouble("kib", 1.0 / 1024, 1 << 20) * 8192);
    db = b->get<bool>("double_buffered", db);
  }
}

}  // namespace

CompilerTarget targetFromConfig(const ConfigNode& hw, CompilerTarget t) {
  if (auto a = hw.optChild("array")) {
    t.rows = a->getInt("rows", 1, 1 << 16, t.rows);
    t.cols = a->getInt("cols", 1, 1 << 16, t.cols);
  }
  if (auto b = hw.optChild("buffers")) {
    readBuffer(*b, "ibuf", t.ibuf_bits, t.ibuf_double);
    readBuffer(*b, "wbuf", t.wbuf_bits, t.wbuf_double);
    readBuffer(*b, "obuf", t.obuf_bits, t.obuf_double);
  }
  if (auto pe = hw.optChild("pe")) t.psum_bits = static_cast<int>(pe->getInt("accumulator_bits", 8, 64, t.psum_bits));
  if (auto d = hw.optChild("dram"))
    if (d->has("bits_per_cycle")) t.dram_bits_per_cycle = d->getInt("bits_per_cycle", 1, 1 << 20);
  return t;
}

}  // namespace vpsim
