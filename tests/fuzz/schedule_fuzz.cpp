// Fuzz target: schedule strings (workloads/precision_schedule.h: parseScheduleSpec), and the
// schedule an accepted string builds (makeSchedule) asked for bits at a few iterations over a
// small model with a depthwise and an FP32 layer. `file:` schedules are parsed only (a path).
#include "tests/fuzz/fuzz_util.h"
#include "workloads/model_zoo.h"
#include "workloads/precision_schedule.h"

namespace {
const vpsim::ScheduleContext& context() {
  static const vpsim::ScheduleContext ctx = [] {
    vpsim::ScheduleContext c;
    c.layers = vpsim::buildModel("mobilenetv2", vpsim::datasetInfo("cifar10")).layers;
    c.iterations = 1000;
    c.iterations_per_epoch = 100;
    c.seed = 1;
    return c;
  }();
  return ctx;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vpsim::fuzz::quiet();
  context();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vpsim;
  if (size > 4096) return -1;  // a schedule is a command-line word
  const std::string text = fuzz::text(data, size);
  fuzz::expectResultOrInputError([&] {
    const ScheduleSpec spec = parseScheduleSpec(text);
    if (spec.kind == "file") return;
    for (bool feedback : {false, true}) {
      ScheduleContext ctx = context();
      ctx.loss_feedback = feedback;
      auto s = makeSchedule(spec, ctx);
      for (int64_t it : {0, 1, 499, 500, 999}) {
        s->observeLoss(it, 1.0 / double(it + 1));
        if (s->wantsGradientStats()) s->observeGradients(it, 0.5);
        for (const Bits& b : s->bitsAt(it))
          if (b.w < 1 || b.w > 32 || b.a < 1 || b.a > 32 || b.g < 1 || b.g > 32) {
            std::fprintf(stderr, "fuzz: schedule '%s' gives bits %d/%d/%d at iteration %lld\n", text.c_str(), b.w, b.a,
                         b.g, static_cast<long long>(it));
            std::abort();
          }
      }
      s->paramsJson();
    }
  });
  return 0;
}
