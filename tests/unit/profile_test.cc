// Profiles (reframe/profile.h): adjustments, allowed phrases, validation,
// and what the Analyzer does with them. See: issue 15.
#include "reframe/profile.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "reframe/analyzer.h"
#include "reframe/lexicon.h"
#include "reframe/reframe_c.h"

namespace reframe {
namespace {

const Analyzer& Builtin() {
  static const Analyzer analyzer = std::move(*Analyzer::Create(Lexicon::Builtin()));
  return analyzer;
}

Analyzer With(const Profile& profile) {
  AnalyzerOptions options;
  options.profile = profile;
  Result<Analyzer> a = Analyzer::Create(Lexicon::Builtin(), options);
  EXPECT_TRUE(a.ok()) << a.status().message();
  return std::move(*a);
}

std::vector<std::string> Rules(const Report& r) {
  std::vector<std::string> out;
  for (const Finding& f : r.findings) out.push_back(f.rule);
  return out;
}

bool HasRule(const Report& r, const std::string& rule) {
  for (const Finding& f : r.findings) {
    if (f.rule == rule) return true;
  }
  return false;
}

struct State {
  bool reported = true;
  Severity severity = Severity::kWarning;
};

State Apply(const Profile& p, const std::string& rule, const std::string& category, Severity own = Severity::kWarning) {
  State s{true, own};
  p.Adjust(rule, category, own, s.reported, s.severity);
  return s;
}

TEST(Profile, LaterAdjustmentWins) {
  Profile p;
  p.Disable("criticism").Enable("criticism/insult");
  EXPECT_FALSE(Apply(p, "criticism/always-never", "criticism").reported);
  EXPECT_TRUE(Apply(p, "criticism/insult", "criticism").reported);
  EXPECT_TRUE(Apply(p, "withdrawal/numb", "withdrawal").reported);

  Profile q;
  q.Enable("criticism/insult").Disable("criticism");  // the category, later, wins over the rule
  EXPECT_FALSE(Apply(q, "criticism/insult", "criticism").reported);
}

TEST(Profile, SeverityCanBeSetAndRestored) {
  Profile p;
  p.SetSeverity("withdrawal", Severity::kInfo);
  EXPECT_EQ(Apply(p, "withdrawal/numb", "withdrawal").severity, Severity::kInfo);
  p.SetSeverity("withdrawal/numb", std::nullopt);  // back to the rule's own
  EXPECT_EQ(Apply(p, "withdrawal/numb", "withdrawal", Severity::kError).severity, Severity::kError);
  EXPECT_EQ(Apply(p, "withdrawal/whatever", "withdrawal").severity, Severity::kInfo);
}

TEST(Profile, AppendedProfileWins) {
  Profile mine;
  mine.Disable("mixed-message").Allow("ok");
  Profile later;
  later.Enable("mixed-message/yes-but");
  Profile both = mine;
  both.Append(later);
  EXPECT_FALSE(Apply(both, "mixed-message/longing-but-busy", "mixed-message").reported);
  EXPECT_TRUE(Apply(both, "mixed-message/yes-but", "mixed-message").reported);
  EXPECT_EQ(both.allowed().size(), 1u);
}

struct AllowCase {
  const char* phrase;
  const char* text;
  const char* span;  // the finding's text, found in `text`
  bool allowed;
};

class AllowedPhrases : public ::testing::TestWithParam<AllowCase> {};

TEST_P(AllowedPhrases, CoverOnlyWhatTheyName) {
  const AllowCase& c = GetParam();
  Profile p;
  p.Allow(c.phrase);
  const std::string text = c.text;
  const size_t start = text.find(c.span);
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(p.Allows(text, start, start + std::string(c.span).size()), c.allowed)
      << "'" << c.phrase << "' on '" << c.span << "' in '" << c.text << "'";
}

INSTANTIATE_TEST_SUITE_P(
    Profile, AllowedPhrases,
    ::testing::Values(AllowCase{"ok", "Ok.", "Ok", true},                           // case and punctuation
                      AllowCase{"ok", "OK!!", "OK!!", true},                        // punctuation in the span too
                      AllowCase{"ok.", "ok", "ok", true},                           // and in the phrase
                      AllowCase{"ok", "Okay, I get it.", "Okay, I get it", false},  // more than the phrase
                      AllowCase{"ok", "ok i get it", "ok i get it", false},
                      AllowCase{"ok", "book", "ok", false},                                     // inside a word
                      AllowCase{"whatever works", "Whatever works for me.", "Whatever", true},  // in context
                      AllowCase{"whatever works", "Whatever.", "Whatever", false},              // not a bare "whatever"
                      AllowCase{"i'm fine with that", "Fine.", "Fine", false},
                      AllowCase{"I'm fine", "I’m   fine, really", "I’m   fine", true},  // curly quote, spaces
                      AllowCase{"ÇA VA", "ça va.", "ça va", true},                      // Unicode case
                      AllowCase{"no worries", "No worries at all", "No worries", true},
                      AllowCase{"no worries", "No worriesss", "No worriesss", false}));

TEST(Profile, ValidateNamesTheUnknownAndSuggests) {
  const Lexicon lexicon = Lexicon::Builtin();
  Profile p;
  p.Disable("critcism");
  Status s = p.Validate(lexicon);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "unknown rule or category 'critcism' (did you mean 'criticism'?)");

