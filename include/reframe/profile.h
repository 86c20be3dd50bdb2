// reframe/profile.h — what to report, and how loudly.
//
// A Profile adjusts the analyzer's findings after the rules have run: it
// turns rules or whole categories off and on, changes their severity, and
// lists phrases that are fine as written. Give one to every call through
// AnalyzerOptions (your own settings), and one per call through
// AnalyzeOptions (who the message is for):
//
//   reframe::AnalyzerOptions options;
//   options.profile.Disable("criticism/sarcasm").Allow("ok");   // "ok" is how I answer
//   auto analyzer = reframe::Analyzer::Create(reframe::Lexicon::Builtin(), options);
//
//   reframe::AnalyzeOptions call;
//   call.profile = reframe::Profile::Builtin("work");            // to a colleague
//   reframe::Report report = analyzer->Analyze("Fine.", call);    // a withdrawal, but only "info"
//
// A profile decides what is reported, not how a message is read: a
// disabled finding still tells a reply what it answers (it is kept in
// Report::cues, kind = its category, when AnalyzeOptions::cues asks for
// them), so switching a rule off never changes what other rules find.
//
// A Profile is a plain value: copy it freely; its const methods are safe
// to call from any number of threads at once.
#ifndef REFRAME_PROFILE_H_
#define REFRAME_PROFILE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/report.h"
#include "reframe/status.h"

namespace reframe {

class Lexicon;

class REFRAME_EXPORT Profile {
 public:
  // A target names what an adjustment applies to: a rule id
  // ("withdrawal/curt-reply"), a problem category (kCategories), or
  // "strength" (every strength).
  struct Adjustment {
    enum class Action { kDisable, kEnable, kSeverity };
    Action action = Action::kDisable;
    std::string target;
    // kSeverity: the new severity; nullopt restores the rule's own.
    std::optional<Severity> severity;
  };

  Profile() = default;
  explicit Profile(std::string name, std::string description = "");

  // The built-in profiles, by recipient (docs/configuration.md says why each
  // is set as it is): "partner" (the defaults: the article is about
  // partners), "family", "friend", "work". nullptr for any other name.
  static const Profile* Builtin(std::string_view name);
  // The same for a name a person typed (a binding's `profile=` argument, a
  // request): kInvalidArgument for any other name, with the nearest one and
  // the list ("unknown profile 'wrk' (did you mean 'work'?); the profiles
  // are partner, family, friend, work"). The profile lives as long as the
  // program, so it can go straight into AnalyzeOptions::profile.
  static Result<const Profile*> FindBuiltin(std::string_view name);
  // Their names, in that order.
  static std::vector<std::string> BuiltinNames();

  // Adjustments apply in the order they were added: a later one wins
  // ("disable criticism, enable criticism/insult" keeps only insults).
  Profile& Disable(std::string_view target);
  Profile& Enable(std::string_view target);
  // The severity of a problem rule's or category's findings from now on;
  // nullopt restores the rule's own.
  Profile& SetSeverity(std::string_view target, std::optional<Severity> severity);
  // A phrase that is fine as written, e.g. "ok" for someone whose normal
  // reply it is. A problem finding is dropped when its span (without the
  // punctuation around it) lies inside an occurrence of the phrase in the
  // message, compared without case, with straight and curly quotes alike and
  // at word boundaries: "ok" drops the finding on a reply "Ok." but not on
  // "Okay, I get it" (more words than the phrase); "whatever works" drops
  // "whatever" in "whatever works for me" but not a bare "Whatever.".
  // Strengths are never dropped. Unlike a disabled finding, an allowed one
  // is not a cue for the reply either: the phrase was fine.
  Profile& Allow(std::string_view phrase);
  // Appends `later`'s adjustments (they win over this profile's) and its
  // allowed phrases. Name and description stay this profile's.
  Profile& Append(const Profile& later);

  // Checks every target against `lexicon`: kInvalidArgument naming the first
  // unknown one, with the nearest rule or category ("unknown rule or category
  // 'critcism' (did you mean 'criticism'?)"), a severity given to strengths,
  // or an allowed phrase with no letters or digits.
  [[nodiscard]] Status Validate(const Lexicon& lexicon) const;

  // Applies the adjustments to a finding of rule `rule` in `category`
  // ("strength" for strengths) whose rule gives it severity `own`.
  // `reported` and `severity` come in as an earlier profile left them (true
  // and `own` when there is none) and go out as this one leaves them.
  void Adjust(std::string_view rule, std::string_view category, Severity own, bool& reported, Severity& severity) const;
  // Whether the problem at bytes [start, end) of `text` lies inside an
  // allowed phrase (see Allow).
  [[nodiscard]] bool Allows(std::string_view text, size_t start, size_t end) const;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& description() const { return description_; }
  [[nodiscard]] const std::vector<Adjustment>& adjustments() const { return adjustments_; }
  [[nodiscard]] const std::vector<std::string>& allowed() const { return allowed_; }
  // True when the profile changes nothing.
  [[nodiscard]] bool empty() const { return adjustments_.empty() && allowed_.empty(); }

 private:
  std::string name_;
  std::string description_;
  std::vector<Adjustment> adjustments_;
  std::vector<std::string> allowed_;            // as given
  std::vector<std::u32string> allowed_folded_;  // as compared (see Allow)
};

// The candidate `name` most likely stands for, else "": one whose part after
// a "/" is `name` ("curt-reply" for "withdrawal/curt-reply"), the shortest
// that starts with it ("warn" for "warning"), or the nearest by edit
// distance when that is a likely typo. For "did you mean" hints.
REFRAME_EXPORT std::string NearestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace reframe

#endif  // REFRAME_PROFILE_H_
