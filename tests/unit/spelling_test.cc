#include "language/spelling.h"

#include <gtest/gtest.h>

#include <chrono>

#include "lexicon/lexicon_access.h"
#include "lexicon/lexicon_data.h"
#include "reframe/lexicon.h"

namespace reframe::internal {
namespace {

TEST(Spelling, CollectsLiteralWordsNotSyntax) {
  std::set<std::string> words;
  CollectLiteralWords("(?:i'm|i am) (?:{intensifier} )*(?:busy|slammed)[a-z]+ \\swamp (?P<act>care) lol+", words);
  EXPECT_TRUE(words.count("busy"));
  EXPECT_TRUE(words.count("slammed"));
  EXPECT_TRUE(words.count("care"));
  EXPECT_FALSE(words.count("intensifier"));
  EXPECT_FALSE(words.count("wamp"));  // "\s" escape, then "wamp"
  EXPECT_FALSE(words.count("lol"));   // quantified
}

TEST(Spelling, MapsMisspellingsOfRuleWordsOnly) {
  const Lexicon lexicon = Lexicon::Builtin();
  const Grammar grammar(LexiconAccess::Data(lexicon).grammar);
  std::set<std::string> vocabulary = {"want", "tired", "busy", "from", "space", "you"};
  std::set<std::string> keep = {"u"};
  auto map = MisspellingMap(vocabulary, WordTable::Builtin(), grammar, keep);
  EXPECT_EQ(map["wnat"], "want");
  EXPECT_EQ(map["tird"], "tired");
  EXPECT_EQ(map["busyy"], "busy");
  EXPECT_EQ(map["yuo"], "you");
  EXPECT_FALSE(map.count("form"));  // an English word
  EXPECT_FALSE(map.count("spcae") && map["spcae"] != "space");
  EXPECT_FALSE(map.count("tried"));  // "tired" swapped is a word
}

TEST(Spelling, UnstretchesRepeatedLetters) {
  auto is_word = [](const std::string& w) { return w == "so" || w == "please" || w == "busy" || w == "cool"; };
  EXPECT_EQ(Unstretch("soooo", is_word), "so");
  EXPECT_EQ(Unstretch("pleeeease", is_word), "please");
  EXPECT_EQ(Unstretch("busyyyy", is_word), "busy");
  EXPECT_EQ(Unstretch("cooool", is_word), "cool");
  EXPECT_EQ(Unstretch("so", is_word), "");
  EXPECT_EQ(Unstretch("zzzz", is_word), "");
}

TEST(Spelling, WholeBuiltinVocabulary) {
  const Lexicon lexicon = Lexicon::Builtin();
  const Grammar grammar(LexiconAccess::Data(lexicon).grammar);
  std::set<std::string> vocabulary;
  for (const auto& [name, list] : LexiconAccess::Data(lexicon).phrases) {
    for (const std::string& p : list.phrases) CollectLiteralWords(p, vocabulary);
  }
  std::set<std::string> keep;
  for (const auto& [w, e] : LexiconAccess::Data(lexicon).shorthand) keep.insert(w);
  const auto start = std::chrono::steady_clock::now();
  auto map = MisspellingMap(vocabulary, WordTable::Builtin(), grammar, keep);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cerr << vocabulary.size() << " words, " << map.size() << " misspellings, " << ms << " ms\n";
  int shown = 0;
  for (const auto& [v, w] : map) {
    if (++shown % 300 == 0) std::cerr << "  " << v << " -> " << w << "\n";
  }
  EXPECT_GT(map.size(), 1000u);
}

}  // namespace
}  // namespace reframe::internal
