#include "text/encoding.h"

#include <unicode/unistr.h>

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

}  // namespace reframe::internal
