#include "report/suggester.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "language/grammar.h"
#include "lexicon/lexicon_access.h"
#include "lexicon/lexicon_data.h"
#include "lexicon/suggestion_template.h"
#include "reframe/analyzer.h"

namespace reframe::internal {
namespace {

TEST(SuggestionTemplate, ParsesSlotsFormsFallbacksAndOptionalParts) {
  std::vector<TemplatePart> parts;
  std::string error;
  ASSERT_TRUE(ParseSuggestionTemplate("When you {you_do:present}[ {when}], call {who|me}.", &parts, &error)) << error;
  ASSERT_EQ(parts.size(), 6u);
  EXPECT_EQ(parts[1].slot, "you_do");
  EXPECT_EQ(parts[1].form, SlotForm::kPresent);
  EXPECT_EQ(parts[2].type, TemplatePart::Type::kOptional);
  EXPECT_EQ(parts[2].parts[1].slot, "when");
  EXPECT_EQ(parts[4].slot, "who");
  EXPECT_TRUE(parts[4].has_fallback);
  EXPECT_EQ(parts[4].text, "me");
}

TEST(SuggestionTemplate, RejectsBrokenTemplatesNamingWhere) {
  std::vector<TemplatePart> parts;
  std::string error;
  EXPECT_FALSE(ParseSuggestionTemplate("Call {who", &parts, &error));
  EXPECT_NE(error.find("unclosed '{' at 5"), std::string::npos) << error;
  EXPECT_FALSE(ParseSuggestionTemplate("Call [me", &parts, &error));
  EXPECT_NE(error.find("unclosed '['"), std::string::npos) << error;
  EXPECT_FALSE(ParseSuggestionTemplate("Call [me] now", &parts, &error));
  EXPECT_NE(error.find("has no slot"), std::string::npos) << error;
  EXPECT_FALSE(ParseSuggestionTemplate("{you_do:past}", &parts, &error));
  EXPECT_NE(error.find("unknown form 'past'"), std::string::npos) << error;
  EXPECT_FALSE(ParseSuggestionTemplate("{Who}", &parts, &error));
  EXPECT_NE(error.find("is not a slot name"), std::string::npos) << error;
  EXPECT_FALSE(ParseSuggestionTemplate("a } b", &parts, &error));
}

TEST(Suggester, IngFormsComeFromTheWordTable) {
  const WordTable& words = WordTable::Builtin();
  EXPECT_EQ(IngForm("help", words), "helping");
  EXPECT_EQ(IngForm("forget", words), "forgetting");
  EXPECT_EQ(IngForm("make", words), "making");
  EXPECT_EQ(IngForm("lie", words), "lying");
  EXPECT_EQ(IngForm("stop", words), "stopping");
  EXPECT_EQ(IngForm("listen", words), "listening");
  EXPECT_EQ(IngForm("be", words), "being");
  EXPECT_EQ(IngForm("see", words), "seeing");
}

}  // namespace
}  // namespace reframe::internal

