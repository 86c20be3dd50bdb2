// The report builder of report/report_builder.h.
#include "report/report_builder.h"

#include <algorithm>
#include <string>
#include <utility>

#include "text/position.h"
#include "text/text.h"

namespace reframe::internal {
namespace {

// Shrinks [b, e) of `input` past surrounding white space (and, for spans
// widened to a clause or sentence, the punctuation that ends it).
// A span never starts or ends in white space or punctuation (a pattern may
// consume the final "." to anchor a one-word reply).
Span Trim(std::string_view input, Span span) {
  auto skip = [&](uint32_t i) {
    const char c = input[i];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '.' || c == '!' || c == '?' || c == ',' ||
           c == ';' || c == ':';
  };
  while (span.begin < span.end && skip(span.begin)) ++span.begin;
  while (span.end > span.begin && skip(span.end - 1)) --span.end;
  return span;
}

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

// Line and column of every finding and strength, walking the input once (a
// long message with many findings would otherwise be scanned once each).
void AssignLineColumns(std::string_view input, Report& report) {
  std::vector<std::pair<size_t, std::pair<size_t*, size_t*>>> targets;
  for (Finding& f : report.findings) targets.push_back({f.start, {&f.line, &f.column}});
  for (Finding& s : report.strengths) targets.push_back({s.start, {&s.line, &s.column}});
  std::sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  PositionCursor cursor(input);
  for (auto& [at, out] : targets) {
    const TextPosition p = cursor.Advance(at);
    *out.first = p.line;
    *out.second = p.column;
  }
}

// Problems and strengths alike: the rule's description and the span.
Finding MakeFinding(const RuleDef& def, std::string_view input, Span in) {
  Finding f;
  f.rule = def.info.id;
  f.category = def.info.category;
  f.kind = def.info.kind;
  f.severity = def.info.severity;
  f.start = in.begin;
  f.end = in.end;
  f.line = 0;  // filled in text order at the end (AssignLineColumns)
  f.column = 0;
  f.text = std::string(input.substr(in.begin, in.end - in.begin));
  f.message = def.info.message;
  f.why = def.info.why;
  f.source = def.info.source;
  return f;
}

// A finding with the match it came from.
struct Made {
  Finding finding;
  const RuleMatch* match;
};

// One finding per category (strength kind) per stretch of text: the one
// that starts first, and of those the tightest, names the pattern most
// precisely (sorting put it first), so its suggestions fit best.
void MergeOverlapping(std::vector<Made>& findings) {
  std::vector<Made> kept;
  for (Made& m : findings) {
    const Finding& f = m.finding;
    const bool clash = std::any_of(kept.begin(), kept.end(), [&](const Made& k) {
      return k.finding.category == f.category && k.finding.kind == f.kind &&
             Overlaps(k.finding.start, k.finding.end, f.start, f.end);
    });
    if (!clash) kept.push_back(std::move(m));
  }
  findings = std::move(kept);
}

}  // namespace

void BuildReport(std::string_view input, const std::vector<RuleMatch>& matches, bool merge_overlapping, Report& report,
                 const FindingFilter* filter, std::vector<const RuleMatch*>* sources) {
  if (sources) sources->clear();
  if (matches.empty()) return;
  std::vector<Made> findings, strengths;
  for (const RuleMatch& m : matches) {
    Finding f = MakeFinding(*m.rule, input, Trim(input, m.span));
    if (m.rule->info.is_cue()) {
      report.cues.push_back(std::move(f));
      continue;
    }
    const FindingFate fate = filter ? (*filter)(f) : FindingFate::kReport;
    if (fate == FindingFate::kDrop) continue;
    if (fate == FindingFate::kCue) {
      if (!f.is_strength()) f.kind = f.category;
      f.category = "cue";
      f.reframes.clear();
      report.cues.push_back(std::move(f));
      continue;
    }
    (f.is_strength() ? strengths : findings).push_back({std::move(f), &m});
  }
  auto by_start = [](const Made& a, const Made& b) {
    return a.finding.start != b.finding.start ? a.finding.start < b.finding.start : a.finding.end < b.finding.end;
  };
  for (std::vector<Made>* list : {&findings, &strengths}) {
    std::stable_sort(list->begin(), list->end(), by_start);
    if (merge_overlapping) MergeOverlapping(*list);
  }
  // What is flagged is not praised too: "I'm sorry" in "I'm sorry you feel
  // that way", "I'd love to see you" in a mixed message.
  for (Made& m : strengths) {
    const bool flagged = std::any_of(findings.begin(), findings.end(), [&](const Made& f) {
      return Overlaps(f.finding.start, f.finding.end, m.finding.start, m.finding.end);
    });
    if (!flagged) report.strengths.push_back(std::move(m.finding));
  }
  for (Made& m : findings) {
    report.findings.push_back(std::move(m.finding));
    if (sources) sources->push_back(m.match);
  }
  AssignLineColumns(input, report);
}

void WarnInvalidUtf8(std::string_view input, const std::vector<uint32_t>& invalid, Report& report) {
  if (invalid.empty()) return;
  const TextPosition p = PositionAt(input, invalid.front());
  report.warnings.push_back("invalid UTF-8 at line " + std::to_string(p.line) + ", column " + std::to_string(p.column) +
                            " (byte " + std::to_string(invalid.front()) + "; " + std::to_string(invalid.size()) +
                            " bad sequence(s) read as U+FFFD)");
}

}  // namespace reframe::internal
