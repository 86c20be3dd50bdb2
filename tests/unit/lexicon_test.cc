#include "reframe/lexicon.h"

#include <gtest/gtest.h>

#include "reframe/analyzer.h"
#include "reframe/lexicon_check.h"

namespace reframe {
namespace {

constexpr const char* kRule = R"([phrases]
busy = ["too busy"]

[[rule]]
id = "mixed-message/test"
category = "mixed-message"
pattern = ["i want you", "{busy}"]
message = "m"
why = "w"
reframes = ["Let's talk, {busy} or not.", "Two"]
flag = ["[[I want you but too busy]]"]
pass = ["I want you."]
)";

void ExpectError(std::string_view toml, const std::string& want) {
  auto lex = Lexicon::FromString(toml, "t.toml");
  ASSERT_FALSE(lex.ok()) << "expected an error containing: " << want;
  EXPECT_EQ(lex.status().code(), StatusCode::kDataError);
  EXPECT_NE(lex.status().message().find(want), std::string::npos) << lex.status().message();
}

TEST(Lexicon, LoadsARuleAndItsExamplesPass) {
  auto lex = Lexicon::FromString(kRule, "t.toml");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  ASSERT_EQ(lex->rules().size(), 1u);
  EXPECT_EQ(lex->rules()[0].file, "t.toml");
  EXPECT_EQ(lex->rules()[0].line, 4);
  EXPECT_TRUE(CheckLexicon(*lex).empty());
}

TEST(Lexicon, ErrorsNameFileAndLine) {
  ExpectError("[[rule]]\nid = \"x\"\ncategory = \"nope\"\n", "t.toml:1: rule 'x': 'category' must be one of");
  ExpectError("[[rule]]\nid = \"x\"\ncategory = \"criticism\"\npatern = [\"a\"]\n",
              "t.toml:4: rule 'x': unknown field 'patern'");
  ExpectError("[phrases\n", "t.toml:1:");
  ExpectError("[weird]\n", "unknown section 'weird'");
  ExpectError("[[rule]]\ncategory = \"criticism\"\n", "without an id");
  ExpectError(
      "[[rule]]\nid = \"x\"\ncategory = \"criticism\"\npattern = [\"a\"]\nmessage = \"m\"\nwhy = \"w\"\nflag = "
      "[\"a\"]\n",
      "needs suggestions");
  ExpectError("[phrases]\na = []\n", "phrase list 'a' is empty");
}

TEST(Lexicon, DuplicateRuleIdIsAnError) {
  std::string rule = kRule;
  std::string twice = rule + rule.substr(rule.find("[[rule]]"));
  ExpectError(twice, "used twice");
}

TEST(Lexicon, BadPatternFailsAtCompileNamingTheRule) {
  std::string bad = kRule;
  bad.replace(bad.find("too busy"), 8, "too (busy");
  auto lex = Lexicon::FromString(bad, "t.toml");
  ASSERT_TRUE(lex.ok());
  auto analyzer = Analyzer::Create(*lex);
  ASSERT_FALSE(analyzer.ok());
  EXPECT_NE(analyzer.status().message().find("t.toml:2: phrase list 'busy'"), std::string::npos)
      << analyzer.status().message();
  EXPECT_NE(analyzer.status().message().find("missing )"), std::string::npos) << analyzer.status().message();
}

TEST(Lexicon, UnknownListAndUnfilledSlotAreErrors) {
  std::string unknown = kRule;
  unknown.replace(unknown.find("{busy}"), 6, "{buzy}");
  auto a = Analyzer::Create(*Lexicon::FromString(unknown, "t.toml"));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("unknown phrase list '{buzy}'"), std::string::npos);

  std::string slot = kRule;
  slot.replace(slot.find("{busy} or"), 6, "{plan}");
  auto b = Analyzer::Create(*Lexicon::FromString(slot, "t.toml"));
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("t.toml:4: rule 'mixed-message/test': suggestion 'reframe'"), std::string::npos)
      << b.status().message();
  EXPECT_NE(b.status().message().find("{plan} is filled by no pattern element of this rule"), std::string::npos)
      << b.status().message();
}

TEST(Lexicon, MergeOverridesByIdAndAddsNewRules) {
  auto custom = Lexicon::FromString(R"([[rule]]
id = "withdrawal/numb"
category = "withdrawal"
pattern = ["i feel zzz"]
message = "m"
why = "w"
reframes = ["a", "b"]
flag = ["I feel zzz"]
)",
                                    "c.toml");
  ASSERT_TRUE(custom.ok()) << custom.status().message();
  Lexicon merged = Lexicon::Builtin().MergedWith(*custom);
  EXPECT_EQ(merged.rules().size(), Lexicon::Builtin().rules().size());
  auto a = Analyzer::Create(merged);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(a->Analyze("I feel numb.").findings.empty());
  EXPECT_EQ(a->Analyze("I feel zzz.").findings.size(), 1u);
}

