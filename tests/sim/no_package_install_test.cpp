// Tests never install packages: what they use (chromium, slurm-wlm, munge, python3-torch) comes from
// the set-up of the README's test command (scripts/setup.sh --tests). Every file under tests/ is
// searched for a package manager call, and setup.sh must list each package the tests rely on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/common/files.h"

namespace vpsim {

namespace {

namespace fs = std::filesystem;

using vpsim::testing::readFile;

}  // namespace

TEST(NoPackageInstall, NoTestSourceCallsAPackageManager) {
  // Spelled in pieces so that this file does not match itself.
  const std::vector<std::string> calls = {std::string("apt") + "-get", std::string("apt ") + "install",
                                          std::string("dpkg ") + "-i", std::string("pip") + " install"};
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(VPSIM_SOURCE_DIR) / "tests")) {
    if (!e.is_regular_file()) continue;
    const std::string ext = e.path().extension().string();
    if (ext != ".cpp" && ext != ".h" && ext != ".sh" && ext != ".txt" && ext != ".py") continue;
    ++files;
    const std::string text = readFile(e.path());
    for (const auto& c : calls) EXPECT_EQ(text.find(c), std::string::npos) << e.path() << " mentions " << c;
  }
  EXPECT_GT(files, 50) << "the test sources were not found";
}

TEST(NoPackageInstall, TestSetUpInstallsWhatTheTestsUse) {
  const std::string setup = readFile(fs::path(VPSIM_SOURCE_DIR) / "scripts/setup.sh");
  const size_t tests = setup.find("if ((TESTS)); then PACKAGES+=(");
  ASSERT_NE(tests, std::string::npos) << "scripts/setup.sh has no --tests package list";
  const std::string list = setup.substr(tests, setup.find(')', tests + 30) - tests);
  for (const char* p : {"chromium", "slurm-wlm", "munge", "python3-torch"})
    EXPECT_NE(list.find(p), std::string::npos) << p << " is not in setup.sh's --tests packages";
  const std::string test_sh = readFile(fs::path(VPSIM_SOURCE_DIR) / "scripts/test.sh");
  EXPECT_NE(test_sh.find("scripts/setup.sh --tests"), std::string::npos) << "the README's test command must run it";
}

}  // namespace vpsim
