// The parsed, not yet compiled, form of a lexicon. Plain data: the loader
// fills it from TOML, the analyzer compiles it.
#ifndef REFRAME_LEXICON_LEXICON_DATA_H_
#define REFRAME_LEXICON_LEXICON_DATA_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/lexicon.h"

namespace reframe::internal {

// Where a rule's elements must all be found.
enum class Scope { kClause, kSentence, kMessage };

// Which part of the text a finding points at.
// kToClauseEnd: from the match to the end of its clause ("You never make
// time for me", not just "You never make").
enum class SpanMode { kMatch, kToClauseEnd, kClause, kSentence };

// The clause roles an element's match must stand in (language/clauses.h).
// Zero masks and -1 mean "any". Plain data: stored in the snapshot as is.
struct ClauseFilter {
  uint16_t subjects = 0;  // 1 << Subject
  uint16_t moods = 0;     // 1 << Mood
  uint16_t links = 0;     // 1 << Link
  int8_t positive = -1;   // 1: asserted (not negated, or negated twice); 0: negated
  int8_t habitual = -1;
  int8_t past = -1;
  int8_t playful = -1;
  int8_t reported = -1;  // someone else's words (quotes, "Sam said")
  uint8_t after = 0;     // unless elements: only after the pattern's last element
  [[nodiscard]] bool any() const {
    return subjects == 0 && moods == 0 && links == 0 && positive < 0 && habitual < 0 && past < 0 && playful < 0 &&
           reported < 0 && after == 0;
  }
};

// What the message being answered was, as rules ask about it: one bit per
// kind ("criticism", "bid", "question", ...; ReplyKindBit).
enum ReplyKind : uint32_t {
  kReplyMixedMessage = 1u << 0,
  kReplyCriticism = 1u << 1,
  kReplyDefensiveness = 1u << 2,
  kReplyWithdrawal = 1u << 3,
  kReplyFeeling = 1u << 4,  // strengths, by kind
  kReplyAppreciation = 1u << 5,
  kReplyOwnership = 1u << 6,
  kReplyRepair = 1u << 7,
  kReplySupport = 1u << 8,
  kReplyBid = 1u << 9,
  kReplyQuestion = 1u << 10,  // a question that raises nothing ("Where were you?")
  kReplyOther = 1u << 11,     // anything else: a plain statement
  kReplyFirstCue = 1u << 12,  // then the kinds [[cue]] rules give, in the order first given
};
inline constexpr int kMaxCueKinds = 32 - 12;
// The bit of a built-in kind name, or 0; the names, for error messages.
uint32_t ReplyKindBit(std::string_view name);
inline constexpr const char* kReplyKindNames =
    "mixed-message, criticism, defensiveness, withdrawal, feeling, appreciation, ownership, repair, support, bid, "
    "question, other";

struct PhraseList {
  std::string name;
  std::vector<std::string> phrases;  // RE2 syntax; {other} refers to another list
  std::string file;
  int line = 0;
};

struct RuleDef {
  RuleInfo info;
  // Each element is "{list}" or an inline pattern; all must match, in order.
  std::vector<std::string> pattern;
  // Clause roles per pattern element (same length as `pattern`).
  std::vector<ClauseFilter> pattern_where;
  // The slot each pattern element's match fills, when the element names one
  // (`slot = "constraint"`); "" otherwise (same length as `pattern`). A
  // "{list}" element fills the slot of its list's name anyway.
  std::vector<std::string> pattern_slots;
  // Any of these present in `unless_scope` cancels the rule.
  std::vector<std::string> unless;
  std::vector<ClauseFilter> unless_where;  // same length as `unless`
  Scope scope = Scope::kSentence;
  Scope unless_scope = Scope::kMessage;
  SpanMode span = SpanMode::kMatch;
  bool negatable = true;   // a negation just before an element cancels it
  bool any_order = false;  // order = "any": the elements may come in any order
  // The message being answered (AnalyzeOptions::reply_to): `reply` lists
  // what it must have been for the rule to apply (0: anything, or none);
  // `unless_reply` what stops it. `without_reply`: whether the rule applies
  // when there is no message to answer (default: when `reply` is empty).
  // Kind names: built-in ones (ReplyKindBit) or the kind of any [[cue]];
  // the compiler resolves them (engine/compiler.h).
  std::vector<std::string> reply;
  std::vector<std::string> unless_reply;
  bool without_reply = true;
  bool allow_quoted = false;  // also match inside quotes or reported speech
};

// Names of phrase lists the engine itself uses.
inline constexpr const char* kNegationList = "negation";
inline constexpr const char* kClauseBreakList = "clause_break";
inline constexpr const char* kReportedSpeechList = "reported_speech";

inline constexpr int kDefaultNegationWindow = 3;

struct LexiconData {
  std::vector<RuleDef> rules;                    // definition order
  std::map<std::string, PhraseList> phrases;     // by name
  std::map<std::string, std::string> shorthand;  // "u" -> "you"
  // Closed word classes for the clause layer: class name -> entries
  // (language/grammar.h); an overriding lexicon adds entries.
  std::map<std::string, std::vector<std::string>> grammar;
  std::vector<std::string> abbreviations;  // "mr", "dr": a period after them ends no sentence
  // Words between a negation and what it negates; -1: not set by the
  // lexicon (kDefaultNegationWindow), so that merging keeps the base's.
  int negation_window = -1;
  std::string default_source;
  // The built-in lexicon: the test suite compiles all of it, so the analyzer
  // compiles its patterns on first use instead of all at start-up.
  bool trusted = false;
};

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_LEXICON_DATA_H_
