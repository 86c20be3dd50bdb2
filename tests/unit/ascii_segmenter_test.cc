// The ASCII fast paths must agree with ICU exactly, or results would depend
// on whether a message happens to contain one non-ASCII character.
#include "text/ascii_segmenter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace reframe::internal {
namespace {

std::string Fold(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// Returns "" when equal, else a description of the first difference.
std::string Compare(const std::string& text) {
  std::vector<WordSegment> a, b;
  AsciiWordSegments(text, a);
  IcuWordSegments(text, b);
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    if (i >= a.size() || i >= b.size() || a[i].begin != b[i].begin || a[i].end != b[i].end || a[i].word != b[i].word) {
      const WordSegment& s = i < b.size() ? b[i] : a[i];
      return "word segment " + std::to_string(i) + " near \"" + text.substr(s.begin, 12) + "\" (icu " +
             (i < b.size() ? std::to_string(b[i].begin) + "-" + std::to_string(b[i].end) + (b[i].word ? "w" : "")
                           : "none") +
             ", ascii " +
             (i < a.size() ? std::to_string(a[i].begin) + "-" + std::to_string(a[i].end) + (a[i].word ? "w" : "")
                           : "none") +
             ")";
    }
  }
  std::vector<uint32_t> x, y;
  AsciiSentenceBreaks(text, x);
  IcuSentenceBreaks(text, y);
  if (x != y) {
    std::string d = "sentences differ: icu";
    for (uint32_t v : y) d += " " + std::to_string(v);
    d += " ascii";
    for (uint32_t v : x) d += " " + std::to_string(v);
    return d;
  }
  return "";
}

TEST(AsciiSegmenter, AgreesWithIcuOnTrickyText) {
  for (const char* t : {"",
                        "a",
                        "don't",
                        "i'm done. you never listen!",
                        "3.5 and 1,000,000 or 3,5",
                        "e.g. this",
                        "a.b.c",
                        "b4 u go",
                        "end.next",
                        "what?!  really?? ok.",
                        "well... ok",
                        "hi!there",
                        "(yes.) no",
                        "\"quoted.\" next",
                        "line one\nline two\r\nthree",
                        "tab\there",
                        "a:b c: d",
                        "snake_case __x__ _",
                        "   spaces   ",
                        "it's 5:30.",
                        "mr. smith",
                        "no.1 fan",
                        "wait - what",
                        "ok.\n\nnext",
                        "'single' quotes' end",
                        "a.  ,b",
                        "x.5",
                        "u.s.a. rocks",
                        "$20 & 50% off #tag @user",
                        "end with dot.",
                        "?",
                        ".",
                        "...",
                        "!!!",
                        "a\vb\fc",
                        "k.",
                        "email me@x.com now"}) {
    EXPECT_EQ(Compare(t), "") << "text: " << t;
  }
}

TEST(AsciiSegmenter, AgreesWithIcuOnRealMessages) {
  size_t checked = 0;
  // Our own labelled messages always; real corpora when ../shared/data is there.
  for (const char* path : {REFRAME_TESTS_DIR "/accuracy/cases.jsonl", REFRAME_TESTS_DIR "/accuracy/holdout.jsonl",
                           REFRAME_SHARED_DATA_DIR "/corpora/sms-spam-collection/SMSSpamCollection",
                           REFRAME_SHARED_DATA_DIR "/corpora/goemotions/original_train.tsv",
                           REFRAME_SHARED_DATA_DIR "/corpora/counsel-chat/20200325_counsel_chat.csv"}) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
      if (!IsAscii(line)) continue;
      std::string text = Fold(line);
      std::string diff = Compare(text);
      ASSERT_EQ(diff, "") << "text: " << text;
      ++checked;
    }
  }
  EXPECT_GT(checked, 400u);
}

}  // namespace
}  // namespace reframe::internal
