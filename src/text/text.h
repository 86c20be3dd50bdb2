// The text model: the input as given, and a folded copy to match against.
//
// Folding (fold.h: UTF-8 checked, quotes made ASCII, ICU NFKC_Casefold),
// then texting shorthand expanded ("u" -> "you", "im" -> "i'm"). Every byte of the folded copy remembers the
// input bytes it came from, so spans found in the copy map back exactly.
#ifndef REFRAME_TEXT_TEXT_H_
#define REFRAME_TEXT_TEXT_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/encoding.h"
#include "text/quotes.h"

namespace reframe::internal {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool Contains(uint32_t pos) const { return pos >= begin && pos < end; }
};

struct PreparedText {
  std::string folded;
  // For each byte of `folded`: the input byte range of the character it came from.
  std::vector<uint32_t> src_begin;
  std::vector<uint32_t> src_end;
  // boundary[i] is 1 when position i (0..size) of `folded` is an ICU word boundary.
  std::vector<uint8_t> boundary;
  std::vector<Span> words;      // spans of letter/number words
  std::vector<Span> sentences;  // cover `folded` without gaps, in order
  // Input byte offsets of invalid UTF-8 sequences (read as U+FFFD).
  std::vector<uint32_t> invalid_utf8;
  // Whether boundary and words are filled (PrepareForScreening may defer them).
  bool words_ready = false;
  // ASCII text with nothing expanded maps byte for byte: src_begin/src_end
  // are then left empty (ToInput knows) until MaterializeMap fills them.
  bool identity_map = false;
  void MaterializeMap();

  // The input byte range that `span` of `folded` came from.
  Span ToInput(Span span) const;
  // Index of the sentence containing folded position `pos`.
  size_t SentenceAt(uint32_t pos) const;
  // Number of words that start in [begin, end).
  size_t WordsBetween(uint32_t begin, uint32_t end) const;
};

// A word of at most 8 bytes as one integer (its bytes, big-endian).
uint64_t PackShortWord(std::string_view word);

// Words replaced as they are read (misspellings: "wnat" -> "want"), as a
// flat table that loads without building a map: words of at most 8 bytes,
// sorted by PackShortWord.
struct WordReplacements {
  std::vector<uint64_t> keys;       // sorted
  std::vector<std::string> values;  // same length
  [[nodiscard]] const std::string* Find(uint64_t key) const;
};

class TextPreparer {
 public:
  TextPreparer(std::map<std::string, std::string> shorthand, std::vector<std::string> abbreviations);
  // More words to replace like shorthand (misspellings: "wnat" -> "want";
  // an existing shorthand word wins), and the words a stretched word may
  // shorten to ("soooo" -> "so"; sorted). Both are kept by pointer and must
  // outlive this preparer. Call before the first Prepare.
  void AddReplacements(const WordReplacements* words, const std::vector<std::string>* vocabulary);

  // Fills `out` (reusing its buffers) from `input`: the folded copy, its
  // offset map and its words. Thread-safe.
  void Prepare(std::string_view input, PreparedText& out) const;
  // The same, but the word segmentation (only needed once some rule may
  // apply) is deferred to EnsureWords when no shorthand can be in the text:
  // `folded` is then already final.
  void PrepareForScreening(std::string_view input, PreparedText& out) const;
  void EnsureWords(PreparedText& out) const;
  // Fills out.sentences. Separate because most messages can be dismissed
  // without them.
  void SegmentSentences(PreparedText& out) const;

 private:
  void SegmentWordsAndExpand(PreparedText& out, bool may_have_shorthand = true) const;

  // Shorthand words are at most 8 bytes, so a word packs into one integer key.
  const std::string* FindShorthand(std::string_view word) const;
  // The shorthand for `word`, or its unstretched form (in `scratch`), or nullptr.
  const std::string* FindReplacement(std::string_view word, std::string& scratch) const;
  void AddShorthand(const std::string& word, const std::string& expansion);
  bool MayHaveShorthand(std::string_view folded) const;
  // Sizes the filter to the keys (16 bits a key: a few percent of other
  // words get past it, with thousands of misspellings as keys).
  void RebuildFilter();
  [[nodiscard]] bool MaybeKey(uint64_t key) const;
  std::unordered_map<uint64_t, std::string> shorthand_;
  std::vector<uint64_t> bloom_;            // two bits of every shorthand key
  uint64_t bloom_mask_ = 0;                // bits in bloom_, minus one
  std::vector<std::string> unusual_keys_;  // shorthand words that are not letters and digits only
  std::set<std::string, std::less<>> abbreviations_;
  const WordReplacements* replacements_ = nullptr;
  const std::vector<std::string>* vocabulary_ = nullptr;  // what a stretched word may shorten to (sorted)
  [[nodiscard]] bool InVocabulary(std::string_view word) const;
};

// Character classes the clause layer splits words by (ICU properties):
// letters, digits and combining marks; white space and invisible joiners,
// selectors and skin tones; punctuation (not symbols such as emoji).
bool IsWordCodePoint(int32_t cp);
bool IsSeparatorCodePoint(int32_t cp);
bool IsPunctuationCodePoint(int32_t cp);
// Simple (one to one) Unicode case folding of a code point ('A' -> 'a',
// 'É' -> 'é'), for comparing short phrases without case.
int32_t FoldCodePoint(int32_t cp);

// Terminal display width of a code point: 0 for combining marks and format
// characters, 2 for wide and emoji, else 1.
int DisplayWidth(int32_t cp);

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_TEXT_H_
