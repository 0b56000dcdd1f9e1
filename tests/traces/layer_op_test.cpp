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
  EXPECT_EQ(passOperandBits(b, Pass::BwdWeight), (std::array<int, 2>{8, 6}));  // op0 = dY, op1 = X_col^T
  EXPECT_THROW(parsePass("bwd"), InputError);
}

// Halo tiles: a block of output pixels reads the input rows and columns its windows cover, padding
// cut off; whole channels of the patch dimension multiply it.
TEST(ConvGeometry, FootprintOfHaloTiles) {
  // 3x3, stride 1, pad 1, 16x16 map, 4 channels, batch 2: pixels (b, oh, ow) row-major.
  const ConvGeometry c{2, 4, 16, 16, 16, 16, 3, 1, 1};
  EXPECT_EQ(c.spatialFootprint(0, 16), 2 * 16);          // output row 0: input rows 0..1 (row -1 is padding)
  EXPECT_EQ(c.spatialFootprint(16, 64), 5 * 16);         // output rows 1..3: input rows 0..4
  EXPECT_EQ(c.spatialFootprint(16 + 4, 16 + 8), 3 * 6);  // 4 pixels of row 1: 3 rows x 6 columns
  EXPECT_EQ(c.spatialFootprint(0, 256), 256);            // one image: the whole map
  EXPECT_EQ(c.spatialFootprint(0, 512), 512);            // both images
  EXPECT_EQ(c.footprint(0, 64, 0, 18), 2 * (5 * 16));    // rows 0..3 read input rows 0..4; two channels (18 taps)
  // The lowering keeps the geometry for convolutions with a window only.
  LayerOp l{"c", LayerKind::Conv, 4, 8, 16, 16, 16, 16, 3, 1, 1, 1};
  EXPECT_TRUE(lowerPass(l, Pass::Fwd, 2).conv.valid());
  EXPECT_EQ(lowerPass(l, Pass::Fwd, 2).conv, c);
  l.kernel = 1, l.pad = 0;
  EXPECT_FALSE(lowerPass(l, Pass::Fwd, 2).conv.valid());
}

// Post ops: names round-trip, bad names are one-line errors.
TEST(PostOps, ParseAndName) {
  EXPECT_EQ(postOpsName(parsePostOps("bn,relu,quantize")), "bn,relu,quantize");
  EXPECT_FALSE(parsePostOps("").any());
  EXPECT_THROW(parsePostOps("bn,gelu"), InputError);
}

TEST(PostOps, EachPassRunsItsOwnShare) {
  LayerOp l;
  l.in_c = l.out_c = 16, l.in_h = l.in_w = l.out_h = l.out_w = 8, l.kernel = 3, l.pad = 1;
  l.post = parsePostOps("bn,relu");  // output feeds an FP32 layer: not quantized
  EXPECT_EQ(postOpsName(lowerPass(l, Pass::Fwd, 2).post), "bn,relu");
  // Backward: the layer's own errors (and, for bwd_weight, next forward's weights) are quantized.
  EXPECT_EQ(postOpsName(lowerPass(l, Pass::BwdData, 2).post), "bn,relu,quantize");
  EXPECT_EQ(postOpsName(lowerPass(l, Pass::BwdWeight, 2).post), "bn,relu,quantize");
  l.quantized = false;
  EXPECT_EQ(postOpsName(lowerPass(l, Pass::BwdData, 2).post), "bn,relu");
  // A pass at FP32 quantizes nothing; one narrow operand is enough to need it.
  const PostOps q = parsePostOps("bn,quantize");
  EXPECT_EQ(postOpsName(postOpsAtWidths(q, 32, 32)), "bn");
  EXPECT_EQ(postOpsName(postOpsAtWidths(q, 8, 32)), "bn,quantize");
}

TEST(PostOps, OutputsFeedingQuantizedLayersAreQuantized) {
  std::vector<LayerOp> layers(3);
  layers[2].quantized = false;
  layers[0].post.quantize = layers[2].post.quantize = true;  // stale marks are replaced
  markQuantizedOutputs(layers);
  EXPECT_TRUE(layers[0].post.quantize);
  EXPECT_FALSE(layers[1].post.quantize);  // feeds the FP32 layer
  EXPECT_FALSE(layers[2].post.quantize);  // the logits
  PostOps p = parsePostOps("bn");
  p |= parsePostOps("relu,pool");
  EXPECT_EQ(postOpsName(p), "bn,relu,pool");
}

}  // namespace vpsim
