// Runs every flag/pass example and every reframe of every built-in rule, one
// test per rule, so a failure names the rule. Adding a rule to lexicons/
// adds its test here with no C++ change.
#include <gtest/gtest.h>

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

TEST(BuiltinLexicon, SourceTreeMatchesEmbeddedCopy) {
  auto from_disk = Lexicon::FromDirectory(REFRAME_LEXICON_DIR);
  ASSERT_TRUE(from_disk.ok()) << from_disk.status().message();
  EXPECT_EQ(from_disk->rules().size(), Lexicon::Builtin().rules().size());
}

TEST(BuiltinLexicon, EveryCategoryAndStrengthKindHasRules) {
  std::set<std::string> seen;
  for (const RuleInfo& r : Lexicon::Builtin().rules()) seen.insert(r.is_strength() ? r.kind : r.category);
  for (const char* want : {"mixed-message", "criticism", "defensiveness", "withdrawal", "feeling", "appreciation",
                           "ownership", "repair", "support"}) {
    EXPECT_TRUE(seen.count(want)) << want;
  }
}

TEST(BuiltinLexicon, EveryProblemRuleHasWhyAndTwoReframes) {
  for (const RuleInfo& r : Lexicon::Builtin().rules()) {
    if (r.is_strength()) continue;
    EXPECT_FALSE(r.why.empty()) << r.id;
    EXPECT_FALSE(r.article.empty()) << r.id;
    EXPECT_GE(r.reframes.size(), 2u) << r.id;
    EXPECT_GE(r.pass.size(), 1u) << r.id;
  }
}

}  // namespace
}  // namespace reframe
