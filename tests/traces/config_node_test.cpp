// ConfigNode: errors name the file, the key path and the line.
#include <gtest/gtest.h>

#include "tests/common/input_error_of.h"
#include "traces/config_node.h"

namespace vpsim {

static std::string errorOf(const std::function<void()>& f) { return testing::inputErrorOf(f); }

TEST(ConfigNode, MissingKeyNamesFileAndKey) {
  auto n = ConfigNode::loadString("array:\n  rows: 16\n", "hw.yaml");
  EXPECT_EQ(n.child("array").get<int>("rows"), 16);
  EXPECT_EQ(errorOf([&] { n.child("array").get<int>("cols"); }), "hw.yaml:2: array: missing required key 'cols'");
}

TEST(ConfigNode, UnknownKeyAndRange) {
  auto n = ConfigNode::loadString("a: 1\nbogus: 2\n", "x.yaml");
  EXPECT_EQ(errorOf([&] { n.allowOnly({"a"}); }), "x.yaml:2: bogus: unknown key (allowed: a)");
  EXPECT_NE(errorOf([&] { n.getInt("a", 2, 5); }).find("x.yaml:1: a: value 1 outside"), std::string::npos);
  EXPECT_EQ(n.getInt("missing", 0, 9, 7), 7);
}

TEST(ConfigNode, TypeError) {
  auto n = ConfigNode::loadString("rows: sixteen\n", "hw.yaml");
  EXPECT_EQ(errorOf([&] { n.get<int>("rows"); }), "hw.yaml:1: rows: cannot read 'sixteen' as the expected type");
}

}  // namespace vpsim
