// The vpsim binary: subcommands over the vpsim libraries. stdout carries results (tables or one
// JSON object under --json); logs go to stderr through spdlog.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "memory/tlm_protocol_checker.h"
#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_util.h"
#include "sim/cli/sanitizer_defaults.h"
#include "traces/input_error.h"

// libsystemc references sc_main; vpsim has its own main and elaborates modules directly.
extern "C" int sc_main(int, char*[]) { return 0; }

namespace {

// The first argument the deepest parsed subcommand left over, or "".
std::string firstUnparsed(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands()) {
    std::string s = firstUnparsed(*sub);
    if (!s.empty()) return s;
  }
  const auto rest = app.remaining();
  return rest.empty() ? "" : rest.front();
}

std::string unknownArgument(CLI::App& app, const std::string& arg) {
  std::string path = "vpsim";
  for (CLI::App* a = &app; !a->get_subcommands().empty();)
    a = a->get_subcommands().front(), path += " " + a->get_name();
  if (arg.rfind('-', 0) == 0) return path + ": unknown option '" + arg + "' (see " + path + " --help)";
  return path + ": unknown subcommand or argument '" + arg + "' (see " + path + " --help)";
}

// Messages quote what the user wrote, which may hold line breaks: the error stays one line.
std::string oneLine(std::string m) {
  for (size_t i = 0; i < m.size(); ++i)
    if (m[i] == '\n' || m[i] == '\r') m.replace(i, 1, m[i] == '\n' ? "\\n" : "\\r"), ++i;
  return m;
}

}  // namespace

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
  } catch (const CLI::RequiredError& e) {
    // CLI11 checks requirements before it reports arguments it did not recognize: name those first
    // (`run --bogus` is a typo, not a missing --hw; `vpsim bogus` is no subcommand).
    const std::string stray = firstUnparsed(app);
    std::cerr << "vpsim: error: " << oneLine(stray.empty() ? std::string(e.what()) : unknownArgument(app, stray))
              << "\n";
    return 2;
  } catch (const CLI::ParseError& e) {
    std::cerr << "vpsim: error: " << oneLine(e.what()) << "\n";
    return 2;
  } catch (const vpsim::InputError& e) {
    std::cerr << "vpsim: error: " << oneLine(e.what()) << "\n";
    return 2;
  } catch (const vpsim::cli::CheckFailure& e) {
    std::cerr << "vpsim: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "vpsim: internal error: " << e.what() << "\n";
    return 1;
  }
  if (vpsim::tlmChecksEnabled() && vpsim::TlmProtocolChecker::allTransactions() > 0)
    spdlog::info("TLM-2.0 base-protocol checks: {} transactions, no violation",
                 vpsim::TlmProtocolChecker::allTransactions());
  return 0;
}
