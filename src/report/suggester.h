// A finding's suggestions, from its rule's templates (lexicon/
// suggestion_template.h) and the draft: slots filled from the clause
// layer's reading (the action after "you never", the writer's intended act,
// the thing, person and time named, the message answered said back with
// its pronouns turned), verbs re-inflected with the word table, and the
// writer's register kept (a lowercase texting draft gets a lowercase
// suggestion, with its "u" and "im").
//
// The suggester only fills: it makes, per kind, every template the draft
// can fill, in order. The analyzer keeps the first that raises nothing once
// applied to the draft.
#ifndef REFRAME_REPORT_SUGGESTER_H_
#define REFRAME_REPORT_SUGGESTER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/evaluator.h"
#include "engine/language_view.h"
#include "language/grammar.h"
#include "language/word_table.h"
#include "text/text.h"

namespace reframe::internal {

// What the suggester reads: the analysed message and its reading.
struct DraftReading {
  std::string_view body;               // the text analysed (the input without surrounding white space)
  uint32_t offset = 0;                 // where `body` starts in the input as given
  const PreparedText* text = nullptr;  // `body` prepared and segmented
  const LanguageView* lang = nullptr;  // its tokens and clauses
  const Grammar* grammar = nullptr;
  const WordTable* words = nullptr;
  const TextPreparer* preparer = nullptr;                         // reads the message answered
  const std::map<std::string, std::string>* shorthand = nullptr;  // the lexicon's ("u" -> "you")
  std::optional<std::string_view> reply_to;
};

struct SuggesterState;

// One kind's candidates, best first.
struct SuggestionCandidates {
  std::string kind;
  std::vector<std::string> texts;
};

class Suggester {
 public:
  explicit Suggester(const DraftReading& draft);
  ~Suggester();
  Suggester(const Suggester&) = delete;
  Suggester& operator=(const Suggester&) = delete;

  // The candidates for the finding `m` made, per kind of its rule, and the
  // input bytes (offsets into the input as given) they replace: the
  // sentence or sentences that hold folded span `cover` (the finding, and
  // the findings of its category merged into it). A template with optional
  // parts also gives its candidate without them, after the full one.
  void Build(const RuleMatch& m, Span cover, size_t* replace_begin, size_t* replace_end,
             std::vector<SuggestionCandidates>* out);

 private:
  std::unique_ptr<SuggesterState> impl_;
};

// The -ing form of verb `lemma` ("help" -> "helping", "forget" ->
// "forgetting"), from the word table's forms.
std::string IngForm(std::string_view lemma, const WordTable& words);

}  // namespace reframe::internal

#endif  // REFRAME_REPORT_SUGGESTER_H_
