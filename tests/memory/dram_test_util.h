// Shared helpers of the memory tests: the configs directory of the source tree and preset loading.
#pragma once

#include <string>

#include "memory/dram_preset.h"

namespace vpsim::test {

inline std::string configsDir() { return std::string(VPSIM_SOURCE_DIR) + "/configs"; }
inline DramPreset preset(const std::string& name) { return loadDramPreset(dramPresetPath(configsDir(), name)); }

}  // namespace vpsim::test
