#include "text/text.h"

#include <gtest/gtest.h>

#include "text/encoding.h"
#include "text/fold.h"
#include "text/position.h"
#include "text/quotes.h"

namespace reframe::internal {
namespace {

TextPreparer MakePreparer() {
  return TextPreparer({{"u", "you"}, {"im", "i'm"}, {"idk", "i don't know"}, {"rn", "right now"}}, {"dr"});
}

std::string Input(const PreparedText& t, Span folded, std::string_view input) {
  Span in = t.ToInput(folded);
  return std::string(input.substr(in.begin, in.end - in.begin));
}

TEST(Text, FoldsCaseQuotesAndCompatibilityForms) {
  PreparedText t;
  MakePreparer().Prepare("I\xE2\x80\x99M \xEF\xBC\xA6ine \xE2\x80\x9Cyes\xE2\x80\x9D", t);  // I’M Ｆine “yes”
  EXPECT_EQ(t.folded, "i'm fine \"yes\"");
}

TEST(Text, FoldTextIsTheInputFold) {
  EXPECT_EQ(FoldText("Gro\xC3\x9F \xC3\x84rgerlich"), "gross \xC3\xA4rgerlich");  // Groß Ärgerlich
  PreparedText t;
  MakePreparer().Prepare("GROSS \xC3\x84RGERLICH", t);
  EXPECT_EQ(t.folded, FoldText("Gro\xC3\x9F \xC3\x84rgerlich"));
  EXPECT_EQ(FoldText("Plain ASCII"), "plain ascii");
}

TEST(Text, LexiconWordsAreFoldedLikeTheText) {
  // Shorthand and abbreviations written in capitals still apply.
  TextPreparer p({{"IDK", "I Don't Know"}}, {"Dr"});
  PreparedText t;
  p.Prepare("idk. Dr. who knows", t);
  EXPECT_EQ(t.folded, "i don't know. dr. who knows");
  p.SegmentSentences(t);
  EXPECT_EQ(t.sentences.size(), 2u);  // "dr." ends no sentence
}

TEST(Text, OffsetMapPointsBackToInputBytes) {
  const std::string input = "Caf\xC3\xA9 \xE2\x80\x99ok\xE2\x80\x99";  // Café ’ok’
  PreparedText t;
  MakePreparer().Prepare(input, t);
  ASSERT_EQ(t.folded, "caf\xC3\xA9 'ok'");
  size_t ok = t.folded.find("ok");
  EXPECT_EQ(Input(t, {static_cast<uint32_t>(ok), static_cast<uint32_t>(ok + 2)}, input), "ok");
  EXPECT_EQ(Input(t, {0, 5}, input), "Caf\xC3\xA9");
}

TEST(Text, CombiningMarksStayWithTheirBase) {
  const std::string input = "cafe\xCC\x81!";  // e + combining acute -> é
  PreparedText t;
  MakePreparer().Prepare(input, t);
  EXPECT_EQ(t.folded, "caf\xC3\xA9!");
  EXPECT_EQ(Input(t, {3, 5}, input), "e\xCC\x81");
}

TEST(Text, ShorthandExpandsWordForWord) {
  const std::string input = "idk if u can rn";
  PreparedText t;
  MakePreparer().Prepare(input, t);
  EXPECT_EQ(t.folded, "i don't know if you can right now");
  size_t you = t.folded.find("you");
  EXPECT_EQ(Input(t, {static_cast<uint32_t>(you), static_cast<uint32_t>(you + 3)}, input), "u");
  // Words inside an expansion are words: "don't" starts and ends on boundaries.
  size_t dont = t.folded.find("don't");
  EXPECT_TRUE(t.boundary[dont]);
  EXPECT_TRUE(t.boundary[dont + 5]);
  EXPECT_FALSE(t.boundary[dont + 2]);
}

TEST(Text, ShorthandNeedsAWholeWord) {
  PreparedText t;
  MakePreparer().Prepare("umbrella rnd", t);
  EXPECT_EQ(t.folded, "umbrella rnd");
}

TEST(Text, WordBoundariesComeFromIcu) {
  PreparedText t;
  MakePreparer().Prepare("don't busybody", t);
  EXPECT_TRUE(t.boundary[0]);
  EXPECT_FALSE(t.boundary[3]);  // inside "don't"
  EXPECT_TRUE(t.boundary[5]);
  EXPECT_FALSE(t.boundary[10]);  // "busy|body"
}

TEST(Text, SentencesBreakAtLineBreaksAndLowerCaseStarts) {
  PreparedText t;
  TextPreparer preparer = MakePreparer();
  preparer.Prepare("i miss you. but i can't\nok? see dr. who", t);
  preparer.SegmentSentences(t);
  ASSERT_EQ(t.sentences.size(), 4u);
  EXPECT_EQ(t.folded.substr(t.sentences[1].begin, t.sentences[1].end - t.sentences[1].begin), "but i can't\n");
  EXPECT_EQ(t.folded.substr(t.sentences[3].begin), "see dr. who");
}

TEST(Text, InvalidUtf8BecomesReplacementCharacter) {
  PreparedText t;
  MakePreparer().Prepare(
      "a\xFF"
      "b\xC3",
      t);
  EXPECT_EQ(t.folded,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(t.invalid_utf8, (std::vector<uint32_t>{1, 3}));
}

TEST(Text, QuotedRegionsIgnoreApostrophes) {
  auto regions = FindQuotedRegions("she said 'you don't care' and \"fine\"");
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].begin, 30u);  // the double-quoted one is found first
}

TEST(Text, DisplayWidth) {
  EXPECT_EQ(DisplayWidth('a'), 1);
  EXPECT_EQ(DisplayWidth(0x301), 0);    // combining acute
  EXPECT_EQ(DisplayWidth(0x1F600), 2);  // emoji
  EXPECT_EQ(DisplayWidth(0x4E2D), 2);   // CJK
}

TEST(Position, LinesAndCodePointColumns) {
  const std::string t = "ab\n\xC3\xA9\xF0\x9F\x98\x80x\nz";  // ab / é😀x / z
  EXPECT_EQ(PositionAt(t, 0).line, 1u);
  EXPECT_EQ(PositionAt(t, 1).column, 2u);
  const TextPosition x = PositionAt(t, t.find('x'));
  EXPECT_EQ(x.line, 2u);
  EXPECT_EQ(x.column, 3u);  // é and 😀 are one column each
  EXPECT_EQ(LineAt(t, t.find('z')), 3u);
  EXPECT_EQ(LineAt(t, 999), 3u);
  PositionCursor cursor(t);  // many positions in one pass, same answers
  EXPECT_EQ(cursor.Advance(1).column, 2u);
  EXPECT_EQ(cursor.Advance(t.find('x')).column, 3u);
  EXPECT_EQ(cursor.Advance(t.find('z')).line, 3u);
}

TEST(Quotes, OneTableForFoldingAndPairing) {
  EXPECT_EQ(FoldQuote(0x2019), '\'');
  EXPECT_EQ(FoldQuote(0x00AB), '"');
  EXPECT_EQ(FoldQuote('x'), 'x');
  EXPECT_TRUE(QuotesBalanced("Thandi \"Twin\" T"));
  EXPECT_FALSE(QuotesBalanced("changed the subject to \"us"));
  EXPECT_TRUE(QuotesBalanced("\xE2\x80\x9Cus\xE2\x80\x9D \xC2\xABja\xC2\xBB \xE3\x80\x8Cok\xE3\x80\x8D"));
  EXPECT_FALSE(QuotesBalanced("\xC2\xABja"));
  EXPECT_FALSE(
      QuotesBalanced("\xE3\x80\x8E"
                     "ok"));
  EXPECT_TRUE(QuotesBalanced("don\xE2\x80\x99t"));  // apostrophes pair with nothing
}

TEST(Encoding, BomAndUtf8Steps) {
  std::string s = "\xEF\xBB\xBFhi";
  EXPECT_TRUE(HasUtf8Bom(s));
  EXPECT_EQ(SkipUtf8Bom(s), "hi");
  StripUtf8Bom(s);
  EXPECT_EQ(s, "hi");
  StripUtf8Bom(s);
  EXPECT_EQ(s, "hi");
  const std::string e = "a\xC3\xA9z";
  EXPECT_EQ(CountCodePoints(e), 3u);
  EXPECT_EQ(Utf8Floor(e, 2), 1u);
  EXPECT_EQ(Utf8Ceil(e, 2), 3u);
  size_t i = 1;
  EXPECT_EQ(NextCodePoint(e, i), 0xE9);
  EXPECT_EQ(i, 3u);
}

}  // namespace
}  // namespace reframe::internal
