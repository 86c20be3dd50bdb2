// A lexicon compiled for matching (engine/compiler.h makes it): every rule
// element as a regex split into alternatives, one prefilter over all the
// alternatives, and the rules as lists of elements.
//
// Regexes are compiled by RE2 on first use (Alternative::compiled), so
// start-up costs what the first texts need, not the whole lexicon.
#ifndef REFRAME_ENGINE_COMPILED_LEXICON_H_
#define REFRAME_ENGINE_COMPILED_LEXICON_H_

#include <re2/re2.h>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/prefilter.h"
#include "language/grammar.h"
#include "lexicon/lexicon_data.h"
#include "lexicon/suggestion_template.h"
#include "reframe/status.h"
#include "text/text.h"

namespace reframe::internal {

// One rule element ("{busy}" or an inline pattern): a regex, located as the
// union of its top-level alternatives (phrases), each of which the
// prefilter screens on its own.
struct Entry {
  std::string regex;               // expanded and case-folded
  std::string pattern;             // as written, for error messages
  std::string where;               // "file:line: rule 'id'", for error messages
  std::vector<std::string> slots;  // its named groups' slots, in order
  std::vector<int> alternatives;   // ids into CompiledLexicon::alternatives, in order
};

// One alternative of one or more entries. Its RE2 is built the first time a
// text needs it, from whichever thread gets there first.
class Alternative {
 public:
  struct Compiled {
    explicit Compiled(const std::string& regex);
    RE2 re;
    std::vector<std::string> capture_slots;  // per capturing group index (1..n): slot name or ""
    bool has_captures = false;
  };

  explicit Alternative(std::string regex);
  Alternative(const Alternative&) = delete;  // std::once_flag neither copies nor moves
  Alternative& operator=(const Alternative&) = delete;

  [[nodiscard]] const std::string& regex() const { return regex_; }
  // No regex syntax at all: located with a plain string search, never compiled.
  [[nodiscard]] bool literal() const { return literal_; }
  // The RE2, compiled on first call; thread-safe.
  [[nodiscard]] const Compiled& compiled() const {
    std::call_once(once_, [this] { compiled_ = std::make_unique<const Compiled>(regex_); });
    return *compiled_;
  }

  std::vector<int> entries;  // the entries it belongs to

 private:
  std::string regex_;
  bool literal_;
  // The lazily built RE2: logically part of the constant regex, so mutable
  // (and guarded by once_).
  mutable std::once_flag once_;
  mutable std::unique_ptr<const Compiled> compiled_;
};

// The options every pattern is compiled with.
RE2::Options PatternOptions();

struct Element {
  int entry = -1;
  std::string slot;    // the phrase list name, when the element is "{list}"
  ClauseFilter where;  // the clause roles its match must stand in (language/clauses.h)
};

struct CompiledRule {
  const RuleDef* def = nullptr;  // in the LexiconData compiled
  std::vector<Element> pattern;  // all must match, in order
  std::vector<Element> unless;   // any cancels the rule
  uint32_t reply = 0;            // def->reply and def->unless_reply as ReplyKind bits
  uint32_t unless_reply = 0;
  bool cue = false;  // a [[cue]]: only evaluated when asked for
  // def->info.suggest's templates, parsed once here rather than per finding.
  std::vector<ParsedSuggestionKind> suggest;
};

struct CompiledLexicon {
  std::vector<Entry> entries;
  std::deque<Alternative> alternatives;  // by prefilter id; a deque: they do not move
  // The prefilter. Matching every pattern in one RE2::Set was measured at
  // ~17 us per short message (its DFA states multiply); literal atoms cost a
  // fraction of that, and most patterns are never run.
  Prefilter prefilter;
  std::vector<CompiledRule> rules;
  // Entries of the phrase lists the engine itself uses (-1 if the lexicon has none).
  int negation = -1, clause_break = -1, reported = -1;
  int negation_window = 3;  // words between a negation and what it negates
  // The clause layer's closed word classes (made from the lexicon data, not stored).
  Grammar grammar;
  // Misspellings of the lexicon's words and the words a stretched word may
  // shorten to (language/spelling.h), for the text preparer.
  WordReplacements misspellings;
  std::vector<std::string> vocabulary;  // sorted
  // The kinds [[cue]] rules give, bit kReplyFirstCue << index.
  std::vector<std::string> cue_kinds;

  // The ReplyKind bit of a built-in or cue kind name, or 0.
  [[nodiscard]] uint32_t KindBit(std::string_view name) const;
};

// Gives the cue kinds their bits and the rules their reply bits; an unknown
// kind name is a data error naming the rule's file and line.
Status ResolveReplyKinds(const LexiconData& data, CompiledLexicon& out);
// Fills every rule's `suggest` from its def's templates.
Status ParseSuggestions(CompiledLexicon& out);

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_COMPILED_LEXICON_H_
