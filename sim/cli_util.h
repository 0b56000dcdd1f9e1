// Small helpers shared by the CLI subcommands: the configs directory, JSON to stdout, number formats.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace vpsim::cli {

// A check the user asked for found a difference (e.g. layer --values): main prints the message and
// exits 1, after the command's report went to stdout.
class CheckFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string configsDir();  // $VPSIM_CONFIGS, else the source tree's configs/
// Resolves a config path: as given if it exists, else relative to configsDir() (e.g. hw/bitfusion.yaml).
std::string resolveConfigPath(const std::string& path);
void printJson(const nlohmann::json& j);  // one object on stdout, nothing else
std::string human(double v);              // 1.23e+09 -> "1.23 G"

}  // namespace vpsim::cli
