// writeFileAtomic implementation.
#include "sim/atomic_file.h"

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "traces/input_error.h"

namespace vpsim {

void writeFileAtomic(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot write file");
    out << content;
    if (!out.flush()) throw InputError(path + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write file");
  }
}

}  // namespace vpsim
