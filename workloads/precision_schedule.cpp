// PrecisionSchedule base (layer rules) and the factory by kind.
#include "workloads/precision_schedule.h"

#include "traces/input_error.h"
#include "workloads/schedules.h"

namespace vpsim {

PrecisionSchedule::PrecisionSchedule(ScheduleSpec spec, ScheduleContext ctx)
    : spec_(std::move(spec)),
      ctx_(std::move(ctx)),
      dw_fwd_bits_(static_cast<int>(spec_.intParam("dw_fwd_bits", 0, 0, 32))),
      dw_grad_bits_(static_cast<int>(spec_.intParam("dw_grad_bits", 16, 1, 32))) {}

std::vector<Bits> PrecisionSchedule::bitsAt(int64_t iter) {
  const int dw_fwd = dw_fwd_bits_, dw_grad = dw_grad_bits_;
  std::vector<Bits> out(ctx_.layers.size());
  for (size_t i = 0; i < ctx_.layers.size(); ++i) {
    const LayerOp& l = ctx_.layers[i];
    if (!l.quantized) {
      out[i] = Bits{32, 32, 32};
      continue;
    }
    out[i] = rawBits(iter, i);
    if (l.kind == LayerKind::Depthwise) {  // methods.md: depthwise errors stay at 16 bits
      out[i].g = dw_grad;
      if (dw_fwd > 0) out[i].w = out[i].a = dw_fwd;
    }
  }
  return out;
}

nlohmann::json PrecisionSchedule::paramsJson() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : spec_.params) j[k] = v;
  return j;
}

namespace {
void requireCounts(const ScheduleSpec& s, size_t fwd_min, size_t fwd_max, bool range) {
  if (s.fwd.size() < fwd_min || s.fwd.size() > fwd_max || (range && !s.fwd_is_range && s.fwd.size() != 1))
    throw InputError("schedule '" + s.text + "': wrong number of forward bit values for " + s.kind);
  if (s.grad.empty()) throw InputError("schedule '" + s.text + "': missing gradient bits");
}
}  // namespace

std::unique_ptr<PrecisionSchedule> makeSchedule(const ScheduleSpec& spec, const ScheduleContext& ctx) {
  if (ctx.layers.empty() || ctx.iterations <= 0)
    throw InputError("schedule '" + spec.text + "': needs layers and a positive iteration count");
  const std::string& k = spec.kind;
  if (k == "static") return requireCounts(spec, 1, 1, false), std::make_unique<StaticSchedule>(spec, ctx);
  if (k == "cpt") return requireCounts(spec, 2, 2, true), std::make_unique<CptSchedule>(spec, ctx);
  if (k == "dpc") return requireCounts(spec, 2, 2, true), std::make_unique<DpcSchedule>(spec, ctx);
  if (k == "twophase") return requireCounts(spec, 1, 1, false), std::make_unique<TwoPhaseSchedule>(spec, ctx);
  if (k == "random") return requireCounts(spec, 1, 32, false), std::make_unique<RandomSchedule>(spec, ctx);
  if (k == "pfq") return requireCounts(spec, 1, 32, false), std::make_unique<PfqSchedule>(spec, ctx);
  if (k == "file") return std::make_unique<FileSchedule>(spec, ctx);
  if (k == "ldp")
    throw InputError("schedule '" + spec.text + "': LDP learns its bits while training; use `vpsim train`");
  throw InputError("schedule '" + spec.text + "': unknown kind '" + k + "'");
}

}  // namespace vpsim
