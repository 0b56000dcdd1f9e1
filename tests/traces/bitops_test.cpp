// BitOPs accounting identities: static 8/8 = 3 * 64 * MACs * batch per iteration; per-epoch split;
// averages; the choices for the stem's bwd_data and FP32 layers.
#include <gtest/gtest.h>

#include "traces/bitops_accounting.h"

namespace vpsim {

namespace {
TraceHeader header(int64_t iters, int64_t ipe) {
  TraceHeader h;
  h.batch = 16;
  h.iterations = iters;
  h.iterations_per_epoch = ipe;
  h.layers = {LayerOp{"stem", LayerKind::Conv, 3, 16, 8, 8, 8, 8, 3, 1, 1, 1},
              LayerOp{"c2", LayerKind::Conv, 16, 16, 8, 8, 8, 8, 3, 1, 1, 1},
              LayerOp{"fc", LayerKind::Fc, 16, 10, 1, 1, 1, 1, 1, 1, 0, 1}};
  h.layers[0].has_bwd_data = false;
  h.layers[2].quantized = false;
  return h;
}
std::vector<Bits> uniform(int b, int g) { return {Bits{b, b, g}, Bits{b, b, g}, Bits{32, 32, 32}}; }
}  // namespace

TEST(Bitops, Static8IsThreeTimes64MacsBatch) {
  TraceHeader h = header(10, 4);
  BitopsAccountant acc(h);
  acc.add(TraceRun{0, 10, uniform(8, 8)});
  BitopsSummary s = acc.finish();
  const double macs = h.layers[0].macsPerSample() + h.layers[1].macsPerSample();
  EXPECT_DOUBLE_EQ(s.total, 3 * 64 * macs * 16 * 10);
  EXPECT_DOUBLE_EQ(s.by_pass[0], s.by_pass[1]);
  EXPECT_DOUBLE_EQ(s.fp32_layers, 3 * 1024.0 * 160 * 16 * 10);
  ASSERT_EQ(s.per_epoch.size(), 3u);  // 4 + 4 + 2 iterations
  EXPECT_DOUBLE_EQ(s.per_epoch[2], s.total / 5);
  EXPECT_DOUBLE_EQ(s.inference_per_sample, 64 * macs);
}

TEST(Bitops, MixedBitsFollowTheFormula) {
  TraceHeader h = header(6, 4);
  BitopsAccountant acc(h);
  acc.add(TraceRun{0, 3, uniform(4, 8)});  // wa + wg + ag = 16 + 32 + 32 = 80
  acc.add(TraceRun{3, 6, uniform(8, 8)});  // 192, split 1 / 2 over the epoch boundary at 4
  BitopsSummary s = acc.finish();
  const double m = 16.0 * (h.layers[0].macsPerSample() + h.layers[1].macsPerSample());
  EXPECT_DOUBLE_EQ(s.total, m * (3 * 80 + 3 * 192));
  EXPECT_DOUBLE_EQ(s.per_epoch[0], m * (3 * 80 + 192));
  EXPECT_DOUBLE_EQ(s.per_epoch[1], m * 2 * 192);
  EXPECT_DOUBLE_EQ(s.avg_bits[1][0], 6.0);
  EXPECT_DOUBLE_EQ(s.avg_bits[1][2], 8.0);
}

TEST(Bitops, OptionsForStemBwdDataAndFp32Layers) {
  TraceHeader h = header(1, 1);
  AccountingOptions skip;
  skip.count_unneeded_bwd_data = false;
  BitopsAccountant a(h), b(h, skip);
  a.add(TraceRun{0, 1, uniform(8, 8)});
  b.add(TraceRun{0, 1, uniform(8, 8)});
  EXPECT_DOUBLE_EQ(a.finish().total - b.finish().total, 64.0 * 16 * h.layers[0].macsPerSample());
  AccountingOptions fp32;
  fp32.count_fp32_layers = true;
  BitopsAccountant c(h, fp32);
  c.add(TraceRun{0, 1, uniform(8, 8)});
  EXPECT_DOUBLE_EQ(c.finish().total - 3 * 64.0 * 16 * (h.layers[0].macsPerSample() + h.layers[1].macsPerSample()),
                   3 * 1024.0 * 16 * 160);
}

}  // namespace vpsim
