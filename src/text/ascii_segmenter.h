// Word and sentence boundaries for pure-ASCII text, equal to ICU's.
//
// Most messages are short and ASCII; ICU's break iterators cost more than the
// rest of the analysis for them. These implement the same Unicode rules
// (UAX #29, as ICU's root rules apply them) restricted to ASCII, and a test
// compares them with ICU on real corpora, so results do not change.
#ifndef REFRAME_TEXT_ASCII_SEGMENTER_H_
#define REFRAME_TEXT_ASCII_SEGMENTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace reframe::internal {

struct WordSegment {
  uint32_t begin;
  uint32_t end;
  bool word;  // letters, digits or "_" (ICU rule status >= UBRK_WORD_NONE_LIMIT)
};

bool IsAscii(std::string_view text);

// UAX #29 word segments of ASCII `text` (every byte < 0x80).
void AsciiWordSegments(std::string_view text, std::vector<WordSegment>& out);

// UAX #29 sentence boundaries (including 0 and text.size()) of ASCII `text`
// that has no upper-case letters (the folded copy).
void AsciiSentenceBreaks(std::string_view text, std::vector<uint32_t>& out);

// The ICU versions, for any UTF-8 text (and for the equivalence test).
void IcuWordSegments(std::string_view text, std::vector<WordSegment>& out);
void IcuSentenceBreaks(std::string_view text, std::vector<uint32_t>& out);

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_ASCII_SEGMENTER_H_
