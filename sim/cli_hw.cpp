// vpsim hw params | check: the documented parameters of the hardware YAML blocks (from the code
// that reads them), and a config resolved and validated the way `vpsim run` would use it.
#include <iostream>

#include "pe/array_config.h"
#include "sim/cli_commands.h"
#include "sim/cli_util.h"
#include "sim/hw_config.h"

namespace vpsim::cli {

void addHwCommands(CLI::App& app) {
  auto* hw = app.add_subcommand("hw", "hardware configs: documented parameters, validation");
  hw->require_subcommand(1);
  hw->add_subcommand("params", "print the parameters of the array: and pe: blocks (name, unit, kinds, default)")
      ->callback([] {
        std::cout << "array:\n" << paramTable(kArrayParams) << "\npe:\n" << paramTable(kPeParams)
                  << "\nbuffers, dram: memory/memory_config.h; energy, vector, compute_energy, force_bits: "
                     "sim/hw_config.h; DRAM presets: configs/dram/; energy tables: configs/energy/\n";
      });
  auto file = std::make_shared<std::string>();
  auto* check = hw->add_subcommand("check", "load and validate a hardware config; print it resolved, with its hash");
  check->add_option("file", *file, "hardware config (YAML)")->required();
  check->callback([file] {
    const HwConfig h = loadHwConfig(resolveConfigPath(*file), configsDir());
    nlohmann::json j = h.toJson();
    j["hash"] = h.hash();
    printJson(j);
  });
}

}  // namespace vpsim::cli
