// Config folder and path resolution (see config_paths.h).
#include "sim/run/config_paths.h"

#include <cstdlib>
#include <filesystem>

namespace vpsim {

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

}  // namespace vpsim
