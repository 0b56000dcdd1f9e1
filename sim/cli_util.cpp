// CLI helpers.
#include "sim/cli_util.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace vpsim::cli {

std::string configsDir() {
  if (const char* env = std::getenv("VPSIM_CONFIGS")) return env;
  return VPSIM_DEFAULT_CONFIGS_DIR;
}

std::string resolveConfigPath(const std::string& path) {
  namespace fs = std::filesystem;
  if (fs::exists(path)) return path;
  const fs::path in_configs = fs::path(configsDir()) / path;
  return fs::exists(in_configs) ? in_configs.string() : path;
}

void printJson(const nlohmann::json& j) { std::cout << j.dump(2) << std::endl; }

std::string human(double v) {
  const char* units[] = {"", " k", " M", " G", " T", " P", " E", " Z"};
  int u = 0;
  while (std::fabs(v) >= 1000.0 && u < 7) v /= 1000.0, ++u;
  return fmt::format("{:.3g}{}", v, units[u]);
}

}  // namespace vpsim::cli
