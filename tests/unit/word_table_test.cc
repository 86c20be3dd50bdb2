#include "language/word_table.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace reframe::internal {
namespace {

bool HasLemma(const std::vector<Lemma>& lemmas, const std::string& lemma, WordPos pos) {
  return std::any_of(lemmas.begin(), lemmas.end(), [&](const Lemma& l) { return l.lemma == lemma && l.pos == pos; });
}

bool Has(const std::vector<std::string>& forms, const std::string& form) {
  return std::find(forms.begin(), forms.end(), form) != forms.end();
}

TEST(WordTable, BuiltinHasWordNetAndHunspell) {
  const WordTable& t = WordTable::Builtin();
  ASSERT_TRUE(t.ok());
  EXPECT_GT(t.size(), 100000u);
  EXPECT_TRUE(t.Find("want").pos & kPosVerb);
  EXPECT_TRUE(t.Find("want").pos & kPosNoun);
  EXPECT_TRUE(t.Find("selfish").pos & kPosAdj);
  EXPECT_TRUE(t.Find("the").common);   // closed classes come from Hunspell
  EXPECT_TRUE(t.Find("sandra").name);  // names too
  EXPECT_FALSE(t.Find("wnat").known());
}

TEST(WordTable, LemmatizesRegularAndIrregularForms) {
  const WordTable& t = WordTable::Builtin();
  EXPECT_TRUE(HasLemma(t.Lemmatize("wanted"), "want", kPosVerb));
  EXPECT_TRUE(HasLemma(t.Lemmatize("went"), "go", kPosVerb));
  EXPECT_TRUE(HasLemma(t.Lemmatize("stopped"), "stop", kPosVerb));
  EXPECT_TRUE(HasLemma(t.Lemmatize("planning"), "plan", kPosVerb));
  EXPECT_TRUE(HasLemma(t.Lemmatize("ignores"), "ignore", kPosVerb));
  EXPECT_TRUE(HasLemma(t.Lemmatize("tries"), "try", kPosVerb));
  EXPECT_TRUE(HasLemma(t.Lemmatize("better"), "good", kPosAdj));
  EXPECT_TRUE(HasLemma(t.Lemmatize("dishes"), "dish", kPosNoun));
  EXPECT_TRUE(t.Lemmatize("wnat").empty());
  EXPECT_TRUE(t.IsWord("ignored"));
  EXPECT_FALSE(t.IsWord("ignroed"));
}

TEST(WordTable, InflectsVerbsAndNouns) {
  const WordTable& t = WordTable::Builtin();
  auto want = t.Inflect("want", kPosVerb);
  for (const char* f : {"want", "wants", "wanted", "wanting"}) EXPECT_TRUE(Has(want, f)) << f;
  auto stop = t.Inflect("stop", kPosVerb);
  for (const char* f : {"stops", "stopped", "stopping"}) EXPECT_TRUE(Has(stop, f)) << f;
  auto care = t.Inflect("care", kPosVerb);
  for (const char* f : {"cares", "cared", "caring"}) EXPECT_TRUE(Has(care, f)) << f;
  auto go = t.Inflect("go", kPosVerb);
  for (const char* f : {"goes", "went", "gone", "going"}) EXPECT_TRUE(Has(go, f)) << f;
  auto cry = t.Inflect("cry", kPosVerb);
  for (const char* f : {"cries", "cried", "crying"}) EXPECT_TRUE(Has(cry, f)) << f;
  auto lie = t.Inflect("lie", kPosVerb);
  EXPECT_TRUE(Has(lie, "lying"));
  auto visit = t.Inflect("visit", kPosVerb);
  EXPECT_TRUE(Has(visit, "visited"));
  EXPECT_FALSE(Has(visit, "visitted"));
  auto dish = t.Inflect("dish", kPosNoun);
  EXPECT_TRUE(Has(dish, "dishes"));
}

TEST(WordTable, RejectsAMalformedImage) {
  EXPECT_FALSE(WordTable("").ok());
  EXPECT_FALSE(WordTable("rfwords1 but nothing else").ok());
}

}  // namespace
}  // namespace reframe::internal
