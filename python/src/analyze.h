// The one place where the Python binding analyses a text.
//
// The Python API takes `reply_to` (the message being answered, DESIGN.md §10,
// AnalyzeOptions::reply_to) and `profile` (the name of a built-in settings
// profile, reframe/profile.h). Every Python entry point goes through these
// functions, so what the library accepts is decided here alone.
#ifndef REFRAME_PYTHON_ANALYZE_H_
#define REFRAME_PYTHON_ANALYZE_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/analyzer.h"
#include "reframe/lexicon.h"
#include "reframe/profile.h"
#include "reframe/report.h"
#include "reframe/status.h"

namespace reframe::python {

// A profile= argument: nullptr for None, else the built-in profile of that
// name. kInvalidArgument (a ValueError in Python) for any other name, with
// the library's "did you mean" and the list of profiles.
Result<const Profile*> FindProfile(const std::optional<std::string>& name);

// The analyzer of one reframe.Analyzer and what its profiles need: the
// lexicon they are checked against, and for chats (whose library run takes
// the profile from the analyzer, as `reframe chat --profile` does) one
// analyzer per profile asked for. Thread-safe.
class AnalyzerSet {
 public:
  // Compiles `lexicon` with `own` (Analyzer(profile=...); nullptr for none).
  static Result<std::unique_ptr<AnalyzerSet>> Create(const Lexicon& lexicon, const Profile* own);

  const Analyzer& analyzer() const { return *analyzer_; }
  const Profile& own() const { return own_; }

  // The profile a call asks for, checked against the lexicon (once per name):
  // a built-in profile can name a rule that a custom lexicon lacks.
  Result<const Profile*> ForCall(const std::optional<std::string>& name) const;

  // The analyzer for a chat run with the call's profile (from ForCall) after
  // this one's own: the analyzer itself when `call` is nullptr, else one
  // compiled on first use and kept. Slow the first time: call without the GIL.
  Result<const Analyzer*> ForChat(const Profile* call) const;

 private:
  AnalyzerSet(Lexicon lexicon, Profile own, Analyzer analyzer);

  Lexicon lexicon_;
  Profile own_;
  std::unique_ptr<const Analyzer> analyzer_;
  mutable std::mutex checked_mutex_;  // held only briefly (taken with the GIL held)
  mutable std::vector<const Profile*> checked_;
  mutable std::mutex chat_mutex_;  // held while compiling (taken without the GIL)
  mutable std::map<const Profile*, std::unique_ptr<const Analyzer>> chat_;
};

// Analyses `text` as Analyzer::Analyze does, answering `reply_to` when set,
// with `profile` (from AnalyzerSet::ForCall; nullptr for none) after the
// analyzer's own. Thread-safe; called without the GIL.
Report AnalyzeForPython(const Analyzer& analyzer, std::string_view text, std::optional<std::string_view> reply_to,
                        const Profile* profile);

}  // namespace reframe::python

#endif  // REFRAME_PYTHON_ANALYZE_H_
