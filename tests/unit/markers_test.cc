// Marker lines in drafts (pipeline/markers.h). See: issue 15.
#include "pipeline/markers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace reframe::internal {
namespace {

// Which lines of `text` are skipped, as a string of 0/1 per line.
std::string Skipped(const std::string& text) {
  MarkerState state;
  std::string out;
  size_t p = 0;
  for (;;) {
    const size_t nl = text.find('\n', p);
    out += SkipLine(text.substr(p, nl == std::string::npos ? std::string::npos : nl - p), state) ? '1' : '0';
    if (nl == std::string::npos) break;
    p = nl + 1;
  }
  return out;
}

TEST(Markers, IgnoreSkipsTheNextLineWithText) {
  EXPECT_EQ(Skipped("a\nreframe: ignore\nb\nc"), "0110");
  EXPECT_EQ(Skipped("reframe: ignore\n\n  \nb\nc"), "10010");  // blank lines wait
  EXPECT_EQ(Skipped("reframe: ignore\nreframe: ignore\nb\nc"), "1110");
  EXPECT_EQ(Skipped("b\nreframe: ignore"), "01");
}

TEST(Markers, OffUntilOn) {
  EXPECT_EQ(Skipped("a\nreframe: off\nb\n\nc\nreframe: on\nd"), "0111110");
  EXPECT_EQ(Skipped("reframe: off\nb\nc"), "111");  // to the end
}

TEST(Markers, CommentsCaseAndSpacing) {
  for (const char* marker : {"reframe: ignore", "# reframe: ignore", "// reframe: ignore", "<!-- reframe: ignore -->",
                             "/* reframe: ignore */", "  Reframe:ignore  ", "REFRAME : IGNORE", "% reframe: ignore",
                             "; reframe: ignore\r"}) {
    EXPECT_EQ(Skipped(std::string(marker) + "\nb\nc"), "110") << marker;
  }
  for (const char* not_marker : {"reframe: ignore this", "reframe ignore", "I said reframe: ignore", "reframe: ignored",
                                 "reframe: one", "reframe:", "# reframe"}) {
    EXPECT_EQ(Skipped(std::string(not_marker) + "\nb"), "00") << not_marker;
  }
}

TEST(Markers, BlankingKeepsOffsets) {
  const std::string text = "You always do this.\n# reframe: ignore\nYou never listen.\nBye\n";
  std::string blanked;
  ASSERT_TRUE(BlankSkippedLines(text, blanked));
  ASSERT_EQ(blanked.size(), text.size());
  EXPECT_EQ(blanked, "You always do this.\n" + std::string(17, ' ') + "\n" + std::string(17, ' ') + "\nBye\n");
  std::string untouched = "kept";
  EXPECT_FALSE(BlankSkippedLines("No markers here.\nreframe is a tool.", untouched));
  EXPECT_EQ(untouched, "kept");
}

TEST(Markers, QuickTestFindsEveryMarker) {
  for (const char* text : {"reframe: off", "x\nREFRAME: ignore", "Reframe: on"}) EXPECT_TRUE(MayHaveMarkers(text));
  EXPECT_FALSE(MayHaveMarkers("nothing to see"));
}

}  // namespace
}  // namespace reframe::internal
