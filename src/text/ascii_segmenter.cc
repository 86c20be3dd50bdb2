#include "text/ascii_segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cassert>
#include <memory>

namespace reframe::internal {
namespace {

// Word_Break classes of the ASCII characters that matter.
enum class WB : uint8_t { kOther, kLetter, kDigit, kMidNumLetQ, kMidNum, kExtendNumLet, kCR, kLF, kNewline, kSpace };

WB ComputeWordClass(char c) {
  // ICU's root rules add '@' to ALetter (so "me@x.com" is one word).
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') return WB::kLetter;
  if (c >= '0' && c <= '9') return WB::kDigit;
  switch (c) {
    case '.':
    case '\'':
      return WB::kMidNumLetQ;
    case ',':
    case ';':
      return WB::kMidNum;
    // ':' is MidLetter in UAX #29 but ICU's root rules leave it out.
    case '_':
      return WB::kExtendNumLet;
    case '\r':
      return WB::kCR;
    case '\n':
      return WB::kLF;
    case '\v':
    case '\f':
      return WB::kNewline;
    case ' ':
      return WB::kSpace;
    default:
      return WB::kOther;
  }
}

// The classes by byte, looked up (the segmenter asks up to four per byte).
struct WordClassTable {
  WB by_byte[256];
  WordClassTable() {
    for (int c = 0; c < 256; ++c) by_byte[c] = ComputeWordClass(static_cast<char>(c));
  }
};
const WordClassTable kWordClasses;

inline WB WordClass(char c) { return kWordClasses.by_byte[static_cast<unsigned char>(c)]; }

bool IsAHLetter(WB c) { return c == WB::kLetter; }
bool IsMidLetterish(WB c) { return c == WB::kMidNumLetQ; }
bool IsMidNumish(WB c) { return c == WB::kMidNum || c == WB::kMidNumLetQ; }
bool IsNewlineish(WB c) { return c == WB::kCR || c == WB::kLF || c == WB::kNewline; }

// Is there a word boundary between text[i-1] and text[i]? (0 < i < size)
bool WordBreakBefore(std::string_view t, size_t i) {
  const WB prev = WordClass(t[i - 1]), cur = WordClass(t[i]);
  if (IsAHLetter(prev) && IsAHLetter(cur)) return false;      // WB5, the common case first
  if (prev == WB::kCR && cur == WB::kLF) return false;        // WB3
  if (IsNewlineish(prev) || IsNewlineish(cur)) return true;   // WB3a, WB3b
  if (prev == WB::kSpace && cur == WB::kSpace) return false;  // WB3d
  if (IsAHLetter(prev) && IsAHLetter(cur)) return false;      // WB5
  const WB next = i + 1 < t.size() ? WordClass(t[i + 1]) : WB::kOther;
  const WB prev2 = i >= 2 ? WordClass(t[i - 2]) : WB::kOther;
  if (IsAHLetter(prev) && IsMidLetterish(cur) && IsAHLetter(next)) return false;    // WB6
  if (IsAHLetter(prev2) && IsMidLetterish(prev) && IsAHLetter(cur)) return false;   // WB7
  if (prev == WB::kDigit && cur == WB::kDigit) return false;                        // WB8
  if (IsAHLetter(prev) && cur == WB::kDigit) return false;                          // WB9
  if (prev == WB::kDigit && IsAHLetter(cur)) return false;                          // WB10
  if (prev2 == WB::kDigit && IsMidNumish(prev) && cur == WB::kDigit) return false;  // WB11
  if (prev == WB::kDigit && IsMidNumish(cur) && next == WB::kDigit) return false;   // WB12
  if ((IsAHLetter(prev) || prev == WB::kDigit || prev == WB::kExtendNumLet) && cur == WB::kExtendNumLet)
    return false;                                                                         // WB13a
  if (prev == WB::kExtendNumLet && (IsAHLetter(cur) || cur == WB::kDigit)) return false;  // WB13b
  return true;                                                                            // WB999
}

// Sentence_Break classes for folded (lower-case) ASCII.
enum class SB : uint8_t { kOther, kLower, kNumeric, kATerm, kSTerm, kClose, kSp, kSContinue, kCR, kLF };

SB SentenceClass(char c) {
  if (c >= 'a' && c <= 'z') return SB::kLower;
  if (c >= '0' && c <= '9') return SB::kNumeric;
  switch (c) {
    case '.':
      return SB::kATerm;
    case '!':
    case '?':
      return SB::kSTerm;
    case '"':
    case '\'':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
      return SB::kClose;
    case ' ':
    case '\t':
    case '\v':
    case '\f':
      return SB::kSp;
    case ',':
    case '-':
    case ':':
      return SB::kSContinue;  // not ';' (Unicode 15)
    case '\r':
      return SB::kCR;
    case '\n':
      return SB::kLF;
    default:
      return SB::kOther;
  }
}

bool IsSATerm(SB c) { return c == SB::kATerm || c == SB::kSTerm; }
bool IsParaSep(SB c) { return c == SB::kCR || c == SB::kLF; }

// ICU break iterators are not thread-safe: each thread keeps its own.
icu::BreakIterator& ThreadIterator(bool sentence) {
  thread_local std::unique_ptr<icu::BreakIterator> word, sent;
  std::unique_ptr<icu::BreakIterator>& slot = sentence ? sent : word;
  if (!slot) {
    UErrorCode status = U_ZERO_ERROR;
    slot.reset(sentence ? icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status)
                        : icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    assert(U_SUCCESS(status) && slot);
  }
  return *slot;
}

// Points `it` at `text` (UTF-8, so ICU offsets are byte offsets).
struct UTextGuard {
  UText* ut = nullptr;
  UTextGuard(icu::BreakIterator& it, std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    it.setText(ut, status);
  }
  ~UTextGuard() { utext_close(ut); }
};

}  // namespace

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

void AsciiWordSegments(std::string_view t, std::vector<WordSegment>& out) {
  out.clear();
  // ICU gives a segment word status for a letter or digit, or for a run of
  // two or more "_" (a lone "_" is punctuation).
  size_t begin = 0, alnum = 0, underscores = 0;
  auto flush = [&](size_t end) {
    out.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), alnum > 0 || underscores >= 2});
    begin = end;
    alnum = underscores = 0;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (i > 0 && WordBreakBefore(t, i)) flush(i);
    const WB c = WordClass(t[i]);
    alnum += c == WB::kLetter || c == WB::kDigit;
    underscores += c == WB::kExtendNumLet;
  }
  if (begin < t.size()) flush(t.size());
}

