#include "analyze.h"

#include <algorithm>
#include <utility>

namespace reframe::python {

Result<const Profile*> FindProfile(const std::optional<std::string>& name) {
  if (!name) return static_cast<const Profile*>(nullptr);
  return Profile::FindBuiltin(*name);
}

Result<std::unique_ptr<AnalyzerSet>> AnalyzerSet::Create(const Lexicon& lexicon, const Profile* own) {
  AnalyzerOptions options;
  if (own) options.profile = *own;
  Result<Analyzer> analyzer = Analyzer::Create(lexicon, options);  // checks the profile against the lexicon
  if (!analyzer.ok()) return analyzer.status();
  return std::unique_ptr<AnalyzerSet>(new AnalyzerSet(lexicon, std::move(options.profile), std::move(*analyzer)));
}

AnalyzerSet::AnalyzerSet(Lexicon lexicon, Profile own, Analyzer analyzer)
    : lexicon_(std::move(lexicon)),
      own_(std::move(own)),
      analyzer_(std::make_unique<const Analyzer>(std::move(analyzer))) {}

Result<const Profile*> AnalyzerSet::ForCall(const std::optional<std::string>& name) const {
  Result<const Profile*> profile = FindProfile(name);
  if (!profile.ok() || !*profile) return profile;
  std::lock_guard<std::mutex> lock(checked_mutex_);
  if (std::find(checked_.begin(), checked_.end(), *profile) != checked_.end()) return profile;
  if (Status s = (*profile)->Validate(lexicon_); !s.ok()) {
    return Status(s.code(), "profile '" + (*profile)->name() + "': " + s.message());
  }
  checked_.push_back(*profile);  // built-in profiles live as long as the program
  return profile;
}

Result<const Analyzer*> AnalyzerSet::ForChat(const Profile* call) const {
  if (!call) return analyzer_.get();
  std::lock_guard<std::mutex> lock(chat_mutex_);
  std::unique_ptr<const Analyzer>& slot = chat_[call];
  if (!slot) {
    // The analyzer's own profile, then the call's: Append keeps that order,
    // so a chat reads as Analyze(text, {.profile = call}) would.
    AnalyzerOptions options;
    options.profile = own_;
    options.profile.Append(*call);
    Result<Analyzer> analyzer = Analyzer::Create(lexicon_, options);
    if (!analyzer.ok()) {
      chat_.erase(call);
      return analyzer.status();
    }
    slot = std::make_unique<const Analyzer>(std::move(*analyzer));
  }
  return slot.get();
}

Report AnalyzeForPython(const Analyzer& analyzer, std::string_view text, std::optional<std::string_view> reply_to,
                        const Profile* profile) {
  AnalyzeOptions options;
  options.reply_to = reply_to;
  options.profile = profile;
  return analyzer.Analyze(text, options);
}

}  // namespace reframe::python
