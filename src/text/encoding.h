// Byte-order marks and UTF-16: what arrives before text is UTF-8.
#ifndef REFRAME_TEXT_ENCODING_H_
#define REFRAME_TEXT_ENCODING_H_

#include <string>
#include <string_view>

#include "reframe/status.h"

namespace reframe::internal {

// Whether `data` starts with a UTF-16 byte-order mark (FF FE or FE FF).
bool HasUtf16Bom(std::string_view data);

// If `data` starts with a UTF-16 byte-order mark (Windows Notepad, some
// exports), converts it to UTF-8 in place; otherwise leaves it as it is.
// Fails (kDataError, naming `name`) on a truncated, odd-length UTF-16 text.
Status DecodeUtf16WithBom(std::string& data, const std::string& name);

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_ENCODING_H_
