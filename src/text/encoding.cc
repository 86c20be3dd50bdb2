#include "text/encoding.h"

#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace reframe::internal {

bool HasUtf16Bom(std::string_view data) {
  return data.size() >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF'));
}

Status DecodeUtf16WithBom(std::string& data, const std::string& name) {
  if (!HasUtf16Bom(data)) return Status();
  const bool le = data[0] == '\xFF';
  if (data.size() % 2 != 0) return Status(StatusCode::kDataError, name + ": truncated UTF-16 (odd number of bytes)");
  icu::UnicodeString u(data.data() + 2, static_cast<int32_t>(data.size() - 2), le ? "UTF-16LE" : "UTF-16BE");
  std::string utf8;
  u.toUTF8String(utf8);
  data = std::move(utf8);
  return Status();
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += !IsUtf8Continuation(static_cast<unsigned char>(c));
  return n;
}

int32_t NextCodePoint(std::string_view s, size_t& i) {
  int32_t c;
  int32_t pos = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
  i = static_cast<size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

}  // namespace reframe::internal
