// reframe/report.h — what the analyzer found in one message.
//
//   reframe::Report report = analyzer->Analyze("I want to connect, but I am too busy.");
//   for (const reframe::Finding& f : report.findings)
//     std::cout << f.category << " at bytes " << f.start << ".." << f.end << ": " << f.text << "\n";
//
// All spans are UTF-8 byte offsets into the text exactly as it was passed to
// Analyze(); `line` and `column` are 1-based, `column` counts code points.
#ifndef REFRAME_REPORT_H_
#define REFRAME_REPORT_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"

namespace reframe {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

// "info", "warning" or "error".
REFRAME_EXPORT std::string_view SeverityName(Severity severity);
// Parses "info" / "warning" / "error"; returns false for anything else.
REFRAME_EXPORT bool ParseSeverity(std::string_view name, Severity* out);

// The four problem categories (DESIGN.md §2), in their fixed output order.
inline constexpr std::array<std::string_view, 4> kCategories = {"mixed-message", "criticism", "defensiveness",
                                                                "withdrawal"};

// A rewrite of the flagged part of a draft: `text` replaces the input bytes
// [start, end) (the sentence or sentences the finding stands in), so a
// program can apply it in one step. `kind` names the move it makes, after
// the article: "both-longings" (say the wish and the constraint side by
// side), "feeling" (the feeling or fear underneath), "ownership" (own your
// part), "next-step" (a concrete step toward the other person),
// "appreciation"; "reframe" for a lexicon's plain `reframes` templates.
struct Suggestion {
  std::string text;
  std::string kind;
  size_t start = 0;  // byte offset into the input, inclusive
  size_t end = 0;    // byte offset into the input, exclusive
};

// One place where a rule applies in a draft. A problem finding names where
// the draft pushes the other person away (`category` is one of kCategories);
// a strength names something it does well, the article's way out (naming a
// feeling, appreciation, owning a mistake, a concrete repair offer,
// support): then `category` is "strength" and `kind` says which.
struct Finding {
  std::string rule;      // rule id, e.g. "mixed-message/longing-but-busy"
  std::string category;  // one of kCategories, or "strength"
  std::string kind;      // strengths: "feeling", "appreciation", "ownership", "repair", "support", "bid"; else ""
  Severity severity = Severity::kWarning;  // strengths: kInfo
  size_t start = 0;                        // byte offset into the input, inclusive
  size_t end = 0;                          // byte offset into the input, exclusive
  size_t line = 1;                         // 1-based line of `start`
  size_t column = 1;                       // 1-based code-point column of `start`
  std::string text;                        // the input bytes [start, end)
  std::string message;                     // one-line summary
  std::string why;                         // why it matters, after the article
  std::vector<std::string> reframes;       // what to say instead: the texts of `suggestions`, in order
  // What to say instead, each a whole replacement with its kind and span,
  // built from the draft's own words and checked to raise nothing (none for
  // strengths).
  std::vector<Suggestion> suggestions;
  std::string source;  // the work the rule rests on

  [[nodiscard]] bool is_strength() const { return category == "strength"; }
};

// Strengths used to be a type of their own; they are Findings with `kind` set.
using Strength = Finding;

// The result of analysing one message. Problems and strengths are kept
// apart: `findings` holds only problems, `strengths` only strengths (both
// Findings; is_strength() tells them apart), each in text order.
struct REFRAME_EXPORT Report {
  std::vector<Finding> findings;   // problems, in text order
  std::vector<Finding> strengths;  // strengths (kind set), in text order
  // What the message does for a reply to read (category "cue", kind e.g.
  // "complaint"): neither a problem nor a strength, and not in any output;
  // see AnalyzeOptions::reply_report.
  std::vector<Finding> cues;
  // Problems with the input that did not stop the analysis, e.g. invalid
  // UTF-8 bytes that were read as U+FFFD.
  std::vector<std::string> warnings;

  // Number of findings in `category`.
  [[nodiscard]] size_t Count(std::string_view category) const;
  // True if any finding is at or above `severity`.
  [[nodiscard]] bool HasFindingAtLeast(Severity severity) const;
};

}  // namespace reframe

#endif  // REFRAME_REPORT_H_
