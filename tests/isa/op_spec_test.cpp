// Op and bits strings of the CLI: shapes, MAC counts and one-line errors.
#include <gtest/gtest.h>

#include "isa/op_spec.h"
#include "traces/input_error.h"

namespace vpsim {
namespace {

TEST(OpSpec, ConvInputSizeFollowsOutputStrideAndKernel) {
  const OpSpec s = parseOpSpec("conv:16,64,128,3,2,14");
  EXPECT_EQ(s.batch, 16);
  EXPECT_EQ(s.layer.kind, LayerKind::Conv);
  EXPECT_EQ(s.layer.in_c, 64);
  EXPECT_EQ(s.layer.out_c, 128);
  EXPECT_EQ(s.layer.out_w, 14);
  EXPECT_EQ(s.layer.in_h, 13 * 2 + 3);
  EXPECT_EQ(lowerPass(s.layer, Pass::Fwd, s.batch).macs(), 16LL * 128 * 64 * 9 * 14 * 14);
  EXPECT_EQ(parseOpSpec("conv:1,3,8,7,2,10,20").layer.in_w, 19 * 2 + 7);
}

TEST(OpSpec, GemmFcAndDepthwise) {
  const OpSpec g = parseOpSpec("gemm:64,128,256");  // (64 x 256) * (256 x 128)
  const GemmPass gp = lowerPass(g.layer, Pass::Fwd, g.batch);
  EXPECT_EQ(gp.m, 64);
  EXPECT_EQ(gp.n, 128);
  EXPECT_EQ(gp.k, 256);
  const GemmPass fc = lowerPass(parseOpSpec("fc:32,512,10").layer, Pass::Fwd, 32);
  EXPECT_EQ(fc.m, 32);
  EXPECT_EQ(fc.n, 10);
  EXPECT_EQ(fc.k, 512);
  const OpSpec dw = parseOpSpec("dw:8,96,3,1,28");
  EXPECT_EQ(dw.layer.groups, 96);
  EXPECT_EQ(lowerPass(dw.layer, Pass::Fwd, dw.batch).k, 9);
}

TEST(OpSpec, BadStringsAreOneLineInputErrors) {
  for (const char* bad : {"conv:1,2,3", "conv:1,2,3,3,1,0", "gemm:4,4", "pool:1,2,3", "gemm4,4,4", "gemm:4,x,4",
                          "conv:1,2,3,3,1,4,4,4", "fc:1,2,-3"}) {
    try {
      parseOpSpec(bad);
      ADD_FAILURE() << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

TEST(OpSpec, Bits) {
  EXPECT_EQ(parseBitsSpec("4/8"), (Bits{4, 8, 8}));
  EXPECT_EQ(parseBitsSpec("2/3/16"), (Bits{2, 3, 16}));
  EXPECT_EQ(parseBitsSpec("32/32"), (Bits{32, 32, 32}));  // the FP32 reference
  for (const char* bad : {"8", "8/33", "0/8", "8/8/8/8", "a/8", "8//8"})
    EXPECT_THROW(parseBitsSpec(bad), InputError) << bad;
}

}  // namespace
}  // namespace vpsim
