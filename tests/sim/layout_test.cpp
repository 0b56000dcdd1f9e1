// sim/'s rooms and their one-way arrows (sim/CMakeLists.txt): every #include "sim/<room>/..." in a
// room's files names that room or one to its left, no other top-level folder includes sim/, and
// every file of sim/ stays under 300 lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = VPSIM_SOURCE_DIR;

// What each room may include (itself and the rooms below it).
const std::map<std::string, std::set<std::string>> kAllowed = {
    {"arch", {"arch"}},
    {"run", {"arch", "run"}},
    {"cosim", {"arch", "run", "cosim"}},
    {"sweep", {"arch", "run", "sweep"}},
    {"report", {"arch", "run", "sweep", "report"}},
    {"cli", {"arch", "run", "cosim", "sweep", "report", "cli"}},
};

bool isSource(const fs::path& p) { return p.extension() == ".h" || p.extension() == ".cpp"; }

// The rooms of sim/ that `file` includes, each with the line it is on.
std::vector<std::pair<std::string, int>> simIncludes(const fs::path& file) {
  static const std::regex include(R"(^\s*#\s*include\s*"sim/([A-Za-z0-9_]+)/)");
  std::vector<std::pair<std::string, int>> out;
  std::ifstream in(file);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, include)) out.emplace_back(m[1], n);
  }
  return out;
}

}  // namespace

TEST(Layout, SimHoldsOnlyRooms) {
  for (const auto& e : fs::directory_iterator(kRoot / "sim")) {
    if (e.is_directory()) {
      EXPECT_TRUE(kAllowed.count(e.path().filename().string()))
          << "sim/" << e.path().filename().string() << " is no room";
    } else {
      EXPECT_EQ(e.path().filename(), "CMakeLists.txt") << e.path() << ": sim/'s files live in its rooms";
    }
  }
}

TEST(Layout, RoomsIncludeOnlyRoomsBelowThem) {
  int checked = 0;
  for (const auto& [room, allowed] : kAllowed) {
    for (const auto& e : fs::recursive_directory_iterator(kRoot / "sim" / room)) {
      if (!isSource(e.path())) continue;
      ++checked;
      for (const auto& [target, line] : simIncludes(e.path()))
        EXPECT_TRUE(allowed.count(target))
            << fs::relative(e.path(), kRoot).string() << ":" << line << ": sim/" << room << " includes sim/" << target
            << " (arrows: arch <- run <- cosim, sweep <- report <- cli)";
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(Layout, LibrariesBelowSimNeverIncludeIt) {
  for (const char* folder : {"traces", "workloads", "pe", "memory", "isa"}) {
    for (const auto& e : fs::recursive_directory_iterator(kRoot / folder)) {
      if (!isSource(e.path())) continue;
      const auto includes = simIncludes(e.path());
      EXPECT_TRUE(includes.empty()) << fs::relative(e.path(), kRoot).string() << ":"
                                    << (includes.empty() ? 0 : includes[0].second) << ": " << folder
                                    << "/ includes sim/";
    }
  }
}

TEST(Layout, SimFilesStayUnder300Lines) {
  for (const auto& e : fs::recursive_directory_iterator(kRoot / "sim")) {
    if (!isSource(e.path())) continue;
    std::ifstream in(e.path());
    int lines = 0;
    for (std::string l; std::getline(in, l);) ++lines;
    EXPECT_LT(lines, 300) << fs::relative(e.path(), kRoot).string();
  }
}
