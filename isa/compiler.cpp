// Tiling search and the CompiledPass summary.
#include "isa/compiler.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "isa/program_builder.h"
#include "isa/tile_schedule.h"
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

// Candidates of the closed-form ranking that are compiled and replayed: the best kReplayedTilings,
// as long as the replays stay within a budget of compute tiles (at least kMinReplayed of them).
constexpr size_t kReplayedTilings = 8, kMinReplayed = 2;
constexpr int64_t kReplayTileBudget = 1 << 14;

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

std::vector<GemmTiling> searchTilings(const TilingCostModel& model, const GemmPass& gemm, size_t keep,
                                      int64_t* evaluated) {
  // A convolution's pixel and patch dims are cut so that every halo tile is a rectangle of the map.
  std::array<std::vector<int64_t>, 4> cand = {std::vector<int64_t>{1}, tileCandidates(gemm.m), tileCandidates(gemm.n),
                                              tileCandidates(gemm.k)};
  if (const auto p = patchTensor(gemm)) {
    cand[size_t(p->pixel_dim)] = pixelTileCandidates(gemm.conv);
    cand[size_t(p->patch_dim)] = patchTileCandidates(gemm.conv);
  }
  const auto &ms = cand[1], &ns = cand[2], &ks = cand[3];
  std::vector<std::array<GemmDim, 3>> orders;
  std::array<GemmDim, 3> order = {GemmDim::M, GemmDim::N, GemmDim::K};
  do orders.push_back(order);
  while (std::next_permutation(order.begin(), order.end()));
  std::vector<std::pair<TilingCost, GemmTiling>> best;  // sorted, best first
  int64_t count = 0;
  for (int64_t tm : ms)
    for (int64_t tn : ns)
      for (int64_t tk : ks) {
        if (!model.tileFits(GemmTiling{orders[0], tm, tn, tk})) continue;  // fit does not depend on the order
        for (const auto& o : orders) {
          const GemmTiling t{o, tm, tn, tk};
          const TilingCost c = model.evaluate(t);
          ++count;
          if (best.size() == keep && !better(c, best.back().first)) continue;
          auto at = std::find_if(best.begin(), best.end(), [&](const auto& b) { return better(c, b.first); });
          best.insert(at, {c, t});
          if (best.size() > keep) best.pop_back();
        }
      }
  if (evaluated) *evaluated = count;
  if (best.empty()) throw InputError("no tiling fits the buffers (a 1x1x1 tile is too large)");
  std::vector<GemmTiling> out;
  for (const auto& b : best) out.push_back(b.second);
  return out;
}

GemmTiling searchTiling(const TilingCostModel& model, const GemmPass& gemm, int64_t* evaluated) {
  return searchTilings(model, gemm, 1, evaluated).front();
}

ScheduleLayout scheduleLayoutFor(const CompilerTarget& t, const GemmPass& gemm, int b0, int b1) {
  ScheduleLayout layout;
  layout.double_buffered = {t.ibuf_double, t.obuf_double, t.wbuf_double};
  const auto half = [](int64_t bits, bool db) { return uint64_t(db ? bits / 16 : bits / 8); };
  layout.half_bytes = {half(t.ibuf_bits, t.ibuf_double), half(t.obuf_bits, t.obuf_double),
                       half(t.wbuf_bits, t.wbuf_double)};
  layout.element_bits = {b1, t.psum_bits, b0};
  layout.conv = gemm.conv;
  layout.groups = gemm.groups;
  layout.output_init_read = t.output_init_read;
  return layout;
}

