// generateTrace: builds the model and schedule, walks every iteration, writes runs.
#include "workloads/trace_generation.h"

#include "traces/input_error.h"
#include "traces/trace_writer.h"
#include "workloads/model_zoo.h"
#include "workloads/precision_schedule.h"

namespace vpsim {

int64_t generateTrace(const TraceGenRequest& req, const std::string& configs_dir) {
  const DatasetInfo ds = datasetInfo(req.dataset);
  const Model model = buildModel(req.model, ds);
  if (req.batch < 1) throw InputError("--batch must be >= 1");
  TraceHeader h;
  h.model = model.name;
  h.dataset = ds.name;
  h.batch = req.batch;
  h.iterations_per_epoch = ds.iterationsPerEpoch(req.batch);
  if (req.iterations > 0) {
    h.iterations = req.iterations;
  } else if (__builtin_mul_overflow(req.epochs, h.iterations_per_epoch, &h.iterations)) {
    h.iterations = kMaxGenIterations + 1;
  }
  if (h.iterations < 1) throw InputError("--iterations or --epochs must be >= 1");
  // The schedule is evaluated once per iteration: bound the work (about a minute at the limit).
  if (h.iterations > kMaxGenIterations)
    throw InputError("--iterations/--epochs: " + std::to_string(h.iterations) +
                     " iterations exceed trace gen's limit of " + std::to_string(kMaxGenIterations));
  h.schedule = resolveScheduleArgument(req.schedule, configs_dir);
  h.producer = "vpsim trace gen";
  h.layers = model.layers;
  for (const LayerOp& l : h.layers) checkLayerSize(l, h.batch, "--batch " + std::to_string(h.batch));
  ScheduleContext ctx{model.layers, h.iterations, h.iterations_per_epoch, req.seed, false};
  auto schedule = makeSchedule(parseScheduleSpec(h.schedule), ctx);
  h.schedule_params = schedule->paramsJson();
  h.schedule_params["seed"] = req.seed;

  TraceWriter writer(req.output, h);
  int64_t runs = 0;
  std::vector<Bits> prev;
  for (int64_t t = 0; t < h.iterations; ++t) {
    auto bits = schedule->bitsAt(t);
    runs += bits != prev;
    writer.append(t, bits);
    prev = std::move(bits);
  }
  writer.close();
  return runs;
}

}  // namespace vpsim
