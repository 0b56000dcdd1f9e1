// Small helpers shared by the CLI subcommands: JSON to stdout, the check-failure exit (and, for
// convenience, the configs folder and number format they all use).
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "sim/report/report_table.h"  // human()
#include "sim/run/config_paths.h"     // configsDir(), resolveConfigPath()

namespace vpsim::cli {

// A check the user asked for found a difference (e.g. layer --values): main prints the message and
// exits 1, after the command's report went to stdout.
class CheckFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void printJson(const nlohmann::json& j);  // one object on stdout, nothing else

}  // namespace vpsim::cli
