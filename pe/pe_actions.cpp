// PeActions: summing, comparison and naming for reports.
#include "pe/pe_actions.h"

namespace vpsim {

std::vector<std::pair<const char*, uint64_t>> PeActions::named() const {
  return {{"macs", macs},           {"brick_ops", brick_ops},         {"and_ops", and_ops},
          {"mult_ops", mult_ops},   {"shift_adds", shift_adds},       {"acc_adds", acc_adds},
          {"overflows", overflows}, {"active_cycles", active_cycles}, {"idle_cycles", idle_cycles},
          {"operand_moves", operand_moves}, {"weight_loads", weight_loads}};
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
