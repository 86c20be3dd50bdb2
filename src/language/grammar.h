// Closed word classes (lexicons/<lang>/grammar.toml, section [grammar]):
// pronouns, auxiliaries, modals, negators, conjunctions, question words,
// frequency words, intensifiers, and the set phrases the clause layer reads
// (rhetorical questions, proposals, generic "you", negated frames).
//
// Entries are written as the tokenizer sees text: lower case, contractions
// spelled out ("do not", "i am"). Single-word entries become a bit per word;
// entries of several words are matched as token sequences.
#ifndef REFRAME_LANGUAGE_GRAMMAR_H_
#define REFRAME_LANGUAGE_GRAMMAR_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace reframe::internal {

// The classes the clause layer knows, one bit each. The names are the keys
// of the [grammar] section.
enum GrammarClass : int {
  kPronounI,
  kPronounWe,
  kPronounYou,
  kPronounThird,
  kGenericSubject,
  kPossessive,
  kPossessiveYou,
  kPossessiveI,
  kDeterminer,
  kBe,
  kHave,
  kDo,
  kModal,
  kPastAux,
  kNegator,
  kNegativeQuantifier,
  kNegatedFrame,
  kCoordinator,
  kContrast,
  kSubCause,
  kSubCondition,
  kSubTime,
  kSubConcession,
  kRelative,
  kQuestionWord,
  kPreposition,
  kFrequency,
  kIntensifier,
  kDiscourse,
  kSayingVerb,
  kThinkingVerb,
  kWishFrame,
  kAdvice,
  kGenericYou,
  kRhetorical,
  kProposal,
  kPlayful,
  kExtraVerb,
  kTimeWord,    // days and times a suggestion keeps ("friday", "tonight", "this week")
  kPersonNoun,  // people named by their role ("mom", "sister", "boss")
  kGrammarClassCount
};

// "pronoun_i", ... (the TOML key of a class); nullptr past the end.
const char* GrammarClassName(int cls);
// The class with TOML key `name`, or -1.
int GrammarClassByName(std::string_view name);

class Grammar {
 public:
  Grammar() = default;
  // `classes`: TOML key -> entries, as loaded. Unknown keys are the loader's
  // business (it rejects them); here they are ignored.
  explicit Grammar(const std::map<std::string, std::vector<std::string>>& classes);
  // Lookups are views into the grammar's own strings: movable, not copyable.
  Grammar(Grammar&&) = default;
  Grammar& operator=(Grammar&&) = default;
  Grammar(const Grammar&) = delete;
  Grammar& operator=(const Grammar&) = delete;

  // Bits (1 << GrammarClass) of the classes that list the single word `word`.
  [[nodiscard]] uint64_t ClassesOf(std::string_view word) const;
  [[nodiscard]] bool Is(std::string_view word, GrammarClass cls) const { return (ClassesOf(word) >> cls) & 1; }
  // The longest entry of `cls` (several words or one) that starts at
  // words[at]; 0 if none. `words` are token norms.
  [[nodiscard]] size_t MatchAt(const std::vector<std::string_view>& words, size_t at, GrammarClass cls) const;
  // Whether any entry of `cls` occurs in words[begin, end).
  [[nodiscard]] bool Contains(const std::vector<std::string_view>& words, size_t begin, size_t end,
                              GrammarClass cls) const;
  [[nodiscard]] bool empty() const { return words_.empty(); }
  // Bits of the classes an entry of which (one word or the first of several)
  // is `word`: MatchAt can only succeed where this has the class's bit.
  [[nodiscard]] uint64_t StartsOf(std::string_view word) const;

 private:
  std::vector<std::string> keys_;  // owns the strings the maps below view
  std::unordered_map<std::string_view, uint64_t> words_;
  // Entries of several words, each split into words, longest first, indexed
  // by class and first word.
  std::vector<std::vector<std::string>> phrases_;
  std::unordered_map<std::string_view, uint64_t> starts_;  // first word -> classes with a phrase starting there
  std::vector<std::unordered_map<std::string_view, std::vector<int>>> by_first_ =
      std::vector<std::unordered_map<std::string_view, std::vector<int>>>(kGrammarClassCount);
};

// Splits a grammar entry or a text fragment into the words the tokenizer
// would produce (contractions spelled out). Used for entries; the tokenizer
// does the same for text (language/tokens.h).
std::vector<std::string> SplitIntoWords(std::string_view text);

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_GRAMMAR_H_
