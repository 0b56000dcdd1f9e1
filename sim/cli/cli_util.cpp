// CLI helpers.
#include "sim/cli/cli_util.h"

#include <iostream>

namespace vpsim::cli {

void printJson(const nlohmann::json& j) { std::cout << j.dump(2) << std::endl; }

}  // namespace vpsim::cli
