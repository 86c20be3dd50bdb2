// Bytes to UTF-8 text: byte-order marks, UTF-16, and stepping through UTF-8.
//
// Every reader and input source strips BOMs and counts code points through
// these, so a BOM or a multi-byte character is handled the same everywhere.
#ifndef REFRAME_TEXT_ENCODING_H_
#define REFRAME_TEXT_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "reframe/status.h"

namespace reframe::internal {

// The UTF-8 byte-order mark (U+FEFF), which some exports start with.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Whether `data` starts with a UTF-8 byte-order mark.
inline bool HasUtf8Bom(std::string_view data) { return data.substr(0, kUtf8Bom.size()) == kUtf8Bom; }
// `data` without a leading UTF-8 byte-order mark.
inline std::string_view SkipUtf8Bom(std::string_view data) {
  return HasUtf8Bom(data) ? data.substr(kUtf8Bom.size()) : data;
}
// Removes a leading UTF-8 byte-order mark from `data`, if it has one.
inline void StripUtf8Bom(std::string& data) {
  if (HasUtf8Bom(data)) data.erase(0, kUtf8Bom.size());
}

// Whether `data` starts with a UTF-16 byte-order mark (FF FE or FE FF).
bool HasUtf16Bom(std::string_view data);

// If `data` starts with a UTF-16 byte-order mark (Windows Notepad, some
// exports), converts it to UTF-8 in place; otherwise leaves it as it is.
// Fails (kDataError, naming `name`) on a truncated, odd-length UTF-16 text.
Status DecodeUtf16WithBom(std::string& data, const std::string& name);

// Whether byte `c` continues a UTF-8 sequence (10xxxxxx).
inline bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }
// How many bytes the UTF-8 sequence that lead byte `c` starts claims to
// have (1 for ASCII and for a stray continuation byte).
inline size_t Utf8SequenceLength(unsigned char c) { return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }
// `pos` moved back (Floor) or forward (Ceil) to the start of a character.
inline size_t Utf8Floor(std::string_view s, size_t pos) {
  while (pos > 0 && pos < s.size() && IsUtf8Continuation(static_cast<unsigned char>(s[pos]))) --pos;
  return pos;
}
inline size_t Utf8Ceil(std::string_view s, size_t pos) {
  while (pos < s.size() && IsUtf8Continuation(static_cast<unsigned char>(s[pos]))) ++pos;
  return pos;
}
// Characters in `s` (bytes that do not continue a sequence).
size_t CountCodePoints(std::string_view s);

// Decodes the UTF-8 code point at `i` (advancing it); invalid bytes give U+FFFD.
int32_t NextCodePoint(std::string_view s, size_t& i);

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_ENCODING_H_
