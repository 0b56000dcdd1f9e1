// Where configs come from: $VPSIM_CONFIGS, else the source tree's configs/; a path the user gives
// is taken as is when it exists, else relative to that folder (e.g. hw/bitfusion.yaml).
#pragma once

#include <string>

namespace vpsim {

std::string configsDir();
std::string resolveConfigPath(const std::string& path);

}  // namespace vpsim
