// What a run report becomes for people and programs: the JSON summary, the readable table, and the
// files of an output folder (see run_outputs.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sim/run/run_driver.h"

namespace vpsim {

nlohmann::json summaryJson(const RunReport& r);
std::string runTable(const RunReport& r);  // readable summary and per-epoch table
// DIR/summary.json, epochs.csv, layers.csv, bits_per_epoch.csv, widths.csv, passes.json (every
// unique pass: identity, GEMM, bits, simulated or from the cache, full result), each written atomically.
void writeRunReports(const RunReport& r, const std::string& dir);

}  // namespace vpsim
