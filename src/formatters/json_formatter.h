// The JSON message object (reframe/format.h) built as a json tree: slower than
// FormatJson's direct writer, kept as the reference the tests compare it with.
#ifndef REFRAME_FORMATTERS_JSON_FORMATTER_H_
#define REFRAME_FORMATTERS_JSON_FORMATTER_H_

#include <string>
#include <string_view>

#include "reframe/format.h"

namespace reframe::internal {

std::string FormatJsonTree(const Report& report, const MessageContext& context, std::string_view text);

}  // namespace reframe::internal

#endif  // REFRAME_FORMATTERS_JSON_FORMATTER_H_
