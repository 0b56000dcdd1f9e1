// `vpsim report` for a run directory and a sweep DB, opened in a real headless browser (Debian's
// chromium, which scripts/setup.sh --tests installs): the page loads with no errors and every figure is there.
// Screenshots are kept in <build>/test-artifacts/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/common/run_command.h"

namespace vpsim {

using testing::runCommand;
using testing::vpsim;

namespace {

namespace fs = std::filesystem;

std::string artifacts() {
  const auto d = fs::path(VPSIM_BINARY).parent_path() / "test-artifacts";
  fs::create_directories(d);
  return d.string();
}

void ensureChromium() {
  // Installed by the set-up of the test command (scripts/setup.sh --tests); tests never install.
  auto r = runCommand("command -v chromium");
  ASSERT_EQ(r.exit_code, 0) << "chromium is not installed: run scripts/test.sh (or scripts/setup.sh --tests), "
                               "which installs the packages the tests use";
}

// Loads the page headless; returns #status's attributes (ok, total, errors); saves a screenshot.
std::array<int, 3> openInBrowser(const std::string& html, const std::string& shot, const std::string& profile) {
  const std::string flags = " --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=" + profile;
  auto r = runCommand("timeout 120 chromium" + flags + " --virtual-time-budget=5000 --dump-dom file://" + html);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::smatch m;
  const std::regex status("id=\"status\" data-ok=\"(\\d+)\" data-total=\"(\\d+)\" data-errors=\"(\\d+)\"");
  EXPECT_TRUE(std::regex_search(r.out, m, status)) << "no status line in the page: " << r.out.substr(0, 500);
  if (m.empty()) return {-1, -1, -1};
  runCommand("timeout 120 chromium" + flags + " --window-size=1280,3000 --screenshot=" + shot + " file://" + html);
  EXPECT_TRUE(fs::exists(shot));
  return {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
}

class ReportHtmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("report_html_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& n) const { return (dir_ / n).string(); }
  fs::path dir_;
};

}  // namespace

TEST_F(ReportHtmlTest, RunReportLoadsInChromiumWithEveryFigure) {
  ensureChromium();
  auto r = runCommand(
      vpsim() + " trace gen --model resnet20 --dataset cifar10 --schedule cpt:3-8/8 --iterations 30 --batch 16 -o " +
      path("t.jsonl"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runCommand(vpsim() + " run --hw hw/bitfusion.yaml --trace " + path("t.jsonl") + " --no-cache --out " +
                 path("run"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runCommand(vpsim() + " report " + path("run") + " --html " + path("run.html") + " --trace " + path("t.jsonl") +
                 " --window 0:30");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* id : {"energy_per_epoch", "time_per_epoch", "bits_per_epoch", "precision_heatmap_epochs",
                         "widths_used", "precision_heatmap_iterations", "energy_per_layer"}) {
    EXPECT_TRUE(fs::exists(path("run_data/") + id + ".csv")) << id;
    EXPECT_TRUE(fs::exists(path("run_data/") + id + ".svg")) << id;
  }
  const auto s = openInBrowser(path("run.html"), artifacts() + "/report-run.png", path("profile"));
  EXPECT_EQ(s[1], 7);
  EXPECT_EQ(s[0], s[1]) << "figures that did not load";
  EXPECT_EQ(s[2], 0) << "page errors";
}

TEST_F(ReportHtmlTest, SweepReportLoadsInChromiumWithParetoAndAxisEffects) {
  ensureChromium();
  std::ofstream(path("spec.yaml"))
      << "name: report\nbase: hw/bitfusion.yaml\nworkloads:\n"
      << "  - {model: resnet20, dataset: cifar10, schedule: \"static:8/8\", iterations: 10, batch: 16}\n"
      << "axes:\n  array.rows: [8, 16]\n  array.cols: [16, 32]\n"
      << "  dram: [{model: ideal, bits_per_cycle: 64}, {model: ideal, bits_per_cycle: 192}]\n"
      << "zip:\n  - [array.rows, array.cols]\n";
  auto r = runCommand(vpsim() + " sweep " + path("spec.yaml") + " --jobs 2 --no-progress --no-cache --db " +
                      path("s.sqlite"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = runCommand(vpsim() + " report " + path("s.sqlite") + " --html " + path("s.html"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* id : {"pareto_0", "axis_0", "axis_1"}) EXPECT_TRUE(fs::exists(path("s_data/") + id + ".csv")) << id;
  // array.rows and array.cols advance together: one figure for both, not two of the same comparison.
  EXPECT_FALSE(fs::exists(path("s_data/axis_2.csv"))) << "tied axes in one figure";
  std::ifstream in(path("s.html"));
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(html.find("http://"), std::string::npos) << "the page must not fetch anything";
  EXPECT_EQ(html.find("https://"), std::string::npos) << "the page must not fetch anything";
  EXPECT_TRUE(html.find("Effect of array.rows (with array.cols, tied to it)") != std::string::npos ||
              html.find("Effect of array.cols (with array.rows, tied to it)") != std::string::npos);
  EXPECT_NE(html.find("<th>#</th>"), std::string::npos) << "front points numbered as in the figure";
  const auto s = openInBrowser(path("s.html"), artifacts() + "/report-sweep.png", path("profile"));
  EXPECT_EQ(s[1], 3);
  EXPECT_EQ(s[0], s[1]);
  EXPECT_EQ(s[2], 0);
}

TEST_F(ReportHtmlTest, BadInputsExitTwoWithOneLine) {
  auto r = runCommand(vpsim() + " report " + path("nothing"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nothing"), std::string::npos) << r.err;
  fs::create_directories(path("empty"));
  r = runCommand(vpsim() + " report " + path("empty"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("summary.json"), std::string::npos) << r.err;
}

}  // namespace vpsim
