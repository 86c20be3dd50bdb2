#include "reframe/lexicon_check.h"

#include "lexicon/example.h"
#include "reframe/analyzer.h"

namespace reframe {

namespace {

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

size_t CountOwn(const Report& report, const RuleInfo& rule, size_t* start, size_t* end) {
  size_t n = 0;
  auto note = [&](const std::string& id, size_t b, size_t e) {
    if (id != rule.id) return;
    if (n++ == 0) { *start = b; *end = e; }
  };
  for (const Finding& f : report.findings) note(f.rule, f.start, f.end);
  for (const Finding& s : report.strengths) note(s.rule, s.start, s.end);
  for (const Finding& c : report.cues) note(c.rule, c.start, c.end);
  return n;
}

}  // namespace

std::vector<std::string> CheckRule(const Lexicon& lexicon, std::string_view rule_id) {
  std::vector<std::string> problems;
  const RuleInfo* rule = lexicon.FindRule(rule_id);
  if (!rule) return {"no rule '" + std::string(rule_id) + "'"};
  const std::string where = rule->file + ":" + std::to_string(rule->line) + ": rule '" + rule->id + "': ";
  AnalyzerOptions isolated;
  isolated.only_rules = {rule->id};
  isolated.merge_overlapping = false;
  auto alone = Analyzer::Create(lexicon, isolated);
  if (!alone.ok()) return {alone.status().message()};
  auto full = Analyzer::Create(lexicon);
  if (!full.ok()) return {full.status().message()};

  if (!rule->is_strength() && !rule->is_cue() && rule->reframes.size() < 2) {
    problems.push_back(where + "needs at least two reframes");
  }
  for (const std::string& example : rule->flag) {
    std::string text;
    size_t want_b, want_e;
    std::optional<std::string> reply_to;
    bool marked = internal::ParseExample(example, &text, &want_b, &want_e, &reply_to);
    AnalyzeOptions with;
    with.cues = true;  // a cue's own examples
    if (reply_to) with.reply_to = *reply_to;
    Report report = alone->Analyze(text, with);
    size_t got_b = 0, got_e = 0;
    size_t n = CountOwn(report, *rule, &got_b, &got_e);
    if (n != 1) {
      problems.push_back(where + "flag example " + Quote(example) + " fired " + std::to_string(n) +
                         " times, expected once");
      continue;
    }
    if (marked && (got_b != want_b || got_e != want_e)) {
      problems.push_back(where + "flag example " + Quote(example) + " marked " +
                         Quote(text.substr(got_b, got_e - got_b)) + " instead of " +
                         Quote(text.substr(want_b, want_e - want_b)));
    }
    if (rule->is_strength() || rule->is_cue()) continue;
    for (const Finding& f : report.findings) {
      if (f.rule != rule->id) continue;
      if (f.reframes.size() != rule->reframes.size()) {
        problems.push_back(where + "a reframe could not be filled for " + Quote(text));
      }
      for (const std::string& reframe : f.reframes) {
        Report again = full->Analyze(reframe, with);
        for (const Finding& g : again.findings) {
          if (g.category == rule->category) {
            problems.push_back(where + "reframe " + Quote(reframe) + " (for " + Quote(text) + ") still raises " +
                               g.category + " (" + g.rule + " on " + Quote(g.text) + ")");
          }
        }
      }
    }
  }
  for (const std::string& example : rule->pass) {
    std::string text;
    size_t b, e;
    std::optional<std::string> reply_to;
    internal::ParseExample(example, &text, &b, &e, &reply_to);
    AnalyzeOptions with;
    if (reply_to) with.reply_to = *reply_to;
    Report report = alone->Analyze(text, with);
    size_t got_b = 0, got_e = 0;
    if (CountOwn(report, *rule, &got_b, &got_e) != 0) {
      problems.push_back(where + "pass example " + Quote(example) + " fired on " +
                         Quote(text.substr(got_b, got_e - got_b)));
    }
  }
  return problems;
}

std::vector<std::string> CheckLexicon(const Lexicon& lexicon, std::string_view file_prefix) {
  auto full = Analyzer::Create(lexicon);
  if (!full.ok()) return {full.status().message()};
  std::vector<std::string> problems;
  for (const RuleInfo& rule : lexicon.rules()) {
    if (!file_prefix.empty() && rule.file.compare(0, file_prefix.size(), file_prefix) != 0) continue;
    for (std::string& p : CheckRule(lexicon, rule.id)) problems.push_back(std::move(p));
  }
  return problems;
}

}  // namespace reframe
