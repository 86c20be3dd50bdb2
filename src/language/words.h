// Splitting folded text into words the way the clause layer reads them:
// runs of letters and digits (with inner apostrophes and hyphens), every
// other visible character on its own, and contractions spelled out —
// "don't" is "do" + "not", "can't" is "can" + "not", "i'm" is "i" + "am",
// "let's" is "let" + "us". Each piece keeps the span it came from.
#ifndef REFRAME_LANGUAGE_WORDS_H_
#define REFRAME_LANGUAGE_WORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reframe::internal {

struct WordPiece {
  uint32_t begin = 0;  // byte offsets into the text given
  uint32_t end = 0;
  std::string norm;     // the word it stands for ("not" for "n't")
  bool word = false;    // letters or digits; false for punctuation and symbols
  bool clitic = false;  // the second half of a contraction ("'s", "n't")
};

// `text` is folded (lower case, ASCII apostrophes). Spaces, zero-width
// joiners and variation selectors separate pieces and are dropped.
std::vector<WordPiece> SplitText(std::string_view text);

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_WORDS_H_
