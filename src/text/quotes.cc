#include "text/quotes.h"

#include "text/encoding.h"
#include "text/text.h"

namespace reframe::internal {
namespace {

// Kinds of marks that pair up, for QuotesBalanced.
enum class Pairing : uint8_t { kNone, kStraight, kCurly, kGuillemet, kCorner };

struct QuoteMark {
  int32_t cp;
  char folds_to;  // 0: stays as it is
  Pairing pairing;
};

// Every quotation mark and apostrophe reframe knows.
constexpr QuoteMark kQuoteMarks[] = {
    {'"', 0, Pairing::kStraight},       {0x00AB, '"', Pairing::kGuillemet},  // « »
    {0x00BB, '"', Pairing::kGuillemet}, {0x02BC, '\'', Pairing::kNone},      // modifier letter apostrophe
    {0x2018, '\'', Pairing::kNone},     {0x2019, '\'', Pairing::kNone},      // ‘ ’
    {0x201A, '\'', Pairing::kNone},     {0x201B, '\'', Pairing::kNone},      // ‚ ‛
    {0x201C, '"', Pairing::kCurly},     {0x201D, '"', Pairing::kCurly},      // “ ”
    {0x201E, '"', Pairing::kCurly},     {0x201F, '"', Pairing::kCurly},      // „ ‟
    {0x2032, '\'', Pairing::kNone},     {0x2033, '"', Pairing::kNone},       // ′ ″
    {0x300C, 0, Pairing::kCorner},      {0x300D, 0, Pairing::kCorner},       // 「 」
    {0x300E, 0, Pairing::kCorner},      {0x300F, 0, Pairing::kCorner},       // 『 』
    {0xFF02, '"', Pairing::kNone},      {0xFF07, '\'', Pairing::kNone},      // fullwidth " '
};

const QuoteMark* FindMark(int32_t cp) {
  if (cp != '"' && cp < 0xAB) return nullptr;  // most characters
  for (const QuoteMark& m : kQuoteMarks) {
    if (m.cp == cp) return &m;
  }
  return nullptr;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

int32_t FoldQuote(int32_t cp) {
  const QuoteMark* m = FindMark(cp);
  return m && m->folds_to ? m->folds_to : cp;
}

bool QuotesBalanced(std::string_view text) {
  int counts[5] = {};
  for (size_t i = 0; i < text.size();) {
    const QuoteMark* m = FindMark(NextCodePoint(text, i));
    if (m) ++counts[static_cast<int>(m->pairing)];
  }
  for (int p = 1; p < 5; ++p) {
    if (counts[p] % 2 != 0) return false;
  }
  return true;
}

std::vector<Span> FindQuotedRegions(std::string_view t) {
  std::vector<Span> regions;
  auto is_letter = [](unsigned char ch) { return IsAsciiAlnum(ch) || ch >= 0x80; };
  // Double quotes pair up in order.
  for (size_t open = t.find('"'); open != std::string_view::npos;) {
    size_t close = t.find('"', open + 1);
    if (close == std::string_view::npos) break;
    regions.push_back({static_cast<uint32_t>(open), static_cast<uint32_t>(close + 1)});
    open = t.find('"', close + 1);
  }
  // Single quotes: an opening one follows a non-letter and precedes a letter;
  // a closing one follows a non-space and precedes a non-letter. Apostrophes
  // inside words ("don't") are neither.
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\'') continue;
    bool opens = (i == 0 || !is_letter(t[i - 1])) && i + 1 < t.size() && is_letter(t[i + 1]);
    if (!opens) continue;
    for (size_t j = i + 1; j < t.size(); ++j) {
      if (t[j] != '\'') continue;
      bool closes = t[j - 1] != ' ' && (j + 1 == t.size() || !is_letter(t[j + 1]));
      if (closes) {
        regions.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j + 1)});
        i = j;
        break;
      }
    }
  }
  return regions;
}

}  // namespace reframe::internal