// A lexicon with the negation list and one rule that a negation cancels.
constexpr const char* kNegatable = R"([phrases]
negation = ["not"]

[[rule]]
id = "criticism/test"
category = "criticism"
pattern = ["happy"]
message = "m"
why = "w"
reframes = ["a", "b"]
flag = ["[[happy]]"]
)";

size_t Findings(const Lexicon& lex, const char* text) {
  auto a = Analyzer::Create(lex);
  EXPECT_TRUE(a.ok()) << a.status().message();
  return a.ok() ? a->Analyze(text).findings.size() : 99;
}

TEST(Lexicon, MergeKeepsAndOverridesSettings) {
  auto base = Lexicon::FromString(kNegatable, "base.toml");
  ASSERT_TRUE(base.ok()) << base.status().message();
  // The default window (3 words) reaches over "very": negated, no finding.
  EXPECT_EQ(Findings(*base, "i am not very happy"), 0u);
  EXPECT_EQ(Findings(*base, "i am happy"), 1u);

  auto narrow = Lexicon::FromString("[settings]\nnegation_window = 0\nabbreviations = [\"zz\"]\n", "s.toml");
  ASSERT_TRUE(narrow.ok()) << narrow.status().message();
  const Lexicon merged = base->MergedWith(*narrow);
  EXPECT_EQ(Findings(merged, "i am not very happy"), 1u);  // the override's window of 0 holds
  EXPECT_EQ(Findings(merged, "i am not happy"), 0u);

  // An override that sets nothing keeps the base's settings.
  auto plain = Lexicon::FromString("[phrases]\nother = [\"x\"]\n", "p.toml");
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  EXPECT_EQ(Findings(merged.MergedWith(*plain), "i am not very happy"), 1u);
  EXPECT_EQ(Findings(base->MergedWith(*plain), "i am not very happy"), 0u);
}

TEST(Lexicon, CheckReportsAFailingExample) {
  std::string wrong = kRule;
  wrong.replace(wrong.find("pass = [\"I want you.\"]"), 22, "pass = [\"I want you, too busy.\"]");
  auto lex = Lexicon::FromString(wrong, "t.toml");
  ASSERT_TRUE(lex.ok());
  auto problems = CheckLexicon(*lex);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("pass example"), std::string::npos) << problems[0];
}

TEST(Lexicon, FromDirectoryErrors) {
  auto missing = Lexicon::FromDirectory("/nonexistent/dir");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

// See: issue 14. A cue's kind is the lexicon's to name; replies ask about it
// with no change to the engine.
TEST(Lexicon, CueKindsAreData) {
  constexpr const char* kCue = R"([[cue]]
id = "cue/slip"
kind = "slip"
pattern = ["i lost (?:my|the) keys"]
message = "Owns a small mistake"
flag = ["[[I lost my keys]] again."]

[[rule]]
id = "criticism/classic"
category = "criticism"
reply = ["slip"]
pattern = ["^classic[.!]*$"]
message = "m"
why = "w"
reframes = ["r", "s"]
flag = ["> I lost the keys.\n[[classic]]"]
pass = ["> The train is late again.\nclassic"]
)";
  auto lex = Lexicon::FromString(kCue, "t.toml");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  for (const std::string& problem : CheckLexicon(*lex)) ADD_FAILURE() << problem;
  auto analyzer = Analyzer::Create(*lex);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().message();
  AnalyzeOptions after_slip, after_news;
  after_slip.reply_to = "I lost my keys.";
  after_news.reply_to = "I got the job!";
  EXPECT_EQ(analyzer->Analyze("classic", after_slip).findings.size(), 1u);
  EXPECT_TRUE(analyzer->Analyze("classic", after_news).findings.empty());
  EXPECT_TRUE(analyzer->Analyze("classic").findings.empty());  // `reply` given: needs a message to answer

  std::string unknown = kCue;
  unknown.replace(unknown.find("reply = [\"slip\"]"), 16, "reply = [\"slap\"]");
  auto bad = Analyzer::Create(*Lexicon::FromString(unknown, "t.toml"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("t.toml:8: rule 'criticism/classic': unknown kind 'slap'"), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("slip"), std::string::npos) << "names the cue kinds there are";
  ExpectError("[[cue]]\nid = \"c\"\nkind = \"criticism\"\npattern = [\"a\"]\nmessage = \"m\"\nflag = [\"a\"]\n",
              "'kind' must be a new kind name");
}

// See: issue 12. Suggestions by kind, with slots from the draft.
constexpr const char* kSuggest = R"toml([[rule]]
id = "criticism/test"
category = "criticism"
pattern = [{ match = "(?:always|never)", slot = "habit" }, "you"]
order = "any"
span = "clause"
message = "m"
why = "w"
flag = ["[[You never help with the dishes]]."]

[[rule.suggest]]
kind = "feeling"
text = ["When you don't {you_dont}, I feel alone.", "I feel alone about it."]

[[rule.suggest]]
kind = "next-step"
text = ["Could you {you_dont}[ {when}]?", "Could we talk about {what|it}?"]

[[rule.suggest]]
kind = "ownership"
text = ["I said \"{habit}\", and I'm sorry."]
)toml";