void AsciiSentenceBreaks(std::string_view t, std::vector<uint32_t>& out) {
  out.clear();
  out.push_back(0);
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    const SB c = SentenceClass(t[i]);
    if (IsParaSep(c)) {  // SB3, SB4
      if (c == SB::kCR && i + 1 < n && t[i + 1] == '\n') ++i;
      if (i + 1 < n) out.push_back(static_cast<uint32_t>(i + 1));
      continue;
    }
    if (!IsSATerm(c)) continue;
    size_t k = i + 1;
    while (k < n && SentenceClass(t[k]) == SB::kClose) ++k;  // SB9
    const size_t after_close = k;
    while (k < n && SentenceClass(t[k]) == SB::kSp) ++k;  // SB10
    if (k >= n) break;
    const SB next = SentenceClass(t[k]);
    if (IsParaSep(next)) {  // SB11 with ParaSep
      i = k - 1;            // the ParaSep itself breaks after it, above
      continue;
    }
    if (IsSATerm(next) || next == SB::kSContinue) {  // SB8a
      i = k - 1;
      continue;
    }
    if (c == SB::kATerm) {
      if (after_close == i + 1 && k == i + 1 && next == SB::kNumeric) continue;  // SB6
      // SB8: no break if a lower-case letter comes before any letter of
      // another kind, a paragraph separator or a terminator.
      size_t j = k;
      while (j < n) {
        const SB d = SentenceClass(t[j]);
        if (d == SB::kLower || IsParaSep(d) || IsSATerm(d)) break;
        ++j;
      }
      if (j < n && SentenceClass(t[j]) == SB::kLower) {
        i = k - 1;
        continue;
      }
    }
    out.push_back(static_cast<uint32_t>(k));  // SB11
    i = k - 1;
  }
  if (out.back() != n) out.push_back(static_cast<uint32_t>(n));
}

void IcuWordSegments(std::string_view text, std::vector<WordSegment>& out) {
  out.clear();
  icu::BreakIterator& it = ThreadIterator(false);
  UTextGuard guard(it, text);
  int32_t prev = it.first();
  for (int32_t pos = it.next(); pos != icu::BreakIterator::DONE; prev = pos, pos = it.next()) {
    out.push_back(
        {static_cast<uint32_t>(prev), static_cast<uint32_t>(pos), it.getRuleStatus() >= UBRK_WORD_NONE_LIMIT});
  }
}

void IcuSentenceBreaks(std::string_view text, std::vector<uint32_t>& out) {
  out.clear();
  icu::BreakIterator& it = ThreadIterator(true);
  UTextGuard guard(it, text);
  for (int32_t pos = it.first(); pos != icu::BreakIterator::DONE; pos = it.next()) {
    out.push_back(static_cast<uint32_t>(pos));
  }
  if (out.empty() || out.back() != text.size()) out.push_back(static_cast<uint32_t>(text.size()));
}

}  // namespace reframe::internal
