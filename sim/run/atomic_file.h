// writeFileAtomic: writes a whole file through a temporary beside it and a rename, so a reader (or
// an interrupted run) never sees a half-written report.
#pragma once

#include <string>

namespace vpsim {

void writeFileAtomic(const std::string& path, const std::string& content);  // throws InputError
// Before any work: `path` must not be a directory and its parent directory must exist (InputError).
void checkOutputPath(const std::string& path);
// An output directory (--out): it may not exist yet, but must not be a file; its parent must exist
// or be creatable. Checked before any work.
void checkOutputDir(const std::string& dir);
// An existing `path` must be an SQLite file (header "SQLite format 3"); `what` names it in the error.
void checkSqliteFile(const std::string& path, const std::string& what);

}  // namespace vpsim
