// Helpers of the libFuzzer targets (tests/fuzz/*_fuzz.cpp). On any input a parser returns a result
// or throws an InputError with a message (the CLI prints it on one line and exits 2); anything else
// is a finding: another exception (exit 1 for an ordinary mistake), a crash, an ASan/UBSan report,
// a leak, a hang (-timeout) or memory beyond -rss_limit_mb.
#pragma once

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include "sim/cli/sanitizer_defaults.h"
#include "traces/input_error.h"

// libsystemc references sc_main (and brings a main that libFuzzer's replaces); never called.
extern "C" int sc_main(int, char*[]) { return 0; }

namespace vpsim::fuzz {

// The input as a file, for parsers that read a path: one file per process, rewritten per input.
inline std::string inputFile(const uint8_t* data, size_t size, const std::string& ext) {
  static const std::string dir = [] {
    const char* t = std::getenv("TMPDIR");
    return std::string(t && *t ? t : "/tmp");
  }();
  const std::string path = dir + "/vpsim-fuzz-" + std::to_string(getpid()) + ext;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), std::streamsize(size));
  return path;
}

inline std::string text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs f; an InputError (with a message) is the expected way to refuse, anything else aborts.
template <typename F>
void expectResultOrInputError(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    if (std::string(e.what()).empty()) {
      std::fprintf(stderr, "fuzz: InputError with an empty message\n");
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: not an InputError (the CLI would exit 1): %s\n", e.what());
    std::abort();
  }
}

inline void quiet() { spdlog::set_level(spdlog::level::off); }

}  // namespace vpsim::fuzz
