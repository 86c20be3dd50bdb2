// reframe/analyzer.h — analyse one message draft.
//
//   auto analyzer = reframe::Analyzer::Create(reframe::Lexicon::Builtin());
//   if (!analyzer.ok()) { std::cerr << analyzer.status().message(); return 2; }
//   reframe::Report report = analyzer->Analyze("I want to connect, but I am too busy.");
//   // report.findings[0].category == "mixed-message"
//
// An Analyzer compiles its lexicon once; afterwards it is immutable, and
// Analyze() is const and safe to call from any number of threads at once.
#ifndef REFRAME_ANALYZER_H_
#define REFRAME_ANALYZER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/lexicon.h"
#include "reframe/profile.h"
#include "reframe/report.h"
#include "reframe/status.h"

namespace reframe {

struct AnalyzerOptions {
  // When not empty, only rules with these ids run (used to test one rule in
  // isolation; phrase lists and text settings still come from the lexicon).
  std::vector<std::string> only_rules;
  // Report overlapping findings of one category once (the earliest, then the
  // tightest span wins).
  bool merge_overlapping = true;
  // What every call reports, and how loudly: rules and categories turned off
  // or on, severities, allowed phrases (reframe/profile.h). Empty: every
  // rule at its own severity. Create() checks it against the lexicon.
  Profile profile;
};

// What one call may know besides the text (DESIGN.md §10).
struct AnalyzeOptions {
  // The message this one answers, when known. Withdrawal and defensiveness
  // read it: "ok" after "Dinner at 7?" is a plain yes, after "You never
  // listen" it is a shut-down; "I was at work!" answering "You never call" is
  // defensive, answering "Where were you?" it is not. Rules that need a
  // complaint or a bid to answer stay silent when this is empty.
  std::optional<std::string_view> reply_to;
  // The report of `reply_to`, when the caller has already analysed it with
  // this analyzer (a chat reader has: each message answers the one before),
  // so it need not be analysed again. Ignored without `reply_to`.
  const Report* reply_report = nullptr;
  // Also find cues (Report::cues): what this message does for a reply to
  // read ("you forgot my birthday" is a complaint). Off by default, as only a
  // report later passed as `reply_report` needs them.
  bool cues = false;
  // Who the message is for (e.g. Profile::Builtin("work")): applied after
  // AnalyzerOptions::profile, so its adjustments win. Not checked here: call
  // Profile::Validate once with the analyzer's lexicon. Must outlive the call.
  const Profile* profile = nullptr;
};

class REFRAME_EXPORT Analyzer {
 public:
  // Compiles `lexicon`. Fails with kDataError, naming the file and line, when a
  // pattern does not compile, refers to an unknown phrase list, or a reframe
  // uses a slot that no pattern fills; with kInvalidArgument when
  // options.profile names a rule or category the lexicon does not have.
  static Result<Analyzer> Create(const Lexicon& lexicon, const AnalyzerOptions& options = {});

  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;
  ~Analyzer();

  // Analyses one message. `utf8_text` should be UTF-8; invalid bytes are read
  // as U+FFFD and reported in Report::warnings. Spans in the report are byte
  // offsets into `utf8_text` exactly as passed. Thread-safe.
  [[nodiscard]] Report Analyze(std::string_view utf8_text) const;
  // The same, with what else is known about the message (see AnalyzeOptions).
  [[nodiscard]] Report Analyze(std::string_view utf8_text, const AnalyzeOptions& options) const;

  // The lexicon this analyzer was built from.
  [[nodiscard]] const Lexicon& lexicon() const;

 private:
  struct Impl;  // keeps RE2 and ICU out of this header
  explicit Analyzer(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace reframe

#endif  // REFRAME_ANALYZER_H_
