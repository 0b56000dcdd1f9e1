// ParamDoc: one documented parameter of a configuration block, declared next to the code that reads
// it (SST ELI style), so `vpsim hw params` prints the tables and a test walks them: every parameter
// either changes a result's identity (sim/arch/result_identity.h) or is declared not to affect results.
#pragma once

#include <string>
#include <vector>

namespace vpsim {

struct ParamDoc {
  const char* name;  // key inside its block, e.g. "accumulator_bits" or "vector.lanes"
  const char* unit;
  const char* kinds;  // which variants of the block accept it ("all", "bitfusion", "timing", ...)
  const char* default_value;
  const char* description;
  bool affects_results = true;  // false: documentation only (names, sources); never part of an identity
};

// Fixed-width text table (name, unit, kinds, default, affects results, description).
std::string paramTable(const std::vector<ParamDoc>& params);

}  // namespace vpsim
