// vpsim hw params | check: the documented parameters of the hardware YAML blocks (from the code
// that reads them), and a config resolved and validated the way `vpsim run` would use it.
#include <iostream>

#include "memory/memory_config.h"
#include "pe/array_config.h"
#include "sim/arch/hw_config.h"
#include "sim/arch/model_version.h"
#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_util.h"

namespace vpsim::cli {

namespace {

struct ParamBlock {
  const char* block;  // YAML path of the block ("" for the root, "buffers.<buffer>" for each buffer)
  const std::vector<ParamDoc>* params;
};

const std::vector<ParamBlock>& paramBlocks() {
  static const std::vector<ParamBlock> blocks = {{"", &kHwParams},
                                                 {"array", &kArrayParams},
                                                 {"pe", &kPeParams},
                                                 {"buffers.<buffer>", &kBufferParams},
                                                 {"dram", &kDramParams}};
  return blocks;
}

nlohmann::json paramsJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& b : paramBlocks())
    for (const auto& p : *b.params)
      out.push_back({{"block", b.block},
                     {"name", p.name},
                     {"unit", p.unit},
                     {"kinds", p.kinds},
                     {"default", p.default_value},
                     {"affects_results", p.affects_results},
                     {"description", p.description}});
  return out;
}

}  // namespace

void addHwCommands(CLI::App& app) {
  auto* hw = app.add_subcommand("hw", "hardware configs: documented parameters, validation");
  hw->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  auto* params = hw->add_subcommand("params",
                                    "print the parameters of every hardware block (name, unit, kinds, default, "
                                    "whether it affects results)");
  params->add_flag("--json", *json,
                   "one JSON array of {block, name, unit, kinds, default, affects_results, description}");
  params->callback([json] {
    if (*json) return printJson(paramsJson());
    for (const auto& b : paramBlocks())
      std::cout << (*b.block ? b.block : "(root)") << ":\n" << paramTable(*b.params) << "\n";
    std::cout << "DRAM presets: configs/dram/ (every value counts); energy tables: configs/energy/ (every value "
                 "counts). Model version: "
              << kModelVersion << "\n";
  });
  auto file = std::make_shared<std::string>();
  auto* check = hw->add_subcommand("check", "load and validate a hardware config; print it resolved, with its hash");
  check->add_option("file", *file, "hardware config (YAML)")->required();
  check->callback([file] {
    const HwConfig h = loadHwConfig(resolveConfigPath(*file), configsDir());
    nlohmann::json j = h.toJson();
    j["hash"] = h.hash();
    j["identity"] = h.identityJson();
    j["model_version"] = kModelVersion;
    printJson(j);
  });
}

}  // namespace vpsim::cli
