// Reading files the tests' commands wrote (byte for byte; "" when the file is missing).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace vpsim::testing {

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace vpsim::testing