// The suggestions of the built-in lexicon, through the public API.
namespace reframe {
namespace {

const Analyzer& Builtin() {
  static const Analyzer analyzer = std::move(*Analyzer::Create(Lexicon::Builtin()));
  return analyzer;
}

const Finding* FindingOf(const Report& report, std::string_view category) {
  for (const Finding& f : report.findings) {
    if (f.category == category) return &f;
  }
  return nullptr;
}

std::vector<std::string> Texts(const Finding& f) {
  std::vector<std::string> out;
  for (const Suggestion& s : f.suggestions) out.push_back(s.text);
  return out;
}

bool Has(const std::vector<std::string>& texts, std::string_view part) {
  for (const std::string& t : texts) {
    if (t.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& t : texts) out += "\n  " + t;
  return out;
}

TEST(Suggestions, KeepTheDraftsActionReinflected) {
  const Report r = Builtin().Analyze("You never help with the dishes.");
  const Finding* f = FindingOf(r, "criticism");
  ASSERT_NE(f, nullptr);
  const auto texts = Texts(*f);
  EXPECT_TRUE(Has(texts, "Could you help with the dishes?")) << Joined(texts);
  EXPECT_TRUE(Has(texts, "when it comes to helping with the dishes")) << Joined(texts);
  // "keep forgetting" is what they do: "when you forget".
  const Report k = Builtin().Analyze("You keep forgetting to feed the cat.");
  ASSERT_NE(FindingOf(k, "criticism"), nullptr);
  EXPECT_TRUE(Has(Texts(*FindingOf(k, "criticism")), "When you forget to feed the cat,"))
      << Joined(Texts(*FindingOf(k, "criticism")));
}

TEST(Suggestions, KeepTheNegationOfAClauseAfterTheAct) {
  // Only the verdict's "always"/"never" goes: "when I can't come" stays negative.
  const Report r = Builtin().Analyze("You always make it a big deal when I can't come.");
  const Finding* f = FindingOf(r, "criticism");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(Has(Texts(*f), "when I can't come")) << Joined(Texts(*f));
  EXPECT_FALSE(Has(Texts(*f), "I ca come")) << Joined(Texts(*f));
}

TEST(Suggestions, ThreeKindsEachReplacingTheFlaggedSentence) {
  const std::string draft = "Hey, about Friday. I meant to call you about the vet, but I didn't. Talk soon!";
  const Report r = Builtin().Analyze(draft);
  const Finding* f = FindingOf(r, "defensiveness");
  ASSERT_NE(f, nullptr);
  std::set<std::string> kinds;
  for (const Suggestion& s : f->suggestions) {
    kinds.insert(s.kind);
    EXPECT_EQ(draft.substr(s.start, s.end - s.start), "I meant to call you about the vet, but I didn't.");
  }
  EXPECT_GE(kinds.size(), 3u);
  EXPECT_TRUE(Has(Texts(*f), "I didn't call you about the vet, and I'm sorry.")) << Joined(Texts(*f));
  // `reframes` has the same texts, for the consumers that read only it.
  EXPECT_EQ(f->reframes, Texts(*f));
}

TEST(Suggestions, TurnedOffTheFindingsStayTheSameWithout) {
  const std::string draft = "Hey, about Friday. I meant to call you about the vet, but I didn't. Talk soon!";
  AnalyzeOptions without;
  without.suggestions = false;
  const Report with_them = Builtin().Analyze(draft);
  const Report r = Builtin().Analyze(draft, without);
  ASSERT_EQ(r.findings.size(), with_them.findings.size());
  ASSERT_FALSE(r.findings.empty());
  for (size_t i = 0; i < r.findings.size(); ++i) {
    EXPECT_EQ(r.findings[i].rule, with_them.findings[i].rule);
    EXPECT_EQ(r.findings[i].start, with_them.findings[i].start);
    EXPECT_FALSE(with_them.findings[i].suggestions.empty());
    EXPECT_TRUE(r.findings[i].suggestions.empty());
    EXPECT_TRUE(r.findings[i].reframes.empty());
  }
}

TEST(Suggestions, AppliedToTheDraftTheyRaiseNothing) {
  for (const char* draft : {"I want to see you this weekend, but I'm slammed with the Henderson audit.",
                            "You always forget Maya's birthday.", "I'm done talking about your mother's visit.",
                            "It's not my fault the Airbnb got cancelled.", "I feel numb about the wedding planning."}) {
    const Report r = Builtin().Analyze(draft);
    ASSERT_FALSE(r.findings.empty()) << draft;
    for (const Finding& f : r.findings) {
      EXPECT_GE(f.suggestions.size(), 3u) << draft;
      for (const Suggestion& s : f.suggestions) {
        const std::string d(draft);
        const std::string applied = d.substr(0, s.start) + s.text + d.substr(s.end);
        EXPECT_TRUE(Builtin().Analyze(applied).findings.empty()) << applied;
      }
    }
  }
}

TEST(Suggestions, SayTheMessageAnsweredBackWithPronounsTurned) {
  AnalyzeOptions with;
  with.reply_to = "I lost my keys again.";
  const Report r = Builtin().Analyze("classic", with);
  const Finding* f = FindingOf(r, "criticism");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(Has(Texts(*f), "you lost your keys")) << Joined(Texts(*f));
  with.reply_to = "You never call me during the day.";
  const Report e = Builtin().Analyze("I was at work!", with);
  ASSERT_NE(FindingOf(e, "defensiveness"), nullptr);
  EXPECT_TRUE(
      Has(Texts(*FindingOf(e, "defensiveness")), "You're right, I never call you during the day, and I'm sorry."))
      << Joined(Texts(*FindingOf(e, "defensiveness")));
}

// A thread remembers the suggestions of the messages it analysed lately,
// per analyzer: another analyzer, even one made where the last one was, gets
// its own; a message answered changes them, so they are not remembered then.
TEST(Suggestions, RememberedPerAnalyzerNeverAcrossThem) {
  constexpr const char* kToml = R"toml([[rule]]
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
text = ["I feel alone about it."]

[[rule.suggest]]
kind = "next-step"
text = ["Could we talk about {what|it}?"]

[[rule.suggest]]
kind = "ownership"
text = ["I said \"{habit}\", and SORRY"]
)toml";
  for (int round = 0; round < 4; ++round) {
    const std::string sorry = round % 2 ? "I'm sorry." : "I apologise.";
    std::string toml = kToml;
    toml.replace(toml.find("SORRY"), 5, sorry);
    auto lexicon = Lexicon::FromString(toml, "t.toml");
    ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
    auto analyzer = Analyzer::Create(*lexicon);
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().message();
    for (int again = 0; again < 2; ++again) {
      const Report r = analyzer->Analyze("You never help with the dishes.");
      ASSERT_EQ(r.findings.size(), 1u);
      EXPECT_TRUE(Has(Texts(r.findings[0]), sorry)) << round << Joined(Texts(r.findings[0]));
      EXPECT_EQ(r.findings[0].reframes, Texts(r.findings[0]));
    }
  }
  AnalyzeOptions with;
  for (const char* thing : {"keys", "phone", "keys"}) {
    const std::string answered = std::string("I lost my ") + thing + " again.";
    with.reply_to = answered;
    const Report r = Builtin().Analyze("classic", with);
    ASSERT_NE(FindingOf(r, "criticism"), nullptr) << answered;
    EXPECT_TRUE(Has(Texts(*FindingOf(r, "criticism")), std::string("you lost your ") + thing))
        << Joined(Texts(*FindingOf(r, "criticism")));
  }
}

TEST(Suggestions, KeepTheWritersRegister) {
  // Texting: lower case, the writer's "u" and "im", no full stop at the end.
  const Report r = Builtin().Analyze("i was gonna text u back but my phone died at the concert");
  const Finding* f = FindingOf(r, "defensiveness");
  ASSERT_NE(f, nullptr);
  for (const std::string& t : Texts(*f)) {
    EXPECT_EQ(t.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << t;
    EXPECT_NE(t.back(), '.') << t;
  }
  EXPECT_TRUE(Has(Texts(*f), "i didn't text u back, and i'm sorry. my phone died at the concert")) << Joined(Texts(*f));
  // A name keeps its capital in a texting draft; shouting is lowered.
  const Report b = Builtin().Analyze("i want to see u before you fly to Boston but im drowning in the thesis");
  ASSERT_NE(FindingOf(b, "mixed-message"), nullptr);
  EXPECT_TRUE(Has(Texts(*FindingOf(b, "mixed-message")), "fly to Boston"))
      << Joined(Texts(*FindingOf(b, "mixed-message")));
  EXPECT_FALSE(Has(Texts(*FindingOf(b, "mixed-message")), "I ")) << Joined(Texts(*FindingOf(b, "mixed-message")));
  const Report s = Builtin().Analyze("YOU NEVER TAKE OUT THE TRASH");
  ASSERT_NE(FindingOf(s, "criticism"), nullptr);
  EXPECT_TRUE(Has(Texts(*FindingOf(s, "criticism")), "Could you take out the trash?"))
      << Joined(Texts(*FindingOf(s, "criticism")));
}

TEST(Suggestions, LeaveOutWhatTheDraftDoesNotSay) {
  // No object, no time: nothing is invented for them.
  const Report r = Builtin().Analyze("You never listen.");
  const Finding* f = FindingOf(r, "criticism");
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(Has(Texts(*f), "Could you listen? It would mean a lot to me.")) << Joined(Texts(*f));
  for (const std::string& t : Texts(*f)) {
    for (const char* invented : {"tonight", "Sunday", "tomorrow", "dinner", " at "}) {
      EXPECT_EQ(t.find(invented), std::string::npos) << t;
    }
  }
}

TEST(Suggestions, NoneForStrengthsOrCleanText) {
  const Report r = Builtin().Analyze("Thank you for dinner last night, I loved it.");
  EXPECT_TRUE(r.findings.empty());
  for (const Finding& s : r.strengths) {
    EXPECT_TRUE(s.suggestions.empty());
    EXPECT_TRUE(s.reframes.empty());
  }
}

}  // namespace
}  // namespace reframe

// The allow-list the suggestion measure uses (tests/suggestions/allow.txt):
// every word a built-in template adds is on it, and nothing on it is a
// fact: no day or time, no number, no person, no name.
namespace reframe::internal {
namespace {

std::set<std::string> AllowList() {
  std::ifstream in(std::string(REFRAME_TESTS_DIR) + "/suggestions/allow.txt");
  EXPECT_TRUE(in.good());
  std::set<std::string> words;
  std::string line;
  while (std::getline(in, line)) {
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream ws(line);
    for (std::string w; ws >> w;) words.insert(w);
  }
  return words;
}

TEST(SuggestionAllowList, HoldsNoFact) {
  const LexiconData& data = LexiconAccess::Data(Lexicon::Builtin());
  const Grammar grammar(data.grammar);
  const WordTable& words = WordTable::Builtin();
  const std::set<std::string> allow = AllowList();
  EXPECT_GT(allow.size(), 300u);
  for (const std::string& w : allow) {
    EXPECT_EQ(w.find_first_of("0123456789"), std::string::npos) << w;
    EXPECT_FALSE(grammar.Is(w, kTimeWord)) << w << " is a time";
    EXPECT_FALSE(grammar.Is(w, kPersonNoun)) << w << " is a person";
    const WordFacts f = words.Find(w);
    // "I'm" and "Is" are capitalised in the dictionary too; a closed-class word is no name.
    const bool closed = grammar.ClassesOf(w) != 0 || w.find('\'') != std::string::npos;
    EXPECT_FALSE(f.name && !f.common && f.pos == 0 && !closed) << w << " is a name";
    for (const char* time : {"week", "weeks", "weekend", "month", "year", "years", "hour", "tonight", "today",
                             "tomorrow", "morning", "evening", "night", "noon"}) {
      EXPECT_NE(w, time) << w << " is a time";
    }
  }
}

TEST(SuggestionAllowList, CoversEveryTemplateWord) {
  const std::set<std::string> allow = AllowList();
  for (const RuleInfo& rule : Lexicon::Builtin().rules()) {
    for (const SuggestionTemplates& kind : rule.suggest) {
      for (const std::string& tmpl : kind.templates) {
        std::vector<TemplatePart> parts;
        std::string error;
        ASSERT_TRUE(ParseSuggestionTemplate(tmpl, &parts, &error)) << error;
        std::string literal;
        std::function<void(const std::vector<TemplatePart>&)> collect = [&](const std::vector<TemplatePart>& list) {
          for (const TemplatePart& p : list) {
            if (p.type == TemplatePart::Type::kOptional)
              collect(p.parts);
            else
              literal += " " + p.text;  // text, or a slot's fallback
          }
        };
        collect(parts);
        std::string word;
        for (size_t i = 0; i <= literal.size(); ++i) {
          const char c = i < literal.size() ? literal[i] : ' ';
          if (std::isalpha(static_cast<unsigned char>(c)) || (c == '\'' && !word.empty())) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            continue;
          }
          while (!word.empty() && word.back() == '\'') word.pop_back();
          if (!word.empty()) {
            EXPECT_TRUE(allow.count(word)) << rule.id << ": \"" << word << "\" in " << tmpl;
          }
          word.clear();
        }
      }
    }
  }
}

}  // namespace
}  // namespace reframe::internal
