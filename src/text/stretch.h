// Stretched letters in texting ("soooo", "pleeease"): the word they stretch.
#ifndef REFRAME_TEXT_STRETCH_H_
#define REFRAME_TEXT_STRETCH_H_

#include <string>
#include <string_view>

namespace reframe::internal {

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

#endif  // REFRAME_TEXT_STRETCH_H_
