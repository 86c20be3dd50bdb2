// Where the rules of a compiled lexicon apply in one text.
//
// A prefilter pass finds which patterns can occur at all (engine/prefilter.h);
// most texts end there. Otherwise only the possible patterns are located
// (engine/matcher.h), and each rule combines its elements' occurrences: in
// order, within one unit (clause, sentence or message), not negated, not
// inside quoted or reported speech, and not cancelled by an `unless` element.
#ifndef REFRAME_ENGINE_EVALUATOR_H_
#define REFRAME_ENGINE_EVALUATOR_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/compiled_lexicon.h"
#include "engine/language_view.h"
#include "engine/matcher.h"
#include "engine/prefilter.h"
#include "lexicon/lexicon_data.h"
#include "text/text.h"

namespace reframe::internal {

// A pattern slot a match filled: its name, the input text, and where that
// text is in the folded copy (for the clause layer's reading of it).
struct MatchedSlot {
  std::string name;
  std::string_view text;
  Span folded;
};

// One place where a rule applies, in input bytes: what the report builder
// (report/report_builder.h) turns into a Finding.
struct RuleMatch {
  const RuleDef* rule = nullptr;
  // The rule as compiled: the suggester fills its parsed templates.
  const CompiledRule* compiled = nullptr;
  Span span;             // the input bytes the rule points at, untrimmed
  Span folded;           // the same in the folded copy
  bool widened = false;  // the span was widened to a clause or sentence
  // Problem rules only: the slots filled, in pattern order (an element's
  // slot, then its named groups), and every element's folded span.
  std::vector<MatchedSlot> slots;
  std::vector<Span> elements;
};

// Per-thread buffers, reused across texts so the hot path does not allocate.
struct EvalScratch {
  PreparedText text;  // the text being evaluated (see Evaluator::Evaluate)
  Prefilter::Scratch prefilter;
  LocateScratch locate;
  std::vector<int> potentials;                       // alternatives that may occur
  std::vector<uint8_t> hit;                          // by entry: may occur
  std::vector<uint8_t> possible;                     // by alternative: may occur
  std::vector<std::vector<Occurrence>> occurrences;  // by entry, once located
  std::vector<uint8_t> located;                      // by entry
  std::vector<Span> masks;                           // quoted and reported speech, by start
  std::vector<uint32_t> clause_starts;               // sorted
  std::vector<RuleMatch> matches;                    // Evaluate's output
  // The clause layer's reading (tokens, clauses, roles), built only once a
  // rule has every element located: most texts that pass the prefilter
  // have no full match and never need it.
  LanguageView lang;
  bool language_ready = false;
  // The message being answered, as ReplyKind bits (lexicon/lexicon_data.h,
  // RuleDef::reply); `has_reply` false when there is none. The kinds are
  // worked out only when a rule that reads them may apply: `reply_kinds`
  // computes them, `reply` caches the answer.
  bool has_reply = false;
  bool want_cues = false;  // evaluate [[cue]] rules (AnalyzeOptions::cues)
  std::function<uint32_t()> reply_kinds;
  mutable std::optional<uint32_t> reply;
};

class Evaluator {
 public:
  // Both must outlive the evaluator; it is cheap to make.
  Evaluator(const CompiledLexicon& lexicon, const TextPreparer& preparer) : lexicon_(lexicon), preparer_(preparer) {}

  // Fills s.matches with every place a rule applies in `input`, rule by
  // rule in lexicon order, unit by unit in text order. `s.text` must hold
  // `input` prepared by the preparer (PrepareForScreening or Prepare).
  // Thread-safe (all state is in `s`).
  void Evaluate(std::string_view input, EvalScratch& s) const;
  // Builds s.lang and the clause starts from it, once per text (after
  // Evaluate has segmented it: the suggester reads the clauses of a flagged
  // message whatever its rules needed).
  void EnsureLanguage(std::string_view input, EvalScratch& s) const;

 private:
  // Which entries may occur (one prefilter pass); false when no rule has
  // all its pattern elements among them.
  bool Screen(EvalScratch& s) const;
  // What scopes and exceptions need: words, sentences, the engine's own
  // phrase lists located, clause starts, and masked (quoted) regions.
  void Segment(EvalScratch& s) const;
  void FindMasks(EvalScratch& s) const;
  // Locates entry `id` once per text.
  void Locate(int id, EvalScratch& s) const;
  bool MayApply(const CompiledRule& rule, const EvalScratch& s) const;
  // Appends the rule's matches in `input` to s.matches.
  void MatchRule(const CompiledRule& rule, std::string_view input, EvalScratch& s) const;
  // The units a rule's elements must share: the message, its sentences or
  // its clauses. A clause unit runs to the end of its sentence (a phrase may
  // span "I can't believe | I'm with..."); its first element must start
  // before `starts_by` (the clause's end).
  struct Unit {
    Span span;
    uint32_t starts_by;
  };
  void Units(Scope scope, const EvalScratch& s, std::vector<Unit>& units) const;
  // The earliest chain of the pattern's elements from `from` inside `unit`:
  // in the order given, or (order = "any") in whichever order starts first.
  // False if some element has no valid occurrence.
  bool FindChain(const CompiledRule& rule, const Unit& unit, uint32_t from, const EvalScratch& s,
                 std::vector<const Occurrence*>& chain, std::vector<int>& elements) const;
  bool Cancelled(const CompiledRule& rule, const std::vector<const Occurrence*>& chain, const EvalScratch& s) const;
  // Whether an occurrence of `e` at `span` stands where the rule wants it:
  // outside quotes, reported speech and narration (when `check_masks`), and
  // in a clause with the roles of e.where.
  bool InPlace(const Element& e, const Span& span, bool check_masks, const EvalScratch& s) const;
  // The folded span a finding points at: the chain, or its clauses or sentence.
  Span PointAt(const RuleDef& def, const std::vector<const Occurrence*>& chain, const EvalScratch& s) const;
  std::vector<MatchedSlot> Slots(const CompiledRule& rule, const std::vector<const Occurrence*>& chain,
                                 const std::vector<int>& elements, std::string_view input, const EvalScratch& s) const;
  const Occurrence* FirstValid(const Element& e, uint32_t from, uint32_t to, bool check_masks, bool check_negation,
                               const EvalScratch& s) const;
  bool Masked(uint32_t pos, const EvalScratch& s) const;
  bool Negated(const Span& span, const EvalScratch& s) const;
  Span ClauseAt(uint32_t pos, const EvalScratch& s) const;
  Span UnitAt(Scope scope, uint32_t pos, const EvalScratch& s) const;

  const CompiledLexicon& lexicon_;
  const TextPreparer& preparer_;
};

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_EVALUATOR_H_
