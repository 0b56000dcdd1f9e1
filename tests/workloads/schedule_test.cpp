// Precision schedules: CPT's exact sequence, layer rules, DPC, two-phase, random, PFQ, replay.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "traces/input_error.h"
#include "traces/trace_writer.h"
#include "workloads/model_zoo.h"
#include "workloads/schedules.h"

namespace vpsim {

static ScheduleContext ctxFor(const std::string& model, const std::string& ds, int64_t iters) {
  Model m = buildModel(model, datasetInfo(ds));
  return ScheduleContext{m.layers, iters, datasetInfo(ds).iterationsPerEpoch(128), 1};
}

static std::unique_ptr<PrecisionSchedule> make(const std::string& s, const ScheduleContext& c) {
  return makeSchedule(parseScheduleSpec(s), c);
}

TEST(Cpt, OneCycleOfThreeToEightSpendsKnownIterations) {
  auto sched = make("cpt:3-8/8", ctxFor("resnet20", "cifar10", 64000));
  std::map<int, int> count;
  for (int t = 0; t < 2000; ++t) ++count[sched->bitsAt(t)[1].w];
  EXPECT_EQ(count, (std::map<int, int>{{3, 410}, {4, 329}, {5, 261}, {6, 262}, {7, 329}, {8, 409}}));
  EXPECT_EQ(sched->bitsAt(1000)[1].a, 6);  // the exact tie 5.5 rounds half to even
  EXPECT_EQ(sched->bitsAt(1999)[1].w, 8);
  EXPECT_EQ(sched->bitsAt(2000)[1].w, 3);  // jump back to b_min
  EXPECT_EQ(sched->bitsAt(2000)[1].g, 8);
}

TEST(Cpt, CyclesParameterAndTinyRuns) {
  auto s = make("cpt:4-8/8,cycles=2", ctxFor("resnet20", "cifar10", 100));
  EXPECT_EQ(s->bitsAt(0)[1].w, 4);
  EXPECT_EQ(s->bitsAt(50)[1].w, 4);
  auto tiny = make("cpt:3-8/8", ctxFor("resnet20", "cifar10", 5));  // period floors at 1 iteration
  EXPECT_EQ(tiny->bitsAt(3)[1].w, 3);
  EXPECT_THROW(make("cpt:3-8/8,cycles=0", ctxFor("resnet20", "cifar10", 100)), InputError);
}

TEST(Schedule, LayerRulesFp32AndDepthwise) {
  auto c = ctxFor("mobilenetv2", "cifar10", 10);
  auto s = make("static:4/6", c);
  auto bits = s->bitsAt(0);
  for (size_t i = 0; i < c.layers.size(); ++i) {
    if (!c.layers[i].quantized)
      EXPECT_EQ(bits[i], (Bits{32, 32, 32}));
    else if (c.layers[i].kind == LayerKind::Depthwise)
      EXPECT_EQ(bits[i], (Bits{4, 4, 16}));
    else
      EXPECT_EQ(bits[i], (Bits{4, 4, 6}));
  }
  auto pinned = make("static:4/6,dw_fwd_bits=8", c)->bitsAt(0);
  EXPECT_EQ(pinned[2], (Bits{8, 8, 16}));
  EXPECT_EQ(make("static:4/6/8", c)->bitsAt(0)[0], (Bits{4, 6, 8}));
}

TEST(Schedule, DpcGivesBigLayersFewerBits) {
  auto c = ctxFor("resnet20", "cifar10", 10);
  DpcSchedule s(parseScheduleSpec("dpc:4-8/8"), c);
  EXPECT_EQ(s.layerBits().front(), 8);               // stem: 432 weights, the smallest
  EXPECT_EQ(s.layerBits()[c.layers.size() - 2], 4);  // a 64x64x3x3 conv, the largest
  for (size_t i = 1; i < c.layers.size(); ++i)
    if (c.layers[i].params() > c.layers[i - 1].params()) {
      EXPECT_LE(s.layerBits()[i], s.layerBits()[i - 1]);
    }
  auto cyc = make("dpc:4-8/8,cpt_min=3,cycles=1", c);
  EXPECT_EQ(cyc->bitsAt(0)[0].w, 3);
  EXPECT_LE(cyc->bitsAt(9)[1].w, s.layerBits()[1]);
}

TEST(Schedule, TwoPhaseSwitchesToFullPrecision) {
  auto s = make("twophase:8/8,switch=0.25", ctxFor("resnet20", "cifar10", 100));
  EXPECT_EQ(s->bitsAt(24)[1], (Bits{8, 8, 8}));
  EXPECT_EQ(s->bitsAt(25)[1], (Bits{32, 32, 32}));
  EXPECT_EQ(make("twophase:8/8,switch_iter=3", ctxFor("resnet20", "cifar10", 100))->bitsAt(3)[1].w, 32);
}

// The gradient-statistics rule: full precision from the iteration after the first full window whose
// mean underflow passes the limit.
TEST(Schedule, TwoPhaseSwitchesOnTheWindowedGradientUnderflow) {
  ScheduleContext c = ctxFor("resnet20", "cifar10", 100);
  c.loss_feedback = true;
  auto s = make("twophase:8/8,underflow=0.5,window=3", c);
  ASSERT_TRUE(s->wantsGradientStats());
  // The first full window (iterations 0..2) has mean 0.633 > 0.5: full precision from iteration 3.
  const double underflow[] = {0.9, 0.9, 0.1, 0.4, 0.6, 0.6, 0.2};
  for (int t = 0; t < 7; ++t) {
    EXPECT_EQ(s->bitsAt(t)[1].w, t <= 2 ? 8 : 32) << t;
    s->observeGradients(t, underflow[t]);
  }
  auto late = make("twophase:8/8,underflow=0.5,window=3", c);
  const double rising[] = {0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.7};  // window means .2 .33 .47 .6: switch after 5
  for (int t = 0; t < 7; ++t) {
    EXPECT_EQ(late->bitsAt(t)[1].w, t <= 5 ? 8 : 32) << t;
    late->observeGradients(t, rising[t]);
  }
  EXPECT_FALSE(make("twophase:8/8", c)->wantsGradientStats());
  // Replay (no trainer) has no gradients to watch.
  EXPECT_THROW(make("twophase:8/8,underflow=0.5", ctxFor("resnet20", "cifar10", 100)), InputError);
}

TEST(Schedule, RandomIsSeededBlockwiseAndCoversTheSet) {
  auto c = ctxFor("resnet20", "cifar10", 1000);
  auto a = make("random:4,6,8/8,k=10", c), b = make("random:4,6,8/8,k=10", c);
  std::map<int, int> seen;
  for (int t = 0; t < 1000; ++t) {
    auto x = a->bitsAt(t);
    EXPECT_EQ(x, b->bitsAt(t));
    EXPECT_EQ(x[1].w, a->bitsAt(t - t % 10)[1].w);
    ++seen[x[1].w];
  }
  EXPECT_EQ(seen.size(), 3u);
  c.seed = 2;
  auto other = make("random:4,6,8/8,k=10", c);
  int diff = 0;
  for (int t = 0; t < 1000; t += 10) diff += other->bitsAt(t)[1].w != a->bitsAt(t)[1].w;
  EXPECT_GT(diff, 10);
}

// Found by fuzzing (tests/fuzz/schedule_fuzz.cpp): seed=-5 converted a negative double to uint64
// (undefined). A negative seed is its two's-complement bits; a given seed equals the context's.
TEST(Schedule, RandomSeedParameterNegativeAndGiven) {
  auto c = ctxFor("resnet20", "cifar10", 1000);
  auto neg = make("random:4,6,8/8,seed=-5", c);
  c.seed = static_cast<uint64_t>(int64_t{-5});
  auto bits = make("random:4,6,8/8", c);
  c.seed = 7;
  auto given = make("random:4,6,8/8,seed=7", ctxFor("resnet20", "cifar10", 1000)), ctx7 = make("random:4,6,8/8", c);
  for (int t = 0; t < 1000; t += 10) {
    EXPECT_EQ(neg->bitsAt(t), bits->bitsAt(t));
    EXPECT_EQ(given->bitsAt(t), ctx7->bitsAt(t));
  }
}

TEST(Pfq, GivenTurningPoints) {
  auto s = make("pfq:3,4,6,8/6,6,8,8,turns=10/20/30", ctxFor("resnet20", "cifar10", 40));
  EXPECT_EQ(s->bitsAt(9)[1], (Bits{3, 3, 6}));
  EXPECT_EQ(s->bitsAt(10)[1], (Bits{4, 4, 6}));
  EXPECT_EQ(s->bitsAt(29)[1], (Bits{6, 6, 8}));
  EXPECT_EQ(s->bitsAt(39)[1], (Bits{8, 8, 8}));
  EXPECT_THROW(make("pfq:3,4,6,8/6,6,8,8", ctxFor("resnet20", "cifar10", 40)), InputError);
  EXPECT_THROW(make("pfq:3,4/6,turns=5/9", ctxFor("resnet20", "cifar10", 40)), InputError);
}

TEST(Pfq, DetectsTurningPointsFromFlatLosses) {
  auto c = ctxFor("resnet20", "cifar10", 100000);
  c.loss_feedback = true;
  PfqSchedule s(parseScheduleSpec("pfq:3,4,6,8/6,6,8,8,window=10"), c);
  int64_t t = 0;
  // Falling loss for 10 windows (sets the scale), then flat: a turning point after 5 flat windows.
  for (; t < 100; ++t) s.observeLoss(t, 10.0 - 0.09 * t);
  EXPECT_EQ(s.stage(), 0);
  for (; t < 150; ++t) s.observeLoss(t, 1.0);
  EXPECT_EQ(s.stage(), 1);
  EXPECT_EQ(s.bitsAt(t)[1], (Bits{4, 4, 6}));
  for (; t < 400; ++t) s.observeLoss(t, 1.0);
  EXPECT_EQ(s.stage(), 3);  // every 5 flat windows: one more stage, capped at the last
  EXPECT_EQ(s.turningPoints(), (std::vector<int64_t>{150, 200, 250}));
}

TEST(Schedule, ReplayFromTraceFile) {
  auto c = ctxFor("resnet20", "cifar10", 50);
  const std::string path = ::testing::TempDir() + "replay.trace.jsonl";
  {
    TraceHeader h{"resnet20", "cifar10", 128, 50, 391, "cpt:3-8/8,cycles=5", {}, "test", c.layers};
    TraceWriter w(path, h);
    auto src = make("cpt:3-8/8,cycles=5", c);
    for (int t = 0; t < 50; ++t) w.append(t, src->bitsAt(t));
    w.close();
  }
  auto src = make("cpt:3-8/8,cycles=5", c);
  auto replay = make("file:" + path, c);
  for (int t = 0; t < 50; ++t) EXPECT_EQ(replay->bitsAt(t), src->bitsAt(t)) << t;
  c.iterations = 60;
  EXPECT_THROW(make("file:" + path, c), InputError);
  std::remove(path.c_str());
}

TEST(ScheduleSpec, ParsesAndRejects) {
  auto s = parseScheduleSpec("pfq:3,4,6,8/6,6,8,8,eps=0.05,alpha=0.3");
  EXPECT_EQ(s.fwd, (std::vector<int>{3, 4, 6, 8}));
  EXPECT_EQ(s.grad, (std::vector<int>{6, 6, 8, 8}));
  EXPECT_DOUBLE_EQ(s.param("eps", 0), 0.05);
  EXPECT_TRUE(parseScheduleSpec("ldp:3-8/8,target=0.6").fwd_is_range);
  for (const char* bad :
       {"cpt", "foo:8/8", "static:8", "static:0/8", "static:8/33", "cpt:8-3/8", "static:8/8,x=", "static:a/8"})
    EXPECT_THROW(parseScheduleSpec(bad), InputError) << bad;
  EXPECT_THROW(parseScheduleSpec("static:8/8,eps=x").param("eps", 0), InputError);
  EXPECT_THROW(make("ldp:3-8/8", ctxFor("resnet20", "cifar10", 10)), InputError);
  EXPECT_THROW(make("cpt:8/8", ctxFor("resnet20", "cifar10", 10)), InputError);
}

TEST(ScheduleSpec, YamlFilesUnderConfigs) {
  const std::string cfg = std::string(VPSIM_SOURCE_DIR) + "/configs";
  EXPECT_EQ(resolveScheduleArgument("cpt-3-8", cfg), "cpt:3-8/8,cycles=32");
  EXPECT_EQ(resolveScheduleArgument("static:8/8", cfg), "static:8/8");
  EXPECT_THROW(resolveScheduleArgument("nonexistent", cfg), InputError);
}

}  // namespace vpsim
