// Runs every flag/pass example and every reframe of every built-in rule, one
// test per rule, so a failure names the rule. Adding a rule to lexicons/
// adds its test here with no C++ change.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "lexicon/lexicon_access.h"
#include "reframe/lexicon.h"
#include "reframe/lexicon_check.h"

namespace reframe {
namespace {

class RuleExamples : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleExamples, FlagPassAndReframesHold) {
  for (const std::string& problem : CheckRule(Lexicon::Builtin(), GetParam())) ADD_FAILURE() << problem;
}

std::vector<std::string> AllRuleIds() {
  std::vector<std::string> ids;
  for (const RuleInfo& r : Lexicon::Builtin().rules()) ids.push_back(r.id);
  return ids;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Builtin, RuleExamples, ::testing::ValuesIn(AllRuleIds()), TestName);

// The embedded lexicon (the build-time image) is the lexicons/ tree as it is
// now: every rule field, phrase list, shorthand and setting, in order. A stale
// or lossy image fails here, naming what differs.
TEST(BuiltinLexicon, SourceTreeMatchesEmbeddedCopy) {
  auto from_disk = Lexicon::FromDirectory(REFRAME_LEXICON_DIR);
  ASSERT_TRUE(from_disk.ok()) << from_disk.status().message();
  const internal::LexiconData& disk = internal::LexiconAccess::Data(*from_disk);
  const internal::LexiconData& embedded = internal::LexiconAccess::Data(Lexicon::Builtin());
  ASSERT_EQ(disk.rules.size(), embedded.rules.size());
  // Files are named "<builtin>/en/x.toml" in the image, ".../lexicons/en/x.toml" on disk.
  auto relative = [](const std::string& file) {
    const size_t cut = file.find("<builtin>/") == 0 ? 10 : std::string(REFRAME_LEXICON_DIR).size() + 1;
    return file.substr(std::min(cut, file.size()));
  };
  for (size_t i = 0; i < disk.rules.size(); ++i) {
    const internal::RuleDef& a = disk.rules[i];
    const internal::RuleDef& b = embedded.rules[i];
    const RuleInfo& x = a.info;
    const RuleInfo& y = b.info;
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.category, y.category);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.message, y.message);
    EXPECT_EQ(x.why, y.why);
    EXPECT_EQ(x.article, y.article);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.reframes, y.reframes);
    EXPECT_EQ(x.flag, y.flag);
    EXPECT_EQ(x.pass, y.pass);
    EXPECT_EQ(relative(x.file), relative(y.file));
    EXPECT_EQ(x.line, y.line);
    EXPECT_EQ(a.pattern, b.pattern);
    EXPECT_EQ(a.unless, b.unless);
    EXPECT_EQ(a.scope, b.scope);
    EXPECT_EQ(a.unless_scope, b.unless_scope);
    EXPECT_EQ(a.span, b.span);
    EXPECT_EQ(a.negatable, b.negatable);
    EXPECT_EQ(a.allow_quoted, b.allow_quoted);
    EXPECT_EQ(a.any_order, b.any_order);
    EXPECT_EQ(a.reply, b.reply);
    EXPECT_EQ(a.unless_reply, b.unless_reply);
    EXPECT_EQ(a.without_reply, b.without_reply);
    EXPECT_EQ(a.pattern_where.size(), b.pattern_where.size());
    EXPECT_EQ(a.unless_where.size(), b.unless_where.size());
  }
  ASSERT_EQ(disk.phrases.size(), embedded.phrases.size());
  for (auto a = disk.phrases.begin(), b = embedded.phrases.begin(); a != disk.phrases.end(); ++a, ++b) {
    EXPECT_EQ(a->first, b->first);
    EXPECT_EQ(a->second.phrases, b->second.phrases) << a->first;
    EXPECT_EQ(relative(a->second.file), relative(b->second.file)) << a->first;
    EXPECT_EQ(a->second.line, b->second.line) << a->first;
  }
  EXPECT_EQ(disk.shorthand, embedded.shorthand);
  EXPECT_EQ(disk.grammar, embedded.grammar);
  EXPECT_EQ(disk.abbreviations, embedded.abbreviations);
  EXPECT_EQ(disk.negation_window, embedded.negation_window);
  EXPECT_EQ(disk.default_source, embedded.default_source);
}

TEST(BuiltinLexicon, EveryCategoryAndStrengthKindHasRules) {
  std::set<std::string> seen;
  for (const RuleInfo& r : Lexicon::Builtin().rules()) seen.insert(r.is_strength() ? r.kind : r.category);
  for (const char* want : {"mixed-message", "criticism", "defensiveness", "withdrawal", "feeling", "appreciation",
                           "ownership", "repair", "support", "bid"}) {
    EXPECT_TRUE(seen.count(want)) << want;
  }
}

TEST(BuiltinLexicon, EveryProblemRuleHasWhyAndTwoReframes) {
  for (const RuleInfo& r : Lexicon::Builtin().rules()) {
    if (r.is_strength() || r.is_cue()) continue;
    EXPECT_FALSE(r.why.empty()) << r.id;
    EXPECT_FALSE(r.article.empty()) << r.id;
    EXPECT_GE(r.reframes.size(), 2u) << r.id;
    EXPECT_GE(r.pass.size(), 1u) << r.id;
  }
}

}  // namespace
}  // namespace reframe
