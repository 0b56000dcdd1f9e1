// The vpsim binary: subcommands over the vpsim libraries. stdout carries results (tables or one
// JSON object under --json); logs go to stderr through spdlog.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "sim/cli_commands.h"
#include "sim/cli_util.h"
#include "traces/input_error.h"

// libsystemc references sc_main; vpsim has its own main and elaborates modules directly.
extern "C" int sc_main(int, char*[]) { return 0; }

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  spdlog::set_default_logger(spdlog::stderr_color_mt("vpsim"));
  spdlog::set_pattern("[%l] %v");

  CLI::App app{"vpsim: bit-accurate simulator of variable-precision DNN accelerators"};
  app.require_subcommand(1);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error|off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.parse_complete_callback([&] { spdlog::set_level(spdlog::level::from_str(log_level)); });
  vpsim::cli::addTraceCommands(app);
  vpsim::cli::addRunCommands(app);
  vpsim::cli::addHwCommands(app);
  vpsim::cli::addSweepCommands(app);
  vpsim::cli::addReportCommand(app);
  vpsim::cli::addIsaCommands(app);
  vpsim::cli::addTrainCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "vpsim: error: " << e.what() << "\n";
    return 2;
  } catch (const vpsim::InputError& e) {
    std::cerr << "vpsim: error: " << e.what() << "\n";
    return 2;
  } catch (const vpsim::cli::CheckFailure& e) {
    std::cerr << "vpsim: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "vpsim: internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
