#include "report/reframe_filler.h"

#include <gtest/gtest.h>

namespace reframe::internal {
namespace {

std::string Fill(std::string_view tmpl, const SlotValues& slots) {
  std::string out;
  EXPECT_TRUE(FillReframe(tmpl, slots, &out));
  return out;
}

TEST(ReframeFiller, KeepsTheWritersWordsAndCapitalises) {
  EXPECT_EQ(Fill("{longing}, and this week is packed.", {{"longing", "i do care about you"}}),
            "I do care about you, and this week is packed.");
  EXPECT_EQ(Fill("When you {act}, I feel alone.", {{"act", "Ignore me,"}}), "When you ignore me, I feel alone.");
  EXPECT_EQ(Fill("So {x}.", {{"x", "I want to"}}), "So I want to.");
}

TEST(ReframeFiller, ShoutingIsLoweredButIStaysCapital) {
  EXPECT_EQ(Fill("{x} and more", {{"x", "I MISS YOU"}}), "I miss you and more");
}

TEST(ReframeFiller, FallbackWhenUnfilled) {
  EXPECT_EQ(Fill("Call me {when|tonight}.", {}), "Call me tonight.");
  std::string out;
  EXPECT_FALSE(FillReframe("Call me {when}.", {}, &out));
}

}  // namespace
}  // namespace reframe::internal
