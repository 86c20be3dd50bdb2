// The English word table: every single-word lemma of WordNet 3.0 with its word
// classes, WordNet's irregular forms, and the words of Hunspell's en_US
// dictionary (which adds function words and proper names). Built from the
// Debian packages wordnet-base and hunspell-en-us at build time
// (tools/make_word_table.cc) and embedded in the library: a lookup is a
// binary search in place, nothing is loaded at start-up.
//
// Why these two: WordNet is the standard open lexical resource for English
// with word classes per lemma, sense-tagged frequencies (a prior for the
// tagger) and exception lists for irregular inflection (went -> go); it has
// no closed-class words and no names, which Hunspell's dictionary has.
#ifndef REFRAME_LANGUAGE_WORD_TABLE_H_
#define REFRAME_LANGUAGE_WORD_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reframe::internal {

// Open word classes, as WordNet has them.
enum WordPos : uint8_t {
  kPosNoun = 1,
  kPosVerb = 2,
  kPosAdj = 4,
  kPosAdv = 8,
};

// What the table knows of one exact (lower-case) string.
struct WordFacts {
  uint8_t pos = 0;        // WordPos bits of the lemma of this spelling
  bool name = false;      // Hunspell lists it capitalised: a name or place
  bool common = false;    // Hunspell lists it in lower case
  uint8_t noun_freq = 0;  // WordNet sense-tagged counts (capped), a prior
  uint8_t verb_freq = 0;
  uint8_t adj_freq = 0;
  uint8_t adv_freq = 0;
  [[nodiscard]] bool known() const { return pos != 0 || name || common; }
};

// For the build tool and tests: reads WordNet's index.* and *.exc files from
// `wordnet_dir` and Hunspell's `.dic` file, and returns the image. Errors name
// the file and line.
bool MakeWordTableImage(const std::string& wordnet_dir, const std::string& hunspell_dic, std::string* image,
                        std::string* error);

// A lemma with the class it was found in.
struct Lemma {
  std::string lemma;
  WordPos pos;
};

class WordTable {
 public:
  // The table embedded in the library.
  static const WordTable& Builtin();
  // A table over an image made by MakeWordTableImage (tests, the build tool).
  explicit WordTable(std::string_view image);

  // Facts about `word` exactly as spelled (lower case, ASCII apostrophes).
  [[nodiscard]] WordFacts Find(std::string_view word) const;
  // WordNet's "morphy": the lemmas `word` can be an inflection of, per class
  // (irregular forms first, then the regular suffix rules), each a lemma the
  // table has. "wanted" -> want (verb); "better" -> good (adj), well (adv).
  [[nodiscard]] std::vector<Lemma> Lemmatize(std::string_view word) const;
  // Whether `word` is an English word in any form: a lemma, an inflection
  // of one, or a dictionary word.
  [[nodiscard]] bool IsWord(std::string_view word) const;
  // The inflected forms of `lemma` in class `pos` (the lemma included):
  // irregular forms from WordNet, regular ones by rule. For verbs: -s, -ed,
  // -ing; nouns: plural; adjectives: -er, -est when WordNet lists them.
  [[nodiscard]] std::vector<std::string> Inflect(std::string_view lemma, WordPos pos) const;

  [[nodiscard]] size_t size() const { return word_count_; }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  friend bool MakeWordTableImage(const std::string& wordnet_dir, const std::string& hunspell_dic, std::string* image,
                                 std::string* error);
  struct Entry {
    uint32_t text;  // offset of a NUL-terminated string in the pool
    uint32_t length;
    uint32_t info;  // see word_table.cc
    uint32_t freq;  // four 8-bit counts: noun, verb, adj, adv
  };
  struct Exception {
    uint32_t form;
    uint32_t lemma;
    uint32_t pos;
  };
  const Entry* FindEntry(std::string_view word) const;
  std::string_view Text(uint32_t offset) const;
  bool HasLemma(std::string_view word, WordPos pos) const;

  const Entry* entries_ = nullptr;
  size_t word_count_ = 0;
  const Exception* exceptions_ = nullptr;  // sorted by form
  size_t exception_count_ = 0;
  const uint32_t* slots_ = nullptr;  // open-addressing hash of entries: index + 1, 0 = empty
  size_t slot_mask_ = 0;
  const char* pool_ = nullptr;
  size_t pool_size_ = 0;
  bool ok_ = false;
};

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_WORD_TABLE_H_
