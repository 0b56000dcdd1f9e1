// Tiling search and the CompiledPass summary.
#include "isa/compiler.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "isa/program_builder.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

// Powers of two below the extent, the extent itself, and balanced splits ceil(extent / 2^j): the
// latter reach tiles such as one image row block (m = B*OH*OW is rarely a power of two) that the
// public simulator finds by tiling B, OH and OW separately.
std::vector<int64_t> tileCandidates(int64_t extent) {
  std::vector<int64_t> out;
  for (int64_t t = 1; t < extent; t *= 2) out.push_back(t);
  for (int64_t parts = 1; parts <= extent; parts *= 2) out.push_back((extent + parts - 1) / parts);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool better(const TilingCost& a, const TilingCost& b) {
  if (!b.fits) return a.fits;
  if (!a.fits) return false;
  if (a.total_cycles != b.total_cycles) return a.total_cycles < b.total_cycles;
  return a.energy_pj < b.energy_pj;
}

void checkInput(const GemmPass& g, int b0, int b1) {
  if (g.m <= 0 || g.n <= 0 || g.k <= 0 || g.groups <= 0)
    throw InputError("empty GEMM: m, n, k and groups must be positive");
  if (b0 < 1 || b0 > 32 || b1 < 1 || b1 > 32)
    throw InputError("operand widths must be 1..32 bits, got " + std::to_string(b0) + "/" + std::to_string(b1));
}

}  // namespace

GemmTiling searchTiling(const TilingCostModel& model, const GemmPass& gemm, int64_t* evaluated) {
  const auto ms = tileCandidates(gemm.m), ns = tileCandidates(gemm.n), ks = tileCandidates(gemm.k);
  std::vector<std::array<GemmDim, 3>> orders;
  std::array<GemmDim, 3> order = {GemmDim::M, GemmDim::N, GemmDim::K};
  do orders.push_back(order);
  while (std::next_permutation(order.begin(), order.end()));
  GemmTiling best;
  TilingCost best_cost;
  int64_t count = 0;
  for (int64_t tm : ms)
    for (int64_t tn : ns)
      for (int64_t tk : ks) {
        if (!model.tileFits(GemmTiling{orders[0], tm, tn, tk})) continue;  // fit does not depend on the order
        for (const auto& o : orders) {
          const GemmTiling t{o, tm, tn, tk};
          const TilingCost c = model.evaluate(t);
          ++count;
          if (better(c, best_cost)) best = t, best_cost = c;
        }
      }
  if (evaluated) *evaluated = count;
  if (!best_cost.fits) throw InputError("no tiling fits the buffers (a 1x1x1 tile is too large)");
  return best;
}

CompiledPass compilePass(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1) {
  checkInput(gemm, b0, b1);
  const TilingCostModel model(target, gemm, b0, b1);
  CompiledPass c;
  c.gemm = gemm;
  c.b0 = b0;
  c.b1 = b1;
  c.tiling = searchTiling(model, gemm, &c.evaluated);
  c.cost = model.evaluate(c.tiling);
  c.macs = gemm.macs();
  c.program = buildProgram(gemm, b0, b1, target.psum_bits, c.tiling, c.cost);
  return c;
}

std::string describeTiling(const GemmTiling& t) {
  return std::string("order g,") + gemmDimName(t.order[0]) + "," + gemmDimName(t.order[1]) + "," +
         gemmDimName(t.order[2]) + " tiles m " + std::to_string(t.tm) + " n " + std::to_string(t.tn) + " k " +
         std::to_string(t.tk);
}

std::string describeCompiledPass(const CompiledPass& c) {
  std::ostringstream o;
  const TilingCost& k = c.cost;
  o << "; pass " << passName(c.gemm.pass) << ": groups " << c.gemm.groups << " x (m " << c.gemm.m << " x k "
    << c.gemm.k << ") * (k x n " << c.gemm.n << "), bits " << c.b0 << "/" << c.b1 << ", MACs " << c.macs << "\n";
  o << "; order g," << gemmDimName(c.tiling.order[0]) << "," << gemmDimName(c.tiling.order[1]) << ","
    << gemmDimName(c.tiling.order[2]) << "  tiles m " << c.tiling.tm << " n " << c.tiling.tn << " k " << c.tiling.tk
    << "  (" << k.tiles << " compute tiles, " << c.evaluated << " tilings searched)\n";
  o << "; cycles " << k.total_cycles << " = compute " << k.compute_cycles << " + stall " << k.stall_cycles << "\n";
  o << "; dram bits read " << k.dram_read_bits << " written " << k.dram_write_bits << "\n";
  for (Scratchpad s : {Scratchpad::Ibuf, Scratchpad::Wbuf, Scratchpad::Obuf})
    o << "; " << scratchpadName(s) << " bits read " << k.sram_read_bits[static_cast<int>(s)] << " written "
      << k.sram_write_bits[static_cast<int>(s)] << "\n";
  o << "; energy estimate " << k.energy_pj / 1e6 << " uJ (dram + sram + core)\n";
  return o.str();
}

}  // namespace vpsim
