// Reading what the user named: files, stdin, with encoding checks.
#ifndef REFRAME_CLI_INPUT_H_
#define REFRAME_CLI_INPUT_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "reframe/status.h"

namespace reframe::cli {

// Reads `path` ("-" is standard input) as UTF-8 text. UTF-16 with a byte-order
// mark is converted. With `reject_binary`, a NUL byte is an error naming the
// line (otherwise the caller checks line by line). Invalid UTF-8 is left for
// the analyzer, which reads it as U+FFFD and warns.
Result<std::string> ReadTextInput(const std::string& path, bool reject_binary);

// Streams a file (or standard input for "-") in blocks, for inputs too large
// to hold. The first block keeps any byte-order mark, so callers can detect it.
class BlockReader {
 public:
  static Result<BlockReader> Open(const std::string& path);
  BlockReader(BlockReader&& other) noexcept : file_(other.file_), name_(std::move(other.name_)) { other.file_ = nullptr; }
  BlockReader(const BlockReader&) = delete;
  ~BlockReader();
  // Appends up to `max` bytes to `out`; returns 0 at the end, or an error.
  Result<size_t> Read(std::string& out, size_t max);

 private:
  BlockReader(std::FILE* file, std::string name) : file_(file), name_(std::move(name)) {}
  std::FILE* file_;
  std::string name_;
};

// If `data` starts with a UTF-16 byte-order mark, converts it to UTF-8 in
// place. Fails on a truncated (odd-length) UTF-16 file.
Status ConvertUtf16WithBom(std::string& data, const std::string& name);

// Display name for a path: "<stdin>" for "-".
std::string DisplayName(const std::string& path);

// Line (1-based) of byte `pos`.
size_t LineOf(std::string_view text, size_t pos);

}  // namespace reframe::cli

#endif  // REFRAME_CLI_INPUT_H_
