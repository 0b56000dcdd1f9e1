// PeActions: summing, comparison and naming for reports.
#include "pe/pe_actions.h"

namespace vpsim {

const std::vector<ActionDoc> kPeActionDocs = {
    {"macs", "products", "operand pairs multiplied (useful work only, padding excluded)"},
    {"brick_ops", "brick multiplies", "Bit Fusion: brick_bits x brick_bits BitBrick activations"},
    {"and_ops", "1-bit ANDs", "bit-serial: AND gates evaluated (stripes: serial bits x parallel bits per product)"},
    {"mult_ops", "multiplies", "bit-parallel: width x width multiplier activations (one per chunk pair)"},
    {"shift_adds", "partial products", "partial products shifted into an adder tree (bricks, bit planes, chunks)"},
    {"acc_adds", "updates", "accumulator / partial-sum register updates, one per PE step with work"},
    {"overflows", "events", "accumulator updates that wrapped or saturated"},
    {"active_cycles", "PE-cycles", "cycles PEs spent computing, summed over PEs"},
    {"idle_cycles", "PE-cycles", "cycles PEs had nothing to compute (fill, drain, exposed load, padding)"},
    {"operand_moves", "register moves", "operand or partial-sum registers passed to a neighbour PE"},
    {"weight_loads", "PE loads", "PE stationary registers written with a stationary operand group"},
};

std::vector<std::pair<const char*, uint64_t>> PeActions::named() const {
  return {{"macs", macs},
          {"brick_ops", brick_ops},
          {"and_ops", and_ops},
          {"mult_ops", mult_ops},
          {"shift_adds", shift_adds},
          {"acc_adds", acc_adds},
          {"overflows", overflows},
          {"active_cycles", active_cycles},
          {"idle_cycles", idle_cycles},
          {"operand_moves", operand_moves},
          {"weight_loads", weight_loads}};
}

PeActions& PeActions::operator+=(const PeActions& o) {
  macs += o.macs, brick_ops += o.brick_ops, and_ops += o.and_ops, mult_ops += o.mult_ops;
  shift_adds += o.shift_adds, acc_adds += o.acc_adds, overflows += o.overflows;
  active_cycles += o.active_cycles, idle_cycles += o.idle_cycles;
  operand_moves += o.operand_moves, weight_loads += o.weight_loads;
  return *this;
}

bool PeActions::operator==(const PeActions& o) const { return named() == o.named(); }

std::string PeActions::str() const {
  std::string s;
  for (const auto& [k, v] : named()) s += (s.empty() ? "" : " ") + std::string(k) + "=" + std::to_string(v);
  return s;
}

}  // namespace vpsim