  Profile short_id;
  short_id.Enable("curt-reply");  // the rule without its category
  EXPECT_EQ(short_id.Validate(lexicon).message(),
            "unknown rule or category 'curt-reply' (did you mean 'withdrawal/curt-reply'?)");

  Profile far;
  far.Disable("zzzzzzzz");
  EXPECT_EQ(far.Validate(lexicon).message(), "unknown rule or category 'zzzzzzzz'");

  Profile cue;
  cue.Disable("cue/complaint");
  EXPECT_NE(cue.Validate(lexicon).message().find("is a cue"), std::string::npos);

  Profile strength;
  strength.SetSeverity("strength", Severity::kError);
  EXPECT_NE(strength.Validate(lexicon).message().find("strengths have no severity"), std::string::npos);
  Profile strength_off;
  strength_off.Disable("strength").Disable("strength/bid");
  EXPECT_TRUE(strength_off.Validate(lexicon).ok());

  Profile empty_phrase;
  empty_phrase.Allow(" ... ");
  EXPECT_NE(empty_phrase.Validate(lexicon).message().find("no letters or digits"), std::string::npos);

  for (const std::string& name : Profile::BuiltinNames()) {
    const Profile* builtin = Profile::Builtin(name);
    ASSERT_NE(builtin, nullptr) << name;
    EXPECT_TRUE(builtin->Validate(lexicon).ok()) << name << ": " << builtin->Validate(lexicon).message();
    EXPECT_FALSE(builtin->description().empty()) << name;
  }
  EXPECT_EQ(Profile::Builtin("boss"), nullptr);
}

TEST(Profile, FindBuiltinNamesTheNearestAndTheList) {
  Result<const Profile*> work = Profile::FindBuiltin("work");
  ASSERT_TRUE(work.ok());
  EXPECT_EQ(*work, Profile::Builtin("work"));
  Result<const Profile*> typo = Profile::FindBuiltin("wrk");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(typo.status().message(),
            "unknown profile 'wrk' (did you mean 'work'?); the profiles are partner, family, friend, work");
  Result<const Profile*> far = Profile::FindBuiltin("boss");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.status().message(), "unknown profile 'boss'; the profiles are partner, family, friend, work");
  EXPECT_FALSE(Profile::FindBuiltin("").ok());
  EXPECT_FALSE(Profile::FindBuiltin("Work").ok());  // names are exact, as on the command line
}

TEST(Profile, CreateRefusesAnInvalidProfile) {
  AnalyzerOptions options;
  options.profile.Disable("withdrawl");
  Result<Analyzer> a = Analyzer::Create(Lexicon::Builtin(), options);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(a.status().message().find("did you mean 'withdrawal'?"), std::string::npos) << a.status().message();
}

