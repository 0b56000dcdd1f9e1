// Runs a shell command for CLI end-to-end tests; captures stdout (stderr goes to a file beside it).
#pragma once

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace vpsim::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline CommandResult runCommand(const std::string& cmd) {
  static int counter = 0;
  const std::string err_file = "/tmp/vpsim_test_stderr_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  CommandResult r;
  FILE* pipe = ::popen((cmd + " 2>" + err_file).c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream ss;
  ss << std::ifstream(err_file).rdbuf();
  r.err = ss.str();
  std::remove(err_file.c_str());
  return r;
}

// The built vpsim binary with SystemC's banner off.
inline std::string vpsim() { return std::string("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 ") + VPSIM_BINARY; }

}  // namespace vpsim::testing
