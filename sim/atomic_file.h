// writeFileAtomic: writes a whole file through a temporary beside it and a rename, so a reader (or
// an interrupted run) never sees a half-written report.
#pragma once

#include <string>

namespace vpsim {

void writeFileAtomic(const std::string& path, const std::string& content);  // throws InputError

}  // namespace vpsim
