// Each vpsim subcommand registers itself on the top-level CLI11 app. Callbacks throw InputError for
// bad input (exit 2); main() maps exceptions to exit codes and one-line messages.
#pragma once

#include <CLI/CLI.hpp>

namespace vpsim::cli {

void addTraceCommands(CLI::App& app);  // vpsim trace gen|info  (sim/cli/cli_trace.cpp)
void addRunCommands(CLI::App& app);    // vpsim run, vpsim layer  (sim/cli/cli_run.cpp)
void addHwCommands(CLI::App& app);     // vpsim hw params|check  (sim/cli/cli_hw.cpp)
void addSweepCommands(CLI::App& app);  // vpsim sweep  (sim/cli/cli_sweep.cpp)
void addReportCommand(CLI::App& app);  // vpsim report  (sim/cli/cli_report.cpp)
void addIsaCommands(CLI::App& app);
void addTrainCommand(CLI::App& app);  // vpsim train  (sim/cli/cli_train.cpp)

}  // namespace vpsim::cli
