// ArrayConfig: names, validation and parsing of the `array:` block.
#include "pe/array_config.h"

#include "traces/input_error.h"

namespace vpsim {

const std::vector<ParamDoc> kArrayParams = {
    {"rows", "PEs", "array", "16", "PE rows; the reduction (k) dimension is spread over them"},
    {"cols", "PEs", "array", "32", "PE columns; the output (n) dimension is spread over them"},
    {"pe", "-", "array", "bitfusion", "PE kind: bitfusion, stripes, loom, bitparallel, int8, int16, fp32, reference"},
    {"dataflow", "-", "array", "weight_stationary",
     "weight_stationary; output_stationary (PE array only) is rejected by hardware configs: the compiler tiles "
     "weight-stationary"},
};

const char* dataflowName(Dataflow d) {
  return d == Dataflow::WeightStationary ? "weight_stationary" : "output_stationary";
}

const char* fidelityName(Fidelity f) { return f == Fidelity::Tile ? "tile" : "cycle"; }

Fidelity parseFidelity(const std::string& s) {
  if (s == "tile") return Fidelity::Tile;
  if (s == "cycle") return Fidelity::Cycle;
  throw InputError("unknown fidelity '" + s + "' (expected tile or cycle)");
}

void ArrayConfig::validate() const {
  if (rows < 1 || rows > 4096) throw InputError("array: rows " + std::to_string(rows) + " outside [1, 4096]");
  if (cols < 1 || cols > 4096) throw InputError("array: cols " + std::to_string(cols) + " outside [1, 4096]");
  peConfigByName(pe);  // throws for an unknown kind
}

ArrayConfig parseArrayConfig(const ConfigNode& node) {
  node.allowOnly({"rows", "cols", "pe", "dataflow"});
  ArrayConfig a;
  a.rows = static_cast<int>(node.getInt("rows", 1, 4096));
  a.cols = static_cast<int>(node.getInt("cols", 1, 4096));
  a.pe = node.get<std::string>("pe");
  try {
    peConfigByName(a.pe);
  } catch (const InputError& e) {
    node.child("pe").fail(e.what());
  }
  if (node.has("dataflow")) {
    auto d = node.get<std::string>("dataflow");
    if (d == "weight_stationary")
      a.dataflow = Dataflow::WeightStationary;
    else if (d == "output_stationary")
      a.dataflow = Dataflow::OutputStationary;
    else
      node.child("dataflow").fail("expected weight_stationary or output_stationary, got '" + d + "'");
  }
  return a;
}

ArrayPeConfig parseArrayAndPe(const ConfigNode& root) {
  ArrayPeConfig c;
  c.array = parseArrayConfig(root.child("array"));
  if (auto pe = root.optChild("pe"))
    c.pe = parsePeConfig(c.array.pe, *pe);
  else
    c.pe = peConfigByName(c.array.pe);
  return c;
}

}  // namespace vpsim
