// Compiler: programs stay inside the buffers, perform every MAC exactly once, agree with their own
// cost summary, follow the public Bit Fusion compute rule when compute bound, and never get slower
// or costlier at lower precision.
#include <gtest/gtest.h>

#include <chrono>

#include "isa/assembler.h"
#include "isa/compiler.h"
#include "isa/encoding.h"
#include "isa_test_util.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

using isatest::resnet20Layers;
using isatest::walkProgram;

TEST(BitFusionRule, ProductsPerCycleMatchTheHardwarePage) {
  auto pf = [](int a, int b) {
    Rational r = bitFusionThroughput(a, b);
    return double(r.num) / double(r.den);
  };
  EXPECT_EQ(pf(8, 8), 1);
  EXPECT_EQ(pf(4, 8), 2);
  EXPECT_EQ(pf(8, 4), 2);
  EXPECT_EQ(pf(4, 4), 4);
  EXPECT_EQ(pf(2, 4), 8);
  EXPECT_EQ(pf(2, 2), 16);
  EXPECT_EQ(pf(1, 1), 16);
  EXPECT_EQ(pf(3, 5), 2);
  EXPECT_EQ(pf(16, 8), 0.5);
  EXPECT_EQ(pf(16, 16), 0.25);
  EXPECT_EQ(pf(9, 2), 2);
  for (int a = 1; a <= 8; ++a)  // the public simulator's floor(8/max(ip,2)) * floor(8/max(wp,2)) on rounded widths
    for (int b = 1; b <= 8; ++b) {
      const int ra = a <= 2 ? 2 : a <= 4 ? 4 : 8, rb = b <= 2 ? 2 : b <= 4 ? 4 : 8;
      EXPECT_EQ(pf(a, b), (8 / ra) * (8 / rb)) << a << "x" << b;
    }
}

// Every buffer bound, MAC count and traffic figure of one compiled pass, checked via the interpreter.
void checkCompiled(const CompilerTarget& t, const GemmPass& g, int b0, int b1, const std::string& what) {
  const CompiledPass c = compilePass(t, g, b0, b1);
  const isatest::WalkStats s = walkProgram(c.program, g.conv, t.output_init_read);
  const int64_t half_w = t.wbuf_bits / 2, half_i = t.ibuf_bits / 2, half_o = t.obuf_bits / 2;
  EXPECT_LE(s.max_block_bits[static_cast<int>(Scratchpad::Wbuf)], half_w) << what;
  EXPECT_LE(s.max_block_bits[static_cast<int>(Scratchpad::Ibuf)], half_i) << what;
  EXPECT_LE(s.max_block_bits[static_cast<int>(Scratchpad::Obuf)], half_o) << what;
  EXPECT_EQ(s.macs, g.macs()) << what;
  EXPECT_EQ(c.macs, g.macs()) << what;
  EXPECT_EQ(s.computes, c.cost.tiles) << what;
  EXPECT_EQ(s.dram_read_bits, c.cost.dram_read_bits) << what;
  EXPECT_EQ(s.dram_write_bits, c.cost.dram_write_bits) << what;
  EXPECT_TRUE(s.tiles_inside_blocks) << what << ": " << s.first_error;
  EXPECT_EQ(decode(encode(c.program)), c.program) << what;
  // The controller's per-tile rule adds up to the compiler's compute cycles.
  const TilingCostModel model(t, g, b0, b1);
  int64_t cycles = 0;
  ProgramInterpreter it(c.program);
  for (TileOp op; it.next(op);)
    if (op.kind == TileOpKind::Compute)
      cycles += op.range[0].size() * model.tileCycles(op.range[1].size(), op.range[2].size(), op.range[3].size());
  EXPECT_EQ(cycles, c.cost.compute_cycles) << what;
}

TEST(Compiler, ResNet20PassesFitBuffersAndCoverEveryMac) {
  const CompilerTarget t = bitFusionTarget();
  for (const LayerOp& l : resnet20Layers())
    for (Pass p : kAllPasses)
      for (auto [b0, b1] : {std::pair{8, 8}, {4, 2}, {2, 8}, {16, 16}, {3, 5}})
        checkCompiled(t, lowerPass(l, p, 16), b0, b1,
                      l.name + " " + passName(p) + " " + std::to_string(b0) + "/" + std::to_string(b1));
}

TEST(Compiler, DepthwiseAndMatmulPassesFitAndCoverEveryMac) {
  const CompilerTarget t = bitFusionTarget();
  const LayerOp dw{"dw", LayerKind::Depthwise, 32, 32, 16, 16, 16, 16, 3, 1, 1, 32};
  LayerOp mm{"mm", LayerKind::Matmul, 64, 64};
  mm.out_h = 128;  // attention-like (128 x 64) * (64 x 64) per sample
  for (const LayerOp& l : {dw, mm})
    for (Pass p : kAllPasses) checkCompiled(t, lowerPass(l, p, 8), 4, 6, l.name + " " + passName(p));
}

