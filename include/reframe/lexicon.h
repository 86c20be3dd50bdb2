// reframe/lexicon.h — the rules reframe applies, as data.
//
// A lexicon is a set of TOML files (docs/lexicon-format.md): phrase lists,
// rules that combine them, and each rule's explanation, reframes and its own
// examples. The default lexicons are compiled into the library:
//
//   reframe::Lexicon lexicon = reframe::Lexicon::Builtin();
//   auto custom = reframe::Lexicon::FromDirectory("my-rules");   // Result<Lexicon>
//   if (custom.ok()) lexicon = lexicon.MergedWith(*custom);      // add or override rules
//
// A Lexicon is an immutable value; copies are cheap (shared) and thread-safe.
#ifndef REFRAME_LEXICON_H_
#define REFRAME_LEXICON_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/report.h"
#include "reframe/status.h"

namespace reframe {

namespace internal {
struct LexiconData;
struct LexiconAccess;  // the library's own access to the data
}  // namespace internal

// One kind of suggestion a rule makes ("feeling", "next-step", ...) and its
// templates, most specific first: a suggestion takes the first whose slots
// the draft fills (docs/lexicon-format.md, "Suggestions").
struct SuggestionTemplates {
  std::string kind;
  std::vector<std::string> templates;
};

// A read-only description of one rule, for listings, `explain` and tests.
struct RuleInfo {
  std::string id;        // unique, e.g. "criticism/always-never"
  std::string category;  // a problem category (kCategories), or "strength"
  std::string kind;      // for strengths: "feeling", "appreciation", ...
  Severity severity = Severity::kWarning;
  std::string message;                       // one-line summary
  std::string why;                           // why it matters
  std::string article;                       // the passage of the source it rests on, paraphrased
  std::string source;                        // the work it rests on
  std::vector<std::string> reframes;         // every suggestion template, in order; {slot} is filled from the draft
  std::vector<SuggestionTemplates> suggest;  // the same templates by kind (problem rules)
  std::vector<std::string> flag;             // examples it must flag; [[ ]] marks the span
  std::vector<std::string> pass;             // examples it must not flag
  std::string file;                          // where it was defined
  int line = 0;

  [[nodiscard]] bool is_strength() const { return category == "strength"; }
  // A cue: what a message does for a reply to read ("complaint"); never reported.
  [[nodiscard]] bool is_cue() const { return category == "cue"; }
};

class REFRAME_EXPORT Lexicon {
 public:
  // The lexicons shipped with reframe, compiled into the library. Never fails:
  // the build's tests guarantee they load.
  static Lexicon Builtin();

  // Loads every *.toml file below `path` (sorted by path). Errors name the
  // file and line: "dir/tone.toml:14: rule 'x': unknown field 'patern'".
  static Result<Lexicon> FromDirectory(const std::string& path);

  // Loads one TOML document; `name` is used in error messages.
  static Result<Lexicon> FromString(std::string_view toml, std::string_view name);

  // This lexicon with `overrides` laid over it: a rule or phrase list with the
  // same id or name replaces this one's, new ones are added.
  [[nodiscard]] Lexicon MergedWith(const Lexicon& overrides) const;

  // All rules, problems and strengths, in definition order.
  [[nodiscard]] std::vector<RuleInfo> rules() const;
  // The rule with this id, or nullptr.
  [[nodiscard]] const RuleInfo* FindRule(std::string_view id) const;

 private:
  friend struct internal::LexiconAccess;
  explicit Lexicon(std::shared_ptr<const internal::LexiconData> data);
  std::shared_ptr<const internal::LexiconData> data_;
};

// An example of RuleInfo::flag or RuleInfo::pass as the text it stands for:
// without its [[ ]] span marker ("I am [[too busy]]." -> "I am too busy.").
REFRAME_EXPORT std::string ExampleText(std::string_view example);
// The message an example answers, when it starts with one quoted on its own
// line ("> You never listen.\n[[ok]]" -> "You never listen."); else "".
REFRAME_EXPORT std::string ExampleReplyTo(std::string_view example);

}  // namespace reframe

#endif  // REFRAME_LEXICON_H_