TEST(Profile, AnalyzerDropsDisabledAndChangesSeverity) {
  const std::string text = "You never listen. I feel numb.";
  ASSERT_TRUE(HasRule(Builtin().Analyze(text), "criticism/always-never"));
  ASSERT_TRUE(HasRule(Builtin().Analyze(text), "withdrawal/numb"));

  Profile p;
  p.Disable("criticism").SetSeverity("withdrawal/numb", Severity::kInfo);
  const Report report = With(p).Analyze(text);
  EXPECT_EQ(Rules(report), std::vector<std::string>{"withdrawal/numb"});
  EXPECT_EQ(report.findings.at(0).severity, Severity::kInfo);
  EXPECT_EQ(report.Count("criticism"), 0u);
  EXPECT_FALSE(report.HasFindingAtLeast(Severity::kWarning));

  Profile no_strengths;
  no_strengths.Disable("strength");
  EXPECT_FALSE(Builtin().Analyze("Thank you, I really appreciate it.").strengths.empty());
  EXPECT_TRUE(With(no_strengths).Analyze("Thank you, I really appreciate it.").strengths.empty());
}

TEST(Profile, PerCallProfileWinsOverTheAnalyzers) {
  Profile mine;
  mine.Disable("withdrawal");
  const Analyzer analyzer = With(mine);
  AnalyzeOptions reply;
  reply.reply_to = "You never listen to me.";
  EXPECT_TRUE(analyzer.Analyze("ok", reply).findings.empty());

  Profile again;
  again.Enable("withdrawal/curt-reply");
  reply.profile = &again;
  EXPECT_EQ(Rules(analyzer.Analyze("ok", reply)), std::vector<std::string>{"withdrawal/curt-reply"});

  AnalyzeOptions to_work;
  to_work.reply_to = "You never listen to me.";
  to_work.profile = Profile::Builtin("work");
  const Report at_work = Builtin().Analyze("ok", to_work);
  ASSERT_EQ(Rules(at_work), std::vector<std::string>{"withdrawal/curt-reply"});
  EXPECT_EQ(at_work.findings[0].severity, Severity::kInfo);
  to_work.profile = Profile::Builtin("partner");
  EXPECT_EQ(Builtin().Analyze("ok", to_work).findings.at(0).severity, Severity::kWarning);
}

TEST(Profile, AllowedPhraseDropsTheFinding) {
  Profile p;
  p.Allow("ok");
  const Analyzer analyzer = With(p);
  AnalyzeOptions reply;
  reply.reply_to = "You never listen to me.";
  ASSERT_FALSE(Builtin().Analyze("Ok.", reply).findings.empty());
  EXPECT_TRUE(analyzer.Analyze("Ok.", reply).findings.empty());
  EXPECT_TRUE(HasRule(analyzer.Analyze("Okay, I get it.", reply), "withdrawal/i-get-it"));
}

// A disabled finding is still what it is for a reply: switching criticism
// off must not change how "ok" answering a complaint is read. An allowed one
// is not (the phrase was fine).
TEST(Profile, DisabledFindingsStillInformReplies) {
  const std::string complaint = "You never listen to me.";
  Profile off;
  off.Disable("criticism");
  const Analyzer analyzer = With(off);
  AnalyzeOptions with_cues;
  with_cues.cues = true;
  const Report read = analyzer.Analyze(complaint, with_cues);
  EXPECT_TRUE(analyzer.Analyze(complaint).cues.empty()) << "no cues unless asked for";
  EXPECT_TRUE(read.findings.empty());
  bool cue = false;
  for (const Finding& c : read.cues) cue = cue || (c.category == "cue" && c.kind == "criticism");
  EXPECT_TRUE(cue) << "the disabled finding is kept as a cue";

  AnalyzeOptions reply;
  reply.reply_to = complaint;
  EXPECT_EQ(Rules(analyzer.Analyze("ok", reply)), Rules(Builtin().Analyze("ok", reply)));
  reply.reply_report = &read;  // as a chat passes it
  EXPECT_EQ(Rules(analyzer.Analyze("ok", reply)), Rules(Builtin().Analyze("ok", reply)));

  // A jab that ends in "?" is still a jab, not a question to say "fine" to.
  AnalyzeOptions after_jab;
  after_jab.reply_to = "Are you serious right now?";
  const std::vector<std::string> expected = Rules(Builtin().Analyze("Fine, do what you want.", after_jab));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Rules(analyzer.Analyze("Fine, do what you want.", after_jab)), expected);
}

