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
#include "text/stretch.h"  // Unstretch, for stretched letters

namespace reframe::internal {

// The words (lower-case ASCII letters, `min_length`+ long) that regex text
// `regex` spells out literally.
void CollectLiteralWords(std::string_view regex, std::set<std::string>& out, size_t min_length = 3);

// Misspelling -> word, for every word of `vocabulary` (3 to 8 letters).
// `keep` lists words already taken (shorthand keys): never a misspelling.
std::map<std::string, std::string> MisspellingMap(const std::set<std::string>& vocabulary, const WordTable& words,
                                                  const Grammar& grammar, const std::set<std::string>& keep);

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_SPELLING_H_
