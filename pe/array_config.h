// ArrayConfig: the `array:` block of a hardware config (rows x cols of one PE kind, dataflow),
// with its documented parameters and parsing. Rows carry the reduction (k) dimension, columns the
// output (n) dimension, as in Bit Fusion (rows = input channels, columns = output channels).
#pragma once

#include <string>
#include <vector>

#include "pe/pe_config.h"
#include "traces/config_node.h"

namespace vpsim {

enum class Dataflow { WeightStationary, OutputStationary };
enum class Fidelity { Tile, Cycle };
const char* dataflowName(Dataflow d);
const char* fidelityName(Fidelity f);
Fidelity parseFidelity(const std::string& s);  // "tile" | "cycle"; throws InputError

struct ArrayConfig {
  int rows = 16;                 // PEs per column (reduction dimension)
  int cols = 32;                 // PEs per row (output dimension)
  std::string pe = "bitfusion";  // PE factory name (see peKindNames())
  Dataflow dataflow = Dataflow::WeightStationary;
  void validate() const;  // throws InputError
};
extern const std::vector<ParamDoc> kArrayParams;

// Parse the `array:` block alone.
ArrayConfig parseArrayConfig(const ConfigNode& node);

// Both blocks of a hardware config root: `array:` (required) and `pe:` (optional, defaults of the
// kind named in array.pe). The root's other keys belong to sim/ and are not checked here.
struct ArrayPeConfig {
  ArrayConfig array;
  PeConfig pe;
};
ArrayPeConfig parseArrayAndPe(const ConfigNode& root);

}  // namespace vpsim
