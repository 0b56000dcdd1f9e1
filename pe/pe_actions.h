// PeActions: what the energy model charges, counted by the PE cores while they compute and by the
// array timing rules without computing. Every field is a plain event count; the unit is given next
// to it. Counts add up over PEs, tiles and passes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vpsim {

struct PeActions {
  uint64_t macs = 0;           // products computed (operand pairs), useful work only
  uint64_t brick_ops = 0;      // bitfusion: brick_bits x brick_bits BitBrick multiplies
  uint64_t and_ops = 0;        // stripes/loom: 1-bit AND gates evaluated (stripes: serial bits x parallel bits)
  uint64_t mult_ops = 0;       // bitparallel/reference: width x width multiplier activations
  uint64_t shift_adds = 0;     // partial products shifted into an adder tree (bricks, bit planes, chunks)
  uint64_t acc_adds = 0;       // accumulator (partial-sum register) updates, one per PE step
  uint64_t overflows = 0;      // accumulator updates that wrapped or saturated
  uint64_t active_cycles = 0;  // PE-cycles spent computing (array: summed over PEs)
  uint64_t idle_cycles = 0;    // array only: PE-cycles with nothing to compute (fill, drain, padding)
  uint64_t operand_moves = 0;  // array only: operand or partial-sum registers moved to a neighbour PE
  uint64_t weight_loads = 0;   // array only: stationary operands written into PE registers

  PeActions& operator+=(const PeActions& o);
  bool operator==(const PeActions& o) const;
  bool operator!=(const PeActions& o) const { return !(*this == o); }
  std::vector<std::pair<const char*, uint64_t>> named() const;  // (field name, value) for reports
  std::string str() const;
};

// Name, unit and one-line description of every PeActions field, in named() order (report columns).
struct ActionDoc {
  const char* name;
  const char* unit;
  const char* description;
};
extern const std::vector<ActionDoc> kPeActionDocs;

}  // namespace vpsim
