#include "text/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cassert>

#include "text/ascii_segmenter.h"
#include "text/quotes.h"
#include "text/text.h"

namespace reframe::internal {
namespace {

const icu::Normalizer2& Nfkc() {
  static const icu::Normalizer2* norm = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    assert(U_SUCCESS(status) && n);
    return n;
  }();
  return *norm;
}

}  // namespace

void FoldInto(std::string_view input, PreparedText& out) {
  out.folded.clear();
  out.src_begin.clear();
  out.src_end.clear();
  out.invalid_utf8.clear();
  out.folded.reserve(input.size());
  out.identity_map = false;
  if (IsAscii(input)) {  // NFKC_Casefold of ASCII is lower-casing, byte for byte
    out.folded.resize(input.size());
    for (uint32_t i = 0; i < input.size(); ++i) {
      const char c = input[i];
      out.folded[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out.identity_map = true;  // src_begin/src_end are implied (MaterializeMap)
    return;
  }
  const icu::Normalizer2& norm = Nfkc();
  const auto* bytes = reinterpret_cast<const uint8_t*>(input.data());
  const int32_t length = static_cast<int32_t>(input.size());

  auto append = [&](std::string_view s, uint32_t b, uint32_t e) {
    out.folded.append(s);
    out.src_begin.insert(out.src_begin.end(), s.size(), b);
    out.src_end.insert(out.src_end.end(), s.size(), e);
  };
  // A code point that is ASCII, or starts a new normalisation chunk.
  auto starts_chunk = [&](int32_t c) { return c < 0x80 || norm.hasBoundaryBefore(c); };

  int32_t i = 0;
  std::string utf8;
  icu::UnicodeString chunk;
  while (i < length) {
    const int32_t begin = i;
    int32_t c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      out.invalid_utf8.push_back(static_cast<uint32_t>(begin));
      c = 0xFFFD;
    }
    // Peek: does a combining character follow? Then the chunk grows.
    int32_t next_i = i, next_c = -1;
    if (next_i < length) U8_NEXT(bytes, next_i, length, next_c);
    if (c < 0x80 && (next_c < 0 || starts_chunk(next_c))) {  // fast path: plain ASCII
      char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      append(std::string_view(&lower, 1), static_cast<uint32_t>(begin), static_cast<uint32_t>(i));
      continue;
    }
    chunk.remove();
    chunk.append(static_cast<UChar32>(FoldQuote(c)));
    while (i < length) {
      int32_t j = i, d;
      U8_NEXT(bytes, j, length, d);
      if (d < 0 || starts_chunk(d)) break;
      chunk.append(static_cast<UChar32>(d));
      i = j;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = norm.normalize(chunk, status);
    utf8.clear();
    (U_SUCCESS(status) ? folded : chunk).toUTF8String(utf8);
    append(utf8, static_cast<uint32_t>(begin), static_cast<uint32_t>(i));
  }
}

std::string FoldText(std::string_view text) {
  if (IsAscii(text)) {  // lexicon words mostly are: no offset map wanted
    std::string out(text);
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out;
  }
  PreparedText prepared;
  FoldInto(text, prepared);
  return std::move(prepared.folded);
}

}  // namespace reframe::internal