TEST(Compiler, SmallBuffersAndOddShapesStillFit) {
  CompilerTarget t = bitFusionTarget();
  t.ibuf_bits = t.wbuf_bits = 4096, t.obuf_bits = 8192;  // forces partial-sum reloads
  t.rows = 4, t.cols = 3;
  const GemmPass odd{Pass::Fwd, 37, 29, 53, 3, 'w', 'a'};
  for (int b : {1, 5, 8, 16}) checkCompiled(t, odd, b, b, "odd " + std::to_string(b));
  t.obuf_double = t.ibuf_double = t.wbuf_double = false;  // single buffered: whole buffer usable
  const CompiledPass c = compilePass(t, odd, 8, 8);
  EXPECT_GE(c.cost.stall_cycles, (c.cost.dram_read_bits + c.cost.dram_write_bits) / t.dram_bits_per_cycle);
}

// Marks every (g, m, n, k) MAC of a small GEMM: each exactly once.
TEST(Compiler, EveryMacExactlyOnce) {
  CompilerTarget t = bitFusionTarget();
  t.ibuf_bits = t.wbuf_bits = t.obuf_bits = 2048;
  const GemmPass g{Pass::BwdWeight, 13, 11, 17, 2, 'a', 'g'};
  const CompiledPass c = compilePass(t, g, 8, 8);
  ASSERT_GT(c.cost.tiles, 8);  // really tiled
  std::vector<int> hits(g.groups * g.m * g.n * g.k, 0);
  ProgramInterpreter it(c.program);
  TileOp op;
  while (it.next(op)) {
    if (op.kind != TileOpKind::Compute) continue;
    for (int64_t gi = op.range[0].begin; gi < op.range[0].end; ++gi)
      for (int64_t m = op.range[1].begin; m < op.range[1].end; ++m)
        for (int64_t n = op.range[2].begin; n < op.range[2].end; ++n)
          for (int64_t k = op.range[3].begin; k < op.range[3].end; ++k) ++hits[((gi * g.m + m) * g.n + n) * g.k + k];
  }
  for (int h : hits) ASSERT_EQ(h, 1);
}

// Public rule: B * ceil(OC/M) * OH * OW * K^2 * ceil(IC / (N*pf)); equal to ours when IC is a
// multiple of N*pf. With plenty of bandwidth only the first fill and last drain remain as stalls.
TEST(Compiler, ComputeBoundLayersFollowThePublicRule) {
  CompilerTarget t = bitFusionTarget();
  t.dram_bits_per_cycle = 4096;  // the Stripes-comparison link
  struct Case {
    int64_t b, ic, oc, k, oh;
    int bits;
  };
  for (const Case& c : {Case{16, 64, 64, 3, 8, 8}, Case{16, 64, 64, 3, 8, 4}, Case{4, 256, 128, 3, 14, 2},
                        Case{8, 32, 64, 1, 16, 8}, Case{16, 128, 32, 3, 4, 4}}) {
    LayerOp l{"c", LayerKind::Conv, c.ic, c.oc, c.oh + c.k - 1, c.oh + c.k - 1, c.oh, c.oh, c.k, 1, 0, 1};
    const int64_t pf = bitFusionThroughput(c.bits, c.bits).num;
    ASSERT_EQ(c.ic % (t.rows * pf), 0);
    const int64_t publicCycles =
        c.b * ((c.oc + t.cols - 1) / t.cols) * c.oh * c.oh * c.k * c.k * (c.ic / (t.rows * pf));
    const CompiledPass r = compilePass(t, lowerPass(l, Pass::Fwd, c.b), c.bits, c.bits);
    EXPECT_EQ(r.cost.compute_cycles, publicCycles) << c.ic << " " << c.bits;
    const int64_t bw = t.dram_bits_per_cycle;
    EXPECT_LE(r.cost.dram_read_bits + r.cost.dram_write_bits, r.cost.compute_cycles * bw) << "not compute bound";
    const int64_t edges = (r.cost.fill_bits + r.cost.drain_bits + bw - 1) / bw;
    EXPECT_EQ(r.cost.stall_cycles, edges) << "compute bound: only fill and drain stall";
  }
}

