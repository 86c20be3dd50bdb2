// Texting misspellings of the words rules look for.
//
// People typing fast swap two letters ("wnat", "yuo"), double one
// ("busyy"), or drop a vowel ("tird"). Rather than guess at every word of
// every message, reframe derives, once per lexicon, the misspellings of the
// words its rules actually use and maps each back: "wnat" -> "want". A
// variant that is itself an English word ("form" for "from") or a name is
// never used, nor one that two rule words share. The map is applied like
// texting shorthand, word by word, so it costs one hash probe per word.
#ifndef REFRAME_LANGUAGE_SPELLING_H_
#define REFRAME_LANGUAGE_SPELLING_H_

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "language/grammar.h"
#include "language/word_table.h"

namespace reframe::internal {

// The words (lower-case ASCII letters, `min_length`+ long) that regex text
// `regex` spells out literally.
void CollectLiteralWords(std::string_view regex, std::set<std::string>& out, size_t min_length = 3);

// Misspelling -> word, for every word of `vocabulary` (3 to 8 letters).
// `keep` lists words already taken (shorthand keys): never a misspelling.
std::map<std::string, std::string> MisspellingMap(const std::set<std::string>& vocabulary, const WordTable& words,
                                                  const Grammar& grammar, const std::set<std::string>& keep);

// "soooo" -> "so", "pleeease" -> "please", "busyyyy" -> "busy": a run of three
// or more of one letter shortened to two, or to one, whichever is a word
// (`is_word`); empty when the word has no such run or neither is a word.
template <typename IsWord>
std::string Unstretch(std::string_view word, const IsWord& is_word) {
  bool stretched = false;
  for (size_t i = 2; i < word.size() && !stretched; ++i) {
    stretched = word[i] == word[i - 1] && word[i] == word[i - 2];
  }
  if (!stretched) return {};
  for (size_t keep : {size_t{2}, size_t{1}}) {
    std::string out;
    for (size_t i = 0; i < word.size(); ++i) {
      size_t run = 1;
      while (i + run < word.size() && word[i + run] == word[i]) ++run;
      out.append(run >= 3 ? keep : run, word[i]);
      i += run - 1;
    }
    if (is_word(out)) return out;
  }
  return {};
}

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_SPELLING_H_
