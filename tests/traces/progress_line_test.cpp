// The shared progress display: formats, throttling by mode.
#include <gtest/gtest.h>

#include "traces/progress_line.h"

namespace vpsim {

TEST(ProgressLine, FormatsBarsDurationsAndClocks) {
  EXPECT_EQ(ProgressLine::bar(0.5, 10), "[#####.....]");
  EXPECT_EQ(ProgressLine::bar(1.7, 4), "[####]");  // clamped
  EXPECT_EQ(ProgressLine::bar(-1, 4), "[....]");
  EXPECT_EQ(ProgressLine::duration(12.4), "12s");
  EXPECT_EQ(ProgressLine::duration(185), "3m05s");
  EXPECT_EQ(ProgressLine::duration(3720), "1h02m");
  EXPECT_EQ(ProgressLine::clock(3725), "1:02:05");
}

TEST(ProgressLine, ModesFollowTheSetting) {
  EXPECT_EQ(ProgressLine::modeFor("off"), ProgressLine::Mode::Off);
  EXPECT_EQ(ProgressLine::modeFor("on"), ProgressLine::Mode::Terminal);
}

TEST(ProgressLine, OffIsNeverDueAndLogWaitsItsInterval) {
  ProgressLine off(ProgressLine::Mode::Off, std::chrono::milliseconds(0));
  EXPECT_FALSE(off.due(true));
  ProgressLine log(ProgressLine::Mode::Log, std::chrono::hours(1));
  EXPECT_FALSE(log.due());     // an hour has not passed since the start
  EXPECT_TRUE(log.due(true));  // forced
  ProgressLine every(ProgressLine::Mode::Log, std::chrono::milliseconds(0));
  EXPECT_TRUE(every.due());
}

}  // namespace vpsim
