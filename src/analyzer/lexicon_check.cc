#include "reframe/lexicon_check.h"

#include <algorithm>
#include <set>

#include "lexicon/example.h"
#include "reframe/analyzer.h"

namespace reframe {

namespace {

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

size_t CountOwn(const Report& report, const RuleInfo& rule, size_t* start, size_t* end) {
  size_t n = 0;
  auto note = [&](const std::string& id, size_t b, size_t e) {
    if (id != rule.id) return;
    if (n++ == 0) {
      *start = b;
      *end = e;
    }
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
  // Suggestions are read with every rule (a finding's suggestions replace
  // the findings of its category merged into it too), nothing merged away.
  AnalyzerOptions unmerged;
  unmerged.merge_overlapping = false;
  auto full = Analyzer::Create(lexicon, unmerged);
  if (!full.ok()) return {full.status().message()};
  // Plain `reframes` (the earlier format): each is a suggestion of its own.
  const bool legacy = std::all_of(rule->suggest.begin(), rule->suggest.end(),
                                  [](const SuggestionTemplates& s) { return s.kind == "reframe"; });
  if (!rule->is_strength() && !rule->is_cue() && legacy && rule->reframes.size() < 2) {
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
    // Its suggestions: three different moves (every reframe, in the earlier
    // format), each of which the analyzer has checked raises nothing once
    // applied to the example.
    const Report all = full->Analyze(text, with);
    for (const Finding& f : all.findings) {
      if (f.rule != rule->id) continue;
      std::set<std::string> kinds;
      for (const Suggestion& s : f.suggestions) kinds.insert(s.kind);
      if (legacy ? f.suggestions.size() != rule->suggest.size() : kinds.size() < 3) {
        std::string missing;
        for (const SuggestionTemplates& s : rule->suggest) {
          if (!kinds.count(s.kind)) missing += (missing.empty() ? "" : ", ") + s.kind;
        }
        problems.push_back(
            where + "for " + Quote(text) + " only " + std::to_string(legacy ? f.suggestions.size() : kinds.size()) +
            (legacy ? " reframe(s)" : " kind(s) of suggestion") + " fill and raise nothing once applied" +
            (missing.empty() ? "" : " (missing: " + missing + ")"));
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