// Turning off the rule whose finding won an overlap shows the one it hid:
// profiles apply before overlapping findings are merged.
TEST(Profile, DisablingARuleRevealsTheOverlapItHid) {
  AnalyzerOptions unmerged;
  unmerged.merge_overlapping = false;
  const Analyzer all = std::move(*Analyzer::Create(Lexicon::Builtin(), unmerged));
  size_t checked = 0;
  for (const RuleInfo& rule : Lexicon::Builtin().rules()) {
    for (const std::string& example : rule.flag) {
      const std::string text = ExampleText(example);
      const std::string reply_to = ExampleReplyTo(example);
      if (!reply_to.empty()) continue;
      const Report merged = Builtin().Analyze(text);
      const Report every = all.Analyze(text);
      if (merged.findings.size() == every.findings.size() || merged.findings.empty()) continue;
      // Some finding was merged away: turn off the winner of each overlap.
      Profile p;
      for (const Finding& f : merged.findings) p.Disable(f.rule);
      const Report revealed = With(p).Analyze(text);
      std::vector<std::string> expected;
      for (const Finding& f : every.findings) {
        bool winner = false;
        for (const Finding& m : merged.findings) winner = winner || m.rule == f.rule;
        if (!winner) expected.push_back(f.rule);
      }
      ASSERT_FALSE(expected.empty());
      for (const Finding& f : revealed.findings) {
        EXPECT_NE(std::find(expected.begin(), expected.end(), f.rule), expected.end()) << text << ": " << f.rule;
      }
      EXPECT_FALSE(revealed.findings.empty()) << text;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u) << "no example has overlapping findings of one category";
}

TEST(Profile, ConcurrentCallsWithDifferentProfiles) {
  const Profile* work = Profile::Builtin("work");
  Profile off;
  off.Disable("withdrawal");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        AnalyzeOptions o;
        o.reply_to = "You never listen to me.";
        o.profile = t % 2 ? work : &off;
        const Report r = Builtin().Analyze("ok", o);
        const bool right =
            t % 2 ? (r.findings.size() == 1 && r.findings[0].severity == Severity::kInfo) : r.findings.empty();
        if (!right) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Profile, CApiTakesABuiltinProfileByName) {
  reframe_analyzer* a = reframe_analyzer_new();
  ASSERT_NE(a, nullptr);
  char* work = reframe_analyze_profile_json(a, "ok", 2, "You never listen to me.", static_cast<size_t>(-1), "work");
  ASSERT_NE(work, nullptr) << reframe_last_error();
  EXPECT_NE(std::string(work).find("\"severity\":\"info\""), std::string::npos) << work;
  reframe_string_free(work);
  char* none = reframe_analyze_profile_json(a, "ok", 2, "You never listen to me.", static_cast<size_t>(-1), "");
  ASSERT_NE(none, nullptr);
  EXPECT_NE(std::string(none).find("\"severity\":\"warning\""), std::string::npos) << none;
  reframe_string_free(none);
  EXPECT_EQ(reframe_analyze_profile_json(a, "ok", 2, nullptr, 0, "wrok"), nullptr);
  EXPECT_EQ(std::string(reframe_last_error()),
            "unknown profile 'wrok' (did you mean 'work'?); the profiles are partner, family, friend, work");
  reframe_analyzer_free(a);
}

TEST(Profile, NearestName) {
  EXPECT_EQ(NearestName("wrok", {"partner", "family", "friend", "work"}), "work");
  EXPECT_EQ(NearestName("colleague", {"partner", "family", "friend", "work"}), "");
  EXPECT_EQ(NearestName("disabel", {"disable", "enable"}), "disable");
}

}  // namespace
}  // namespace reframe
