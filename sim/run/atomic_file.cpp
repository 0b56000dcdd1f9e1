// writeFileAtomic implementation.
#include "sim/run/atomic_file.h"

#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "traces/input_error.h"

namespace vpsim {

void checkOutputPath(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory (expected a file to write)");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw InputError(path + ": directory " + parent.string() + " does not exist");
}

void checkOutputDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw InputError(dir + ": exists and is not a directory (--out names a directory)");
  for (fs::path p = fs::path(dir).parent_path(); !p.empty(); p = p.parent_path()) {
    if (fs::is_directory(p, ec)) break;
    if (fs::exists(p, ec)) throw InputError(dir + ": " + p.string() + " is not a directory");
    if (p == p.parent_path()) break;
  }
}

void checkSqliteFile(const std::string& path, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path + ": is a directory, not " + what);
  if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return;  // SQLite creates it
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  if (std::string(head, 15) != "SQLite format 3")
    throw InputError(path + ": not an SQLite file (expected " + what + ")");
}

void writeFileAtomic(const std::string& path, const std::string& content) {
  static std::atomic<int> counter{0};
  checkOutputPath(path);
  // Unique per process and call: two writers of the same path never share a temporary.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot write file");
    out << content;
    if (!out.flush()) {
      out.close();
      std::remove(tmp.c_str());
      throw InputError(path + ": write failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write file");
  }
}

}  // namespace vpsim