PipelineTimes estimateProgram(const CompilerTarget& t, const GemmPass& gemm, int b0, int b1, const Program& p) {
  TileSchedule s = buildTileSchedule(p, scheduleLayoutFor(t, gemm, b0, b1));
  if (t.vector_ops) assignVectorOps(s, t.vector_ops(gemm));
  PipelineRules r;
  r.dram_bits_per_cycle = t.dram_bits_per_cycle;
  r.vector_lanes = t.vector_lanes;
  r.burst_bytes = t.dma_burst_bytes;
  r.word_bits = t.buffer_word_bits, r.banks = t.buffer_banks;
  const TilingCostModel model(t, gemm, b0, b1);
  r.tile_cycles = [&](const ComputeOp& c) { return model.tileCycles(c.m, c.n, c.k); };
  r.tile_drain = [&](const ComputeOp&) { return t.tile_drain ? t.tile_drain(b0, b1) : int64_t(0); };
  return replaySchedule(s, r);
}

CompiledPass compilePass(const CompilerTarget& target, const GemmPass& gemm, int b0, int b1) {
  checkInput(gemm, b0, b1);
  const TilingCostModel model(target, gemm, b0, b1);
  CompiledPass c;
  c.gemm = gemm;
  c.b0 = b0;
  c.b1 = b1;
  c.macs = gemm.macs();
  bool have = false;
  const auto consider = [&](const TilingCostModel& ranking, int64_t* evaluated) {
    int64_t replayed = 0;
    size_t tried = 0;
    for (const GemmTiling& t : searchTilings(ranking, gemm, kReplayedTilings, evaluated)) {
      const TilingCost cost = model.evaluate(t);
      if (tried >= kMinReplayed && replayed + cost.tiles > kReplayTileBudget) break;
      ++tried, replayed += cost.tiles;
      Program program = buildProgram(gemm, b0, b1, target.psum_bits, t, cost);
      const PipelineTimes e = estimateProgram(target, gemm, b0, b1, program);
      if (have &&
          (e.cycles > c.estimate.cycles || (e.cycles == c.estimate.cycles && cost.energy_pj >= c.cost.energy_pj)))
        continue;
      have = true;
      c.tiling = t, c.cost = cost, c.estimate = e, c.program = std::move(program);
    }
  };
  // Also the candidates of the widest widths of the same speed class: they fit here too, so
  // narrowing an operand within its class keeps the tilings the wider widths choose from.
  if (target.width_class) {
    const auto [w0, w1] = target.width_class(b0, b1);
    if (w0 != b0 || w1 != b1) consider(TilingCostModel(target, gemm, w0, w1), nullptr);
  }
  consider(model, &c.evaluated);
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
  o << "; pass " << passName(c.gemm.pass) << ": groups " << c.gemm.groups << " x (m " << c.gemm.m << " x k " << c.gemm.k
    << ") * (k x n " << c.gemm.n << "), bits " << c.b0 << "/" << c.b1 << ", MACs " << c.macs << "\n";
  o << "; order g," << gemmDimName(c.tiling.order[0]) << "," << gemmDimName(c.tiling.order[1]) << ","
    << gemmDimName(c.tiling.order[2]) << "  tiles m " << c.tiling.tm << " n " << c.tiling.tn << " k " << c.tiling.tk
    << "  (" << k.tiles << " compute tiles, " << c.evaluated << " tilings searched)\n";
  o << "; cycles " << c.estimate.cycles << " (array " << c.estimate.compute_cycles << ", vector "
    << c.estimate.vector_cycles << "; closed form " << k.total_cycles << " = compute " << k.compute_cycles
    << " + stall " << k.stall_cycles << ")\n";
  o << "; dram bits read " << k.dram_read_bits << " written " << k.dram_write_bits << "\n";
  for (Scratchpad s : {Scratchpad::Ibuf, Scratchpad::Wbuf, Scratchpad::Obuf})
    o << "; " << scratchpadName(s) << " bits read " << k.sram_read_bits[static_cast<int>(s)] << " written "
      << k.sram_write_bits[static_cast<int>(s)] << "\n";
  o << "; energy estimate " << k.energy_pj / 1e6 << " uJ (dram + sram + core)\n";
  return o.str();
}

}  // namespace vpsim
