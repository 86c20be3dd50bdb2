#include "engine/prefilter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/pattern_compiler.h"
#include "lexicon/lexicon_access.h"
#include "reframe/lexicon.h"
#include "text/text.h"

namespace reframe::internal {
namespace {

std::string Reduce(const std::string& regex) {
  Prefilter p;
  const int id = p.Add(regex);
  p.Build();
  return p.Describe(id);
}

std::vector<int> CandidatesFor(const Prefilter& p, const std::string& text) {
  Prefilter::Scratch scratch;
  std::vector<int> out;
  p.Candidates(text, scratch, &out);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Prefilter, ReducesRegexesToAtomTrees) {
  EXPECT_EQ(Reduce("always"), "'always'");
  EXPECT_EQ(Reduce("(?:always|never) late"), "('always late' OR 'never late')");
  // An optional piece keeps both readings; shorter atoms cover longer ones.
  EXPECT_EQ(Reduce("(?:so )?busy"), "'busy'");
  EXPECT_EQ(Reduce("too (?:busy|tired)"), "('too busy' OR 'too tired')");
  // Past the product limit the concatenation is cut into an AND.
  const std::string cut =
      Reduce("(?:you|we|they|he|she) (?:always|never|constantly|forever) (?:forget|ignore|leave|lie)");
  // "he " covers "she ".
  EXPECT_EQ(cut,
            "(('always forget' OR 'always ignore' OR 'always leave' OR 'always lie' OR 'constantly forge' OR "
            "'constantly ignor' OR 'constantly leave' OR 'constantly lie' OR 'forever forget' OR "
            "'forever ignore' OR 'forever leave' OR 'forever lie' OR 'never forget' OR 'never ignore' OR "
            "'never leave' OR 'never lie') AND ('he ' OR 'they ' OR 'we ' OR 'you '))");
  // Classes, escapes, anchors and repetition.
  EXPECT_EQ(Reduce("apologi[sz]e"), "('apologise' OR 'apologize')");
  EXPECT_EQ(Reduce("^okay\\.+$"), "'okay.'");  // "x+" joins its left, then cuts
  EXPECT_EQ(Reduce("lol+"), "'lol'");
  EXPECT_EQ(Reduce("ha(?:ha)+!"), "'haha'");
  EXPECT_EQ(Reduce("\\bfine\\b"), "'fine'");
  EXPECT_EQ(Reduce("(?P<act__0>call|text) you"), "('call you' OR 'text you')");
  EXPECT_EQ(Reduce("been (?:the|my|a) [a-z]+"), "('been a ' OR 'been my ' OR 'been the ')");
  EXPECT_EQ(Reduce("x{2,3}yzw"), "'yzw'");
  EXPECT_EQ(Reduce("(?:ab)+cde"), "'cde'");
  EXPECT_EQ(Reduce("(?:abc)+de"), "'abc'");
  EXPECT_EQ(Reduce("a{x"), "'a{x'");  // not a repetition: a literal brace
  EXPECT_EQ(Reduce("caf\\x{e9}"), "'caf\xC3\xA9'");
  // A whole regex of short strings is screened by them.
  EXPECT_EQ(Reduce("ok|jk"), "('jk' OR 'ok')");
  EXPECT_EQ(Reduce(","), "','");
  // Too short inside, too open or unknown: a candidate for every text.
  EXPECT_EQ(Reduce("ok (?:x|y)+"), "('ok x' OR 'ok y')");
  EXPECT_EQ(Reduce("o.k"), "*");
  EXPECT_EQ(Reduce("[a-z]+ing"), "'ing'");
  EXPECT_EQ(Reduce("(?i)always"), "*");
  EXPECT_EQ(Reduce("\\1abc"), "*");
  EXPECT_EQ(Reduce("a.*b"), "*");
}

TEST(Prefilter, FindsEveryAtomAndTriggersTrees) {
  Prefilter p;
  const int a = p.Add("you never (?:call|text)");
  const int b = p.Add("(?:busy|tired)[a-z, ]+(?:lately|today)");
  const int c = p.Add("[a-z]+");  // unfiltered
  const int d = p.Add("she sells sea shells");
  p.Build();
  EXPECT_EQ(p.unfiltered(), std::vector<int>({c}));
  EXPECT_EQ(CandidatesFor(p, "well you never call"), std::vector<int>({a, c}));
  EXPECT_EQ(CandidatesFor(p, "so busy today"), std::vector<int>({b, c}));
  EXPECT_EQ(CandidatesFor(p, "busy, and today"), std::vector<int>({b, c}));  // a candidate, not a match
  EXPECT_EQ(CandidatesFor(p, "today busy"), std::vector<int>({b, c}));
  EXPECT_EQ(CandidatesFor(p, "busy"), std::vector<int>({c}));  // one side of the AND only
  EXPECT_EQ(CandidatesFor(p, "she sells sea shellsshe sells sea shells"), std::vector<int>({c, d}));
  EXPECT_EQ(CandidatesFor(p, ""), std::vector<int>({c}));
  // Scratch is reused across texts without leaking state.
  Prefilter::Scratch scratch;
  std::vector<int> out;
  p.Candidates("you never call", scratch, &out);
  out.clear();
  p.Candidates("nothing here", scratch, &out);
  EXPECT_EQ(out, std::vector<int>({c}));
}

// Long texts are walked in two halves; an atom across the cut is still found.
TEST(Prefilter, AtomsAcrossTheMiddleOfALongTextAreFound) {
  Prefilter p;
  const int long_atom = p.Add("abcdefghijklmnop");  // 16 bytes, the longest an atom gets
  const int short_atom = p.Add("xyz");
  p.Build();
  for (size_t length : {64u, 65u, 100u, 101u, 300u}) {
    for (size_t at = 0; at + 16 <= length; ++at) {
      std::string text(length, '.');
      text.replace(at, 16, "abcdefghijklmnop");
      EXPECT_EQ(CandidatesFor(p, text), std::vector<int>({long_atom})) << length << " at " << at;
      if (at + 3 <= length) {
        std::string other(length, '.');
        other.replace(at, 3, "xyz");
        EXPECT_EQ(CandidatesFor(p, other), std::vector<int>({short_atom})) << length << " at " << at;
      }
    }
  }
}

// Past 32767 states the automaton switches to 32-bit entries.
TEST(Prefilter, LargeAutomatonFindsAtomsToo) {
  Prefilter p;
  std::vector<std::string> words;
  uint32_t seed = 7;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    for (int j = 0; j < 14; ++j) {
      seed = seed * 1103515245 + 12345;
      w.push_back(static_cast<char>('a' + (seed >> 16) % 26));
    }
    words.push_back(w);
    p.Add(w);
  }
  p.Build();
  ASSERT_GT(p.state_count(), 32768u);
  EXPECT_EQ(CandidatesFor(p, "x " + words[17] + " y " + words[2999] + words[5]), std::vector<int>({5, 17, 2999}));
  EXPECT_EQ(CandidatesFor(p, words[17].substr(0, 13)), std::vector<int>({}));
}

TEST(SplitAlternatives, SplitsTopLevelAndWholeGroups) {
  EXPECT_EQ(SplitAlternatives("(?:a|(?:b|c))"), std::vector<std::string>({"a", "b", "c"}));
  EXPECT_EQ(SplitAlternatives("(?:a|b)c"), std::vector<std::string>({"(?:a|b)c"}));
  EXPECT_EQ(SplitAlternatives("(?:a|b)+"), std::vector<std::string>({"(?:a|b)+"}));
  EXPECT_EQ(SplitAlternatives("(?:a)(?:b)"), std::vector<std::string>({"(?:a)(?:b)"}));
  EXPECT_EQ(SplitAlternatives("x|[|]|y"), std::vector<std::string>({"x", "[|]", "y"}));
  EXPECT_EQ(SplitAlternatives("a\\|b|c"), std::vector<std::string>({"a\\|b", "c"}));
  EXPECT_EQ(SplitAlternatives("(?P<x__0>a|b)|c"), std::vector<std::string>({"(?P<x__0>a|b)", "c"}));
  EXPECT_EQ(SplitAlternatives("(?i)a|b"), std::vector<std::string>({"(?i)a|b"}));  // flags cross "|"
  EXPECT_EQ(SplitAlternatives("a|a|b"), std::vector<std::string>({"a", "b"}));
  EXPECT_EQ(SplitAlternatives("(?:a|b"), std::vector<std::string>({"(?:a|b"}));            // broken: whole
  EXPECT_EQ(SplitAlternatives("\\Qa|b\\E|c"), std::vector<std::string>({"\\Qa|b\\E|c"}));  // quoted "|"
}

// The property the analyzer relies on: on real texts, a regex of the built-in
// lexicon that matches is always a candidate.
TEST(Prefilter, NeverDropsAMatchOfTheBuiltinLexicon) {
  const Lexicon lexicon = Lexicon::Builtin();
  const LexiconData& data = LexiconAccess::Data(lexicon);
  std::set<std::string> regexes;
  auto add = [&](const std::string& element) {
    auto expanded = ExpandPattern(element, data, "test");
    ASSERT_TRUE(expanded.ok()) << expanded.status().message();
    for (std::string& alt : SplitAlternatives(*expanded)) regexes.insert(std::move(alt));
  };
  for (const char* list : {kNegationList, kClauseBreakList, kReportedSpeechList}) add(std::string("{") + list + "}");
  std::vector<std::string> texts;
  for (const RuleDef& rule : data.rules) {
    for (const std::string& e : rule.pattern) add(e);
    for (const std::string& e : rule.unless) add(e);
    texts.insert(texts.end(), rule.info.flag.begin(), rule.info.flag.end());
    texts.insert(texts.end(), rule.info.pass.begin(), rule.info.pass.end());
  }
  for (const char* file : {"/accuracy/cases.jsonl", "/accuracy/holdout.jsonl", "/accuracy/holdout2.jsonl"}) {
    std::ifstream in(std::string(REFRAME_TESTS_DIR) + file);
    ASSERT_TRUE(in) << file;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) texts.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
    }
  }
  Prefilter prefilter;
  std::vector<std::unique_ptr<RE2>> compiled;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  for (const std::string& r : regexes) {
    prefilter.Add(r);
    compiled.push_back(std::make_unique<RE2>(r, options));
    ASSERT_TRUE(compiled.back()->ok()) << r;
  }
  prefilter.Build();
  std::printf(
      "built-in lexicon: %zu alternatives, %zu atoms, %zu automaton states x %zu byte classes, %zu unfiltered\n",
      regexes.size(), prefilter.atom_count(), prefilter.state_count(), prefilter.class_count(),
      prefilter.unfiltered().size());
  // Most alternatives must be screened: an unfiltered one costs a regex run per text.
  EXPECT_LT(prefilter.unfiltered().size(), regexes.size() / 20);

  TextPreparer preparer(data.shorthand, data.abbreviations);
  PreparedText pt;
  Prefilter::Scratch scratch;
  size_t matches = 0;
  for (const std::string& text : texts) {
    preparer.Prepare(text, pt);
    std::vector<int> candidates;
    prefilter.Candidates(pt.folded, scratch, &candidates);
    std::vector<uint8_t> possible(regexes.size(), 0);
    for (int c : candidates) possible[c] = 1;
    for (size_t r = 0; r < compiled.size(); ++r) {
      if (RE2::PartialMatch(pt.folded, *compiled[r])) {
        ++matches;
        EXPECT_TRUE(possible[r]) << "'" << prefilter.Describe(static_cast<int>(r)) << "' missed in: " << pt.folded;
      }
    }
  }
  EXPECT_GT(matches, texts.size());  // the texts do exercise the lexicon
}

}  // namespace
}  // namespace reframe::internal
