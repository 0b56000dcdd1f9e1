// The catalogue of bad inputs (tests/data/bad_inputs/catalogue.tsv), one ctest per row, run through
// the vpsim binary. Every row must end in exit code 2 with exactly one line on stderr, starting
// "vpsim: error: ", containing the row's fragment (the file, key or line it names and the reason),
// and nothing on stdout. A row is `id<TAB>fragment<TAB>shell command`; the command runs under bash in
// a fresh scratch directory with $VPSIM (the binary), $CONFIGS (the shipped configs/) and $DATA
// (tests/data/bad_inputs/) set. '#' lines and blank lines are skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/common/run_command.h"

namespace vpsim {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(VPSIM_SOURCE_DIR) + "/tests/data/bad_inputs";

struct BadInput {
  std::string id, fragment, command;
  int line = 0;
};

std::vector<BadInput> loadCatalogue() {
  std::vector<BadInput> rows;
  std::ifstream in(kData + "/catalogue.tsv");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t'), t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      rows.push_back({"malformed_line_" + std::to_string(n), "", "", n});
      continue;
    }
    rows.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1), n});
  }
  return rows;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class BadInputCatalogue : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputCatalogue, ExitsTwoWithOneNamedLine) {
  const BadInput& b = GetParam();
  ASSERT_FALSE(b.command.empty()) << "catalogue.tsv:" << b.line << ": expected id<TAB>fragment<TAB>command";
  ASSERT_FALSE(b.fragment.empty()) << "catalogue.tsv:" << b.line << ": empty fragment";
  const fs::path dir = fs::path(::testing::TempDir()) / ("bad_input_" + b.id);
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string env = "cd " + quote(dir.string()) + " && export VPSIM=" + quote(VPSIM_BINARY) +
                          " CONFIGS=" + quote(std::string(VPSIM_SOURCE_DIR) + "/configs") + " DATA=" + quote(kData) +
                          " SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 VPSIM_CACHE=" + quote((dir / "memo.sqlite").string()) +
                          " && ";
  const auto r = testing::runCommand("bash -c " + quote(env + b.command) + " </dev/null");
  SCOPED_TRACE("catalogue.tsv:" + std::to_string(b.line) + ": " + b.command);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "") << "nothing on stdout";
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line on stderr:\n" << r.err;
  EXPECT_EQ(r.err.rfind("vpsim: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(b.fragment), std::string::npos) << "expected '" << b.fragment << "' in:\n" << r.err;
  fs::remove_all(dir);
}

std::string caseName(const ::testing::TestParamInfo<BadInput>& info) {
  std::string n;
  for (char c : info.param.id) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Rows, BadInputCatalogue, ::testing::ValuesIn(loadCatalogue()), caseName);

// Ids are unique (gtest would refuse duplicates silently only at run time) and every class of the
// hardening issue has rows.
TEST(BadInputCatalogueShape, UniqueIdsAndEveryClass) {
  const auto rows = loadCatalogue();
  std::set<std::string> ids, classes;
  for (const auto& r : rows) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    classes.insert(r.id.substr(0, r.id.find('.')));
  }
  EXPECT_GE(rows.size(), 150u);
  for (const char* c : {"yaml", "hw", "dram", "energy", "trace", "schedule", "sweep", "train", "flag", "layer", "isa"})
    EXPECT_TRUE(classes.count(c)) << "no rows of class " << c;
}

}  // namespace
}  // namespace vpsim
