// Tokens with a lemma and a coarse word class.
//
// Closed classes come from the grammar (language/grammar.h), open classes and
// lemmas from the word table (WordNet + Hunspell, language/word_table.h). A
// small rule-based tagger settles the words that can be several things
// ("love" noun or verb, "that" pronoun, determiner or relative) from their
// neighbours, the way a reader does: after "to", a modal or a subject
// pronoun a word is a verb; after a determiner it is a noun.
#ifndef REFRAME_LANGUAGE_TOKENS_H_
#define REFRAME_LANGUAGE_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "language/grammar.h"
#include "language/word_table.h"

namespace reframe::internal {

enum class Tag : uint8_t {
  kUnknown,
  kNoun,
  kName,
  kVerb,
  kAdj,
  kAdv,
  kPronoun,
  kPossessive,  // my, your, and a name's "'s"
  kDeterminer,
  kBe,
  kHave,
  kDo,
  kModal,
  kNegator,       // not, never (verbal negation)
  kCoordinator,   // and, but, or, so
  kSubordinator,  // because, if, when, although
  kRelative,      // who, which, that (after a noun)
  kQuestionWord,
  kPreposition,  // also the infinitive "to"
  kFrequency,    // always, never, constantly
  kIntensifier,
  kDiscourse,  // ok, well, lol, honestly
  kNumber,
  kPunct,
  kSymbol,  // emoji and other symbols
};

const char* TagName(Tag tag);

enum class Person : uint8_t { kNone, kI, kWe, kYou, kThird };

struct Token {
  uint32_t begin = 0;  // byte span in the text tokenized (the folded copy)
  uint32_t end = 0;
  std::string norm;   // the word as read ("not" for "n't"), lower case
  std::string lemma;  // "want" for "wanted"; closed classes: the norm
  Tag tag = Tag::kUnknown;
  uint64_t classes = 0;           // 1 << GrammarClass for every closed class listing it
  uint8_t pos = 0;                // WordPos bits the word can have (word table)
  Person person = Person::kNone;  // pronouns and possessives
  bool subject_form = false;      // i, we, you, he, she, they (not me, us, him)
  bool past = false;              // a past form (wanted, went, was, did)
  bool ing = false;               // an -ing form
  bool clitic = false;            // the second half of a contraction
  bool capitalized = false;       // starts with a capital in the input, not sentence-initially
  bool all_caps = false;          // every letter upper case in the input (shouting, or an acronym)
  bool initial_cap = false;       // starts with a capital in the input, wherever it is

  [[nodiscard]] bool In(GrammarClass cls) const { return (classes >> cls) & 1; }
  [[nodiscard]] bool IsWord() const { return tag != Tag::kPunct && tag != Tag::kSymbol; }
  [[nodiscard]] bool IsVerbLike() const {
    return tag == Tag::kVerb || tag == Tag::kBe || tag == Tag::kHave || tag == Tag::kDo || tag == Tag::kModal;
  }
};

// Where a capital letter tells a name: for each token, whether the input
// character it came from is upper case. Optional (empty: no information).
struct CaseInfo {
  std::vector<uint8_t> upper;  // by folded byte offset: 1 if that character was upper case in the input
};

// Tokenizes `folded` and tags every token. `sentence_starts` are folded
// offsets where sentences begin (a capital there says nothing).
std::vector<Token> Tokenize(std::string_view folded, const Grammar& grammar, const WordTable& words,
                            const CaseInfo& case_info = {}, const std::vector<uint32_t>& sentence_starts = {});

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_TOKENS_H_
