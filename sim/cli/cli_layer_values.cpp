// vpsim layer --values: real integer operands through the SystemC accelerator for a whole layer
// pass (either fidelity), every output checked against the plain integer reference, the
// bit-accurate MACs per second, accumulator overflows, optional fault injection and output dump.
#include "sim/cli/cli_layer_values.h"

#include <fmt/format.h>

#include <ctime>
#include <iostream>

#include "sim/arch/model_version.h"
#include "sim/arch/pass_simulator.h"
#include "sim/arch/pass_values.h"
#include "sim/arch/result_identity.h"
#include "sim/cli/cli_util.h"
#include "sim/run/npy.h"
#include "traces/input_error.h"

namespace vpsim::cli {

void addLayerValuesOptions(CLI::App* cmd, LayerValuesArgs& a) {
  cmd->add_option("--values", a.values,
                  "run real integer operands through the array and check every output: random[:SEED] (uniform "
                  "codes of the pass's widths) or OP0.npy,OP1.npy (operand 0 [groups x] k x n, operand 1 [groups x] "
                  "m x k of the pass's GEMM)");
  auto* s = cmd->add_flag("--signed", a.is_signed, "with --values: two's-complement codes (symmetric quantizer)");
  cmd->add_flag("--unsigned", a.is_unsigned, "with --values: unsigned codes (affine quantizer; the default)")
      ->excludes(s);
  cmd->add_option("--dump-outputs", a.dump, "with --values: write the outputs ([groups x] m x n, int64) as .npy");
  cmd->add_option("--fault-stuck-bit", a.fault_bit,
                  "with --values: fault injection, accumulator bit N stuck at 1 in every PE");
}

namespace {

double cpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// Operand `which` from a .npy file: shape (rows, cols) or (groups, rows, cols).
void loadOperand(const std::string& path, int64_t groups, int64_t rows, int64_t cols, std::vector<int32_t>& out) {
  const NpyInts a = readNpyInts(path);
  const bool ok = (a.shape.size() == 2 && groups == 1 && a.shape[0] == rows && a.shape[1] == cols) ||
                  (a.shape.size() == 3 && a.shape[0] == groups && a.shape[1] == rows && a.shape[2] == cols);
  if (!ok)
    throw InputError(fmt::format("{}: shape ({}) does not match the pass: expected ({}{}, {})", path,
                                 fmt::join(a.shape, ", "), groups > 1 ? std::to_string(groups) + ", " : "", rows,
                                 cols));
  out.resize(a.data.size());
  for (size_t i = 0; i < a.data.size(); ++i) {
    if (a.data[i] < INT32_MIN || a.data[i] > INT32_MAX)
      throw InputError(path + ": element " + std::to_string(i) + " exceeds 32 bits");
    out[i] = int32_t(a.data[i]);
  }
}

void fill(GemmValues& v, const LayerValuesArgs& a, int b0, int b1, nlohmann::json& info) {
  if (a.values == "random" || a.values.rfind("random:", 0) == 0) {
    uint64_t seed = 1;
    if (a.values.size() > 7) {
      try {
        seed = std::stoull(a.values.substr(7));
      } catch (const std::exception&) {
        throw InputError("--values " + a.values + ": the seed must be a non-negative integer");
      }
    }
    fillRandom(v, b0, b1, seed);
    info["source"] = "random", info["seed"] = seed;
    return;
  }
  const size_t comma = a.values.find(',');
  if (comma == std::string::npos)
    throw InputError("--values " + a.values + ": expected random[:SEED] or OP0.npy,OP1.npy");
  loadOperand(a.values.substr(0, comma), v.groups, v.k, v.n, v.op0);
  loadOperand(a.values.substr(comma + 1), v.groups, v.m, v.k, v.op1);
  checkFits(v, b0, b1);
  info["source"] = a.values;
}

}  // namespace

void addResultIdentity(nlohmann::json& j, const HwConfig& hw, Fidelity fidelity, const GemmPass& g, int b0, int b1) {
  const std::string hash = hw.hash();
  j["model_version"] = kModelVersion;
  j["hardware_hash"] = hash;
  j["key"] = passKey(hash, fidelityName(fidelity), g, b0, b1);
}

void runLayerValues(HwConfig hw, Fidelity fidelity, const GemmPass& g, int b0, int b1, const LayerValuesArgs& a,
                    bool json) {
  if (a.fault_bit >= 0) {
    if (a.fault_bit >= hw.array.pe.accumulator_bits)
      throw InputError(
          fmt::format("--fault-stuck-bit {}: the accumulator has {} bits", a.fault_bit, hw.array.pe.accumulator_bits));
    hw.array.pe.fault_stuck_bit = a.fault_bit;
  }
  nlohmann::json identity;
  addResultIdentity(identity, hw, fidelity, g, b0, b1);  // the widths asked, as `run` keys them
  if (hw.force_bits > 0) b0 = b1 = hw.force_bits;        // the widths the array runs
  GemmValues v;
  v.signed0 = v.signed1 = a.is_signed;
  v.resize(g.groups, g.m, g.n, g.k);
  nlohmann::json info;
  fill(v, a, b0, b1, info);
  PassSimulator sim(hw, fidelity);
  const double t0 = cpuSeconds();
  const PassResult r = sim.simulateValues(g, b0, b1, v);
  const double secs = cpuSeconds() - t0;
  const PeConfig pe = hw.array.pe.forPass(g.pass);
  const ValuesCheck check = checkAgainstReference(v, pe, b0, b1);
  if (!a.dump.empty()) {
    std::vector<int64_t> shape = {g.m, g.n};
    if (g.groups > 1) shape.insert(shape.begin(), g.groups);
    writeNpyInt64(a.dump, shape, v.c);
  }
  const double macs = double(g.macs());
  info.update({{"signed", a.is_signed},
               {"b0", b0},
               {"b1", b1},
               {"fidelity", fidelityName(fidelity)},
               {"outputs", check.compared},
               {"mismatches", check.mismatches},
               {"first_mismatch", check.first_mismatch},
               {"overflows", v.overflows},
               {"reference_overflows", check.reference_overflows},
               {"accumulator_bits", pe.accumulator_bits},
               {"overflow", overflowName(pe.overflow)},
               {"fault_stuck_bit", a.fault_bit},
               {"cpu_seconds", secs},
               {"macs_per_second", secs > 0 ? macs / secs : 0.0},
               {"cycles", r.cycles},
               {"dump", a.dump}});
  if (json) {
    nlohmann::json j = r.toJson();
    j["gemm"] = {{"pass", passName(g.pass)}, {"m", g.m}, {"n", g.n}, {"k", g.k},
                 {"groups", g.groups},       {"b0", b0}, {"b1", b1}};
    j["hardware"] = hw.name;
    j.update(identity);
    j["values"] = info;
    printJson(j);
  } else {
    std::cout << fmt::format(
        "{} values ({} {}x{} bits) through the {}-fidelity array: {} outputs, {}\n", info["source"].get<std::string>(),
        a.is_signed ? "signed" : "unsigned", b0, b1, fidelityName(fidelity), check.compared,
        check.mismatches
            ? fmt::format("{} differ from the reference integer GEMM, first {}", check.mismatches, check.first_mismatch)
            : std::string("all equal to the reference integer GEMM"));
    std::cout << fmt::format("{:.4g} bit-accurate MACs in {:.3f} s CPU: {:.1f} M MAC/s; {} cycles\n", macs, secs,
                             secs > 0 ? macs / secs / 1e6 : 0.0, r.cycles);
    std::cout << fmt::format("accumulator ({} bits, {}): {} overflow events (reference {})\n", pe.accumulator_bits,
                             overflowName(pe.overflow), v.overflows, check.reference_overflows);
  }
  if (check.mismatches > 0)
    throw CheckFailure(fmt::format("bit-accuracy check failed: {} of {} outputs differ; first {}", check.mismatches,
                                   check.compared, check.first_mismatch));
}

}  // namespace vpsim::cli
