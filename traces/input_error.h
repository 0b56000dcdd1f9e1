// InputError: bad user input (config, trace, CLI flag, dataset). The CLI turns it into a one-line
// message and exit code 2; everything else that throws is an internal failure (exit 1).
#pragma once

#include <stdexcept>
#include <string>

namespace vpsim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace vpsim