TEST(Lexicon, SuggestionsLoadByKindInOrder) {
  auto lex = Lexicon::FromString(kSuggest, "t.toml");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  const std::vector<RuleInfo> rules = lex->rules();
  const RuleInfo& r = rules[0];
  ASSERT_EQ(r.suggest.size(), 3u);
  EXPECT_EQ(r.suggest[0].kind, "feeling");
  EXPECT_EQ(r.suggest[1].templates.size(), 2u);
  EXPECT_EQ(r.suggest[2].kind, "ownership");
  // `reframes` lists every template, for listings.
  EXPECT_EQ(r.reframes.size(), 5u);
  auto analyzer = Analyzer::Create(*lex);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().message();
}

TEST(Lexicon, SuggestionErrorsNameFileAndLine) {
  std::string kind = kSuggest;
  kind.replace(kind.find("kind = \"feeling\""), 16, "kind = \"nice\"");
  ExpectError(kind, "t.toml:12: rule 'criticism/test': 'suggest'.kind must be one of both-longings");

  std::string twice = kSuggest;
  twice.replace(twice.find("kind = \"ownership\""), 18, "kind = \"feeling\"");
  ExpectError(twice, "kind 'feeling' is given twice");

  std::string both = kSuggest;
  both.replace(both.find("flag = "), 0, "reframes = [\"a\", \"b\"]\n");
  ExpectError(both, "has both 'reframes' and 'suggest'");

  std::string syntax = kSuggest;
  syntax.replace(syntax.find("{habit}"), 7, "{habit");
  ExpectError(syntax, "t.toml:21: rule 'criticism/test': 'suggest'.text: template");
  ExpectError(syntax, "unclosed '{' at 8");

  std::string form = kSuggest;
  form.replace(form.find("{habit}"), 7, "{habit:past}");
  ExpectError(form, "unknown form 'past'");

  ExpectError("[[rule]]\nid = \"x\"\ncategory = \"criticism\"\npattern = [{ match = \"a\", slot = \"when\" }]\n",
              "'when' is a slot every rule has");
}

TEST(Lexicon, SuggestionSlotsTheRuleCannotFillAreErrors) {
  auto compile = [](const std::string& toml) {
    auto lex = Lexicon::FromString(toml, "t.toml");
    EXPECT_TRUE(lex.ok()) << lex.status().message();
    return Analyzer::Create(*lex).status().message();
  };
  std::string unknown = kSuggest;
  unknown.replace(unknown.find("{habit}"), 7, "{plan}");
  EXPECT_NE(compile(unknown).find("t.toml:1: rule 'criticism/test': suggestion 'ownership'"), std::string::npos);
  EXPECT_NE(compile(unknown).find("{plan} is filled by no pattern element"), std::string::npos) << compile(unknown);

  // A draft slot is not always there: the last template of a kind may use it
  // only inside [ ] or with a fallback, and a rule needs three kinds that fit every draft.
  std::string maybe = kSuggest;
  maybe.replace(maybe.find("I feel alone about it."), 22, "I feel alone about {what}.");
  EXPECT_NE(compile(maybe).find("needs three kinds of suggestion whose last template fits every draft"),
            std::string::npos)
      << compile(maybe);

  std::string ing = kSuggest;
  ing.replace(ing.find("{habit}"), 7, "{habit:ing}");
  EXPECT_NE(compile(ing).find("needs a verb phrase"), std::string::npos) << compile(ing);

  std::string clause = kSuggest;
  clause.replace(clause.find("{what|it}"), 9, "{what:clause|it}");
  EXPECT_NE(compile(clause).find("{what:clause} needs a pattern slot"), std::string::npos) << compile(clause);
}

TEST(Lexicon, CheckRunsEverySuggestionOfEveryFlagExample) {
  auto lex = Lexicon::FromString(kSuggest, "t.toml");
  ASSERT_TRUE(lex.ok()) << lex.status().message();
  for (const std::string& problem : CheckLexicon(*lex)) ADD_FAILURE() << problem;

  // A suggestion that still says "never" is the same finding again: that kind
  // is dropped, and the example is left with two.
  std::string sticky = kSuggest;
  sticky.replace(sticky.find("I feel alone about it."), 22, "You never help, I feel alone.");
  sticky.replace(sticky.find("When you don't {you_dont}, I feel alone."), 40, "You never {you_dont}.");
  auto lex2 = Lexicon::FromString(sticky, "t.toml");
  ASSERT_TRUE(lex2.ok()) << lex2.status().message();
  auto problems = CheckLexicon(*lex2);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("only 2 kind(s) of suggestion fill and raise nothing once applied (missing: feeling)"),
            std::string::npos)
      << problems[0];
}

}  // namespace
}  // namespace reframe
