// inputErrorOf: the message of the InputError `f` throws, or "" if it throws none. Tests compare
// it with the exact one-line message a user would see.
#pragma once

#include <functional>
#include <string>

#include "traces/input_error.h"

namespace vpsim::testing {

inline std::string inputErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace vpsim::testing
