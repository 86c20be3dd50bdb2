// Reading what the user named: files, stdin, with encoding checks.
#ifndef REFRAME_CLI_INPUT_H_
#define REFRAME_CLI_INPUT_H_

#include <string>
#include <string_view>

#include "reframe/status.h"

namespace reframe::cli {

// Reads `path` ("-" is standard input) as UTF-8 text. UTF-16 with a byte-order
// mark is converted. With `reject_binary`, a NUL byte is an error naming the
// line (otherwise the caller checks line by line). Invalid UTF-8 is left for
// the analyzer, which reads it as U+FFFD and warns.
Result<std::string> ReadTextInput(const std::string& path, bool reject_binary);

// Display name for a path: "<stdin>" for "-".
std::string DisplayName(const std::string& path);

// Line (1-based) of byte `pos`.
size_t LineOf(std::string_view text, size_t pos);

}  // namespace reframe::cli

#endif  // REFRAME_CLI_INPUT_H_
