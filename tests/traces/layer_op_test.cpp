// Lowering of layer passes to GEMMs: every pass keeps the forward MAC count.
#include <gtest/gtest.h>

#include "traces/input_error.h"
#include "traces/layer_op.h"

namespace vpsim {

TEST(LayerOp, ConvPassesHaveForwardMacs) {
  LayerOp l{"c", LayerKind::Conv, 16, 32, 32, 32, 16, 16, 3, 2, 1, 1};
  EXPECT_EQ(l.macsPerSample(), 32 * 16 * 9 * 16 * 16);
  for (Pass p : kAllPasses) EXPECT_EQ(lowerPass(l, p, 4).macs(), 4 * l.macsPerSample()) << passName(p);
}

TEST(LayerOp, DepthwiseGroups) {
  LayerOp l{"dw", LayerKind::Depthwise, 96, 96, 8, 8, 8, 8, 3, 1, 1, 96};
  EXPECT_EQ(l.macsPerSample(), 96 * 9 * 64);
  auto g = lowerPass(l, Pass::Fwd, 2);
  EXPECT_EQ(g.groups, 96);
  EXPECT_EQ(g.k, 9);
  EXPECT_EQ(g.macs(), 2 * l.macsPerSample());
}

TEST(LayerOp, PassOperandBits) {
  Bits b{4, 6, 8};
  EXPECT_EQ(passOperandBits(b, Pass::Fwd), (std::array<int, 2>{4, 6}));
  EXPECT_EQ(passOperandBits(b, Pass::BwdData), (std::array<int, 2>{4, 8}));
  EXPECT_EQ(passOperandBits(b, Pass::BwdWeight), (std::array<int, 2>{6, 8}));
  EXPECT_THROW(parsePass("bwd"), InputError);
}

}  // namespace vpsim
