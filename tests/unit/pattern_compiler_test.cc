// The pattern compiler: {list} expansion, folding of literals, verb forms,
// group renaming, alternatives.
#include "engine/pattern_compiler.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include "language/grammar.h"
#include "lexicon/lexicon_data.h"
#include "reframe/analyzer.h"
#include "reframe/lexicon.h"
#include "reframe/lexicon_check.h"
#include "text/fold.h"

namespace reframe::internal {
namespace {

LexiconData Lists(std::map<std::string, std::vector<std::string>> lists) {
  LexiconData data;
  for (auto& [name, phrases] : lists) data.phrases[name] = PhraseList{name, std::move(phrases), "t.toml", 3};
  return data;
}

TEST(FoldLiterals, LowerCasesLiteralsButNotEscapesOrGroupNames) {
  EXPECT_EQ(FoldLiterals("I Said (?P<Act>\\S+) \\p{Lu}\\B"), "i said (?P<Act>\\S+) \\p{Lu}\\B");
  EXPECT_EQ(FoldLiterals("[A-Z]{2,3}"), "[a-z]{2,3}");
}

TEST(FoldLiterals, FoldsGermanAsInputIs) {
  // ICU NFKC_Casefold: ß -> ss, Ä -> ä; the pattern's literal becomes what
  // the text becomes.
  EXPECT_EQ(FoldLiterals("Groß"), FoldText("GROSS"));
  EXPECT_EQ(FoldLiterals("Groß"), "gross");
  EXPECT_EQ(FoldLiterals("\xC3\x84rgerlich"), "\xC3\xA4rgerlich");  // Ärgerlich
  EXPECT_EQ(FoldText("\xC3\x84RGERLICH"), "\xC3\xA4rgerlich");
}

TEST(FoldLiterals, AQuantifierKeepsAMultiCharacterFoldWhole) {
  // "ß+" is one or more ß, so "ss" must repeat as a unit.
  EXPECT_EQ(FoldLiterals("gro\xC3\x9F+"), "gro(?:ss)+");
  RE2 re(FoldLiterals("gro\xC3\x9F+"));
  ASSERT_TRUE(re.ok());
  EXPECT_TRUE(RE2::FullMatch("grossss", re));
  EXPECT_FALSE(RE2::FullMatch("grosss", re));
}

TEST(FoldLiterals, RegexSyntaxAFoldProducesIsEscaped) {
  // "…" folds to "...", which must stay three literal periods.
  const std::string folded = FoldLiterals("wait\xE2\x80\xA6");
  EXPECT_EQ(folded, "wait\\.\\.\\.");
  EXPECT_TRUE(RE2::FullMatch("wait...", folded));
  EXPECT_FALSE(RE2::FullMatch("waitxyz", folded));
}

TEST(FoldLiterals, CurlyQuotesBecomeStraight) {
  EXPECT_EQ(FoldLiterals("don\xE2\x80\x99t \xE2\x80\x9C"
                         "fine\xE2\x80\x9D"),
            "don't \"fine\"");
}

TEST(ExpandPattern, ExpandsListsRecursivelyAndFolds) {
  LexiconData data = Lists({{"busy", {"Too Busy", "{swamped}"}}, {"swamped", {"slammed"}}});
  auto r = ExpandPattern("i'm {busy}", data, "t.toml:1");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "i'm (?:too busy|(?:slammed))");
}

TEST(ExpandPattern, UnknownAndSelfReferringListsAreErrorsNamingWhere) {
  LexiconData data = Lists({{"loop", {"a {loop}"}}});
  auto unknown = ExpandPattern("{nope}", data, "t.toml:7: rule 'x'");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("t.toml:7: rule 'x': unknown phrase list '{nope}'"), std::string::npos)
      << unknown.status().message();
  auto loop = ExpandPattern("{loop}", data, "w");
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.status().message().find("refers to itself"), std::string::npos) << loop.status().message();
}

TEST(ExpandPattern, VerbMarkBecomesItsForms) {
  auto r = ExpandPattern("i go~ home", Lists({}), "w");
  ASSERT_TRUE(r.ok());
  RE2 re(*r);
  for (const char* form : {"i go home", "i went home", "i goes home", "i going home"}) {
    EXPECT_TRUE(RE2::FullMatch(form, re)) << form << " against " << *r;
  }
  EXPECT_FALSE(RE2::FullMatch("i gone away", re));
}

TEST(ExpandPattern, NamedGroupsAreRenamedUniquely) {
  LexiconData data = Lists({{"acts", {"(?P<act>call)", "(?P<act>text)"}}});
  auto r = ExpandPattern("{acts}", data, "w");
  ASSERT_TRUE(r.ok());
  const std::vector<std::string> slots = NamedGroupSlots(*r);
  EXPECT_EQ(slots, (std::vector<std::string>{"act", "act"}));
  EXPECT_TRUE(RE2(*r).ok()) << *r;  // two groups of one name would not compile
  EXPECT_EQ(SlotOfGroupName("act__3"), "act");
}

TEST(SplitAlternatives, FlattensWholeGroups) {
  EXPECT_EQ(SplitAlternatives("(?:a|(?:b|c))"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SplitAlternatives("a(?:b|c)"), (std::vector<std::string>{"a(?:b|c)"}));
}

TEST(TemplateSlots, NamesAndFallbacks) {
  const auto slots = TemplateSlots("Can we {act|talk} about {topic}?");
  ASSERT_EQ(slots.size(), 2u);
  EXPECT_EQ(slots[0].name, "act");
  EXPECT_TRUE(slots[0].has_fallback);
  EXPECT_EQ(slots[1].name, "topic");
  EXPECT_FALSE(slots[1].has_fallback);
  EXPECT_EQ(ElementListName("{busy}"), "busy");
  EXPECT_EQ(ElementListName("{busy} now"), "");
}

TEST(FoldLiterals, GrammarEntriesAreFoldedToo) {
  Grammar g({{"pronoun_i", {"ICH", "I Myself"}}});
  EXPECT_NE(g.ClassesOf("ich"), 0u);
  EXPECT_EQ(g.ClassesOf("ICH"), 0u);  // the text it reads is folded
  EXPECT_NE(g.StartsOf("i"), 0u);
}

// End to end: a rule written with German letters fires on the text however
// it is cased or spelled (ß or ss), through the analyzer.
TEST(FoldLiterals, ARuleWithGermanLettersFires) {
  auto lex = Lexicon::FromString(R"([[rule]]
id = "criticism/de-test"
category = "criticism"
pattern = ["du bist so \u00C4rgerlich", "gro\u00DF"]
message = "m"
why = "w"
reframes = ["a", "b"]
flag = ["[[Du bist so \u00E4rgerlich und gro\u00DF]]"]
pass = ["Du bist so klein."]
)",
                                 "t.toml");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  auto analyzer = Analyzer::Create(*lex);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().message();
  for (const char* text : {"Du bist so \xC3\xA4rgerlich und gro\xC3\x9F", "DU BIST SO \xC3\x84RGERLICH UND GROSS",
                           "du bist so \xC3\x84rgerlich, so gross"}) {
    Report report = analyzer->Analyze(text);
    ASSERT_EQ(report.findings.size(), 1u) << text;
    EXPECT_EQ(report.findings[0].rule, "criticism/de-test");
  }
  EXPECT_TRUE(analyzer->Analyze("du bist so klein").findings.empty());
  EXPECT_TRUE(CheckLexicon(*lex).empty());  // its own flag and pass examples hold
}

}  // namespace
}  // namespace reframe::internal
