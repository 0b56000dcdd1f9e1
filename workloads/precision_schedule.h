// Precision schedules: per iteration, the (w, a, g) bits of every layer. A schedule is built from a
// string such as "cpt:3-8/8,cycles=32" (grammar in configs/schedules/README.md) or a YAML file.
// Layer rules applied on top of every schedule: layers with quantized = false run at 32/32/32;
// depthwise layers use 16-bit errors (and optionally 8-bit forward, `dw_fwd_bits=8`).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "traces/layer_op.h"

namespace vpsim {

// A parsed schedule string: kind ':' bits-part {',' key '=' value}.
// bits-part: "F/G" where F is a number, a range "lo-hi" or a list "a,b,c"; G likewise (a number or a
// list); "W/A/G" with three numbers sets weights and activations separately.
inline constexpr int64_t kMaxScheduleInteger = 1000000000000000;  // |parameter| <= 1e15 (param())

struct ScheduleSpec {
  std::string text;       // the string as given
  std::string kind;       // static, cpt, pfq, dpc, twophase, random, ldp, file
  std::vector<int> fwd;   // forward (w = a) bits: one value, a list, or {lo, hi} for ranges
  std::vector<int> grad;  // gradient bits: one value or a list
  int w_override = 0;     // "W/A/G" form: separate weight bits (0 = same as fwd)
  bool fwd_is_range = false;
  std::string path;  // file: PATH
  std::map<std::string, std::string> params;

  double param(const std::string& key, double fallback) const;  // throws InputError if not a number
  // An integer parameter in [lo, hi] (InputError naming it otherwise), or `fallback` if absent.
  int64_t intParam(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) const;
  bool has(const std::string& key) const { return params.count(key) != 0; }
};
ScheduleSpec parseScheduleSpec(const std::string& text);  // throws InputError
// A schedule argument that names a YAML file (or configs/schedules/NAME.yaml) becomes a spec string.
std::string resolveScheduleArgument(const std::string& arg, const std::string& configs_dir);

struct ScheduleContext {
  std::vector<LayerOp> layers;
  int64_t iterations = 0;
  int64_t iterations_per_epoch = 1;
  uint64_t seed = 0;
  // True when a trainer feeds observeLoss (and observeGradients): PFQ may then find its turning
  // points from the losses, two-phase its switch from the gradients.
  // Without it, PFQ needs them given (turns=ITER/ITER/...).
  bool loss_feedback = false;
};

class PrecisionSchedule {
 public:
  explicit PrecisionSchedule(ScheduleSpec spec, ScheduleContext ctx);
  virtual ~PrecisionSchedule() = default;
  // Bits of every layer at iteration `iter` (0-based), with the layer rules applied. Called with
  // non-decreasing iterations.
  std::vector<Bits> bitsAt(int64_t iter);
  // Training feedback (the loss of iteration `iter`); only loss-driven schedules (PFQ) use it.
  virtual void observeLoss(int64_t iter, double loss) {}
  // Gradient statistics feedback: the fraction of iteration `iter`'s nonzero errors that were
  // smaller than half a step of their quantization grid (mean over quantized layers). The trainer
  // measures it only for schedules that want it (the two-phase gradient-statistics switch).
  virtual bool wantsGradientStats() const { return false; }
  virtual void observeGradients(int64_t iter, double underflow) {}
  const ScheduleSpec& spec() const { return spec_; }
  const ScheduleContext& context() const { return ctx_; }
  nlohmann::json paramsJson() const;

 protected:
  // Bits of quantized layer `layer` before the layer rules.
  virtual Bits rawBits(int64_t iter, size_t layer) = 0;
  ScheduleSpec spec_;
  ScheduleContext ctx_;
  int dw_fwd_bits_ = 0, dw_grad_bits_ = 16;  // the depthwise pins (dw_fwd_bits 0: the schedule's)
};

// Builds any data-independent schedule, and PFQ (turning points given, or detected from
// observeLoss). LDP needs the trainer's learnable parameters: makeSchedule throws InputError for it.
std::unique_ptr<PrecisionSchedule> makeSchedule(const ScheduleSpec& spec, const ScheduleContext& ctx);

}  // namespace vpsim