// The first layer is bound by its 32-bit output stores, so the compiler may pick any tiling that
// hides the array under them (it picks by the replayed timeline); the public rule is held on the
// tiling that rule assumes (all 16 output channels and the whole 27-deep patch in one tile, 128 pixels: half the OBUF).
TEST(Compiler, FirstLayerFollowsThePublicIm2colRule) {
  const CompilerTarget t = bitFusionTarget();
  const LayerOp conv1 = resnet20Layers()[0];  // 3 -> 16, K 3: K^2*IC = 27
  for (int b : {2, 4, 8}) {
    const int64_t pf = bitFusionThroughput(b, b).num;
    const GemmPass g = lowerPass(conv1, Pass::Fwd, 16);
    const int64_t rule = 16 * 32 * 32 * 1 * ((27 + t.rows * pf - 1) / (t.rows * pf));
    const TilingCost whole =
        TilingCostModel(t, g, b, b).evaluate(GemmTiling{{GemmDim::M, GemmDim::N, GemmDim::K}, 128, 16, 27});
    ASSERT_TRUE(whole.fits) << b;
    EXPECT_EQ(whole.compute_cycles, rule) << b;
    const CompiledPass r = compilePass(t, g, b, b);
    EXPECT_LE(r.estimate.cycles, int64_t(1.02 * double(whole.total_cycles))) << b;  // as fast as the rule's tiling
  }
}

// For a fixed tiling (the one chosen at 8/8), fewer bits never cost more in the closed form (cycles
// and energy). Not held here, and open: the replayed timeline of one tiling can grow at fewer bits
// (up to 1.6x on ImageNet-sized passes) because the program builder promotes blocks greedily
// (a block that fits half its buffer at fewer bits is loaded whole, and its first load is exposed),
// and the search replays only its best closed-form candidates. Shipped configs are held through
// the binary in CliLayer.LowerPrecisionNeverCostsMoreOnBitFusionAndBitSerial.
void checkMonotoneForFixedTiling(const CompilerTarget& t, const GemmPass& g, const std::vector<int>& widths,
                                 const std::string& name) {
  const GemmTiling tiling = compilePass(t, g, 8, 8).tiling;
  std::vector<std::vector<TilingCost>> cost(widths.size(), std::vector<TilingCost>(widths.size()));
  for (size_t i = 0; i < widths.size(); ++i)
    for (size_t j = 0; j < widths.size(); ++j) {
      const TilingCostModel model(t, g, widths[i], widths[j]);
      cost[i][j] = model.evaluate(tiling);
    }
  for (size_t i = 0; i < widths.size(); ++i)
    for (size_t j = 0; j < widths.size(); ++j)
      for (auto [di, dj] : {std::pair{1, 0}, {0, 1}}) {
        if (i + di >= widths.size() || j + dj >= widths.size()) continue;
        const std::string what =
            name + " " + passName(g.pass) + " " + std::to_string(widths[i]) + "/" + std::to_string(widths[j]);
        EXPECT_LE(cost[i][j].total_cycles, cost[i + di][j + dj].total_cycles) << what;
        EXPECT_LE(cost[i][j].energy_pj, cost[i + di][j + dj].energy_pj * (1 + 1e-12)) << what;
      }
}

TEST(Compiler, LowerPrecisionNeverCostsMoreOnBitFusion) {
  const CompilerTarget t = bitFusionTarget();
  for (const LayerOp& l : resnet20Layers())
    for (Pass p : kAllPasses) checkMonotoneForFixedTiling(t, lowerPass(l, p, 16), {1, 2, 3, 4, 6, 8}, l.name);
}

TEST(Compiler, LowerPrecisionNeverCostsMoreCyclesOnImageNetLayers) {
  CompilerTarget t = bitFusionTarget();
  const auto conv = [](int64_t ic, int64_t oc, int64_t in, int64_t out, int64_t k, int64_t s) {
    return LayerOp{"c", LayerKind::Conv, ic, oc, in, in, out, out, k, s, k / 2, 1};
  };
  for (const LayerOp& l : {conv(64, 64, 56, 56, 3, 1), conv(512, 256, 28, 28, 1, 1), conv(512, 512, 7, 7, 3, 1)})
    for (Pass p : kAllPasses) checkMonotoneForFixedTiling(t, lowerPass(l, p, 16), {1, 2, 4, 8}, std::to_string(l.in_c));
}

TEST(Compiler, FastEnoughPerPass) {
  const CompilerTarget t = bitFusionTarget();
  int passes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const LayerOp& l : resnet20Layers())
    for (Pass p : kAllPasses) compilePass(t, lowerPass(l, p, 128), 8, 8), ++passes;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms / passes, 20.0) << "target < 5 ms per pass in Release builds";
}

TEST(Compiler, RejectsImpossibleInput) {
  const CompilerTarget t = bitFusionTarget();
  EXPECT_THROW(compilePass(t, GemmPass{Pass::Fwd, 0, 4, 4, 1, 'w', 'a'}, 8, 8), InputError);
  EXPECT_THROW(compilePass(t, GemmPass{Pass::Fwd, 4, 4, 4, 1, 'w', 'a'}, 8, 17), InputError);
  CompilerTarget tiny = t;
  tiny.obuf_bits = 32;  // half of it cannot hold one 32-bit partial sum
  EXPECT_THROW(compilePass(tiny, GemmPass{Pass::Fwd, 4, 4, 4, 1, 'w', 'a'}, 8, 8), InputError);
}

}  // namespace
}  // namespace vpsim
