// vpsim trace gen|info (placeholder until the trace module lands).
#include "sim/cli_commands.h"

namespace vpsim::cli {
void addTraceCommands(CLI::App& app) {
  auto* trace = app.add_subcommand("trace", "generate and inspect layer traces");
  trace->require_subcommand(1);
}
}  // namespace vpsim::cli
