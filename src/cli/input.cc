#include "cli/input.h"

#include <unicode/unistr.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace reframe::cli {

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

size_t LineOf(std::string_view text, size_t pos) {
  size_t line = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

namespace {

Result<std::string> ReadAll(const std::string& path) {
  std::string data;
  if (path == "-") {
    std::ios::sync_with_stdio(false);
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return Status(StatusCode::kIoError, "<stdin>: read error");
    return data;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status(StatusCode::kInvalidArgument, path + ": is a directory, not a text file");
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                  path + ": " + std::strerror(err));
  }
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) return Status(StatusCode::kIoError, path + ": read error");
  return data;
}

}  // namespace

Status ConvertUtf16WithBom(std::string& data, const std::string& name) {
  // UTF-16 with a byte-order mark (Windows Notepad, some exports): convert.
  if (data.size() < 2 || !((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF'))) {
    return Status();
  }
  const bool le = data[0] == '\xFF';
  if (data.size() % 2 != 0) return Status(StatusCode::kDataError, name + ": truncated UTF-16 (odd number of bytes)");
  icu::UnicodeString u(data.data() + 2, static_cast<int32_t>(data.size() - 2), le ? "UTF-16LE" : "UTF-16BE");
  std::string utf8;
  u.toUTF8String(utf8);
  data = std::move(utf8);
  return Status();
}

Result<BlockReader> BlockReader::Open(const std::string& path) {
  if (path == "-") return BlockReader(stdin, "<stdin>");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status(StatusCode::kInvalidArgument, path + ": is a directory, not a text file");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError, path + ": " + std::strerror(err));
  }
  return BlockReader(f, path);
}

BlockReader::~BlockReader() {
  if (file_ && file_ != stdin) std::fclose(file_);
}

Result<size_t> BlockReader::Read(std::string& out, size_t max) {
  const size_t old = out.size();
  out.resize(old + max);
  size_t n = std::fread(out.data() + old, 1, max, file_);
  out.resize(old + n);
  if (n == 0 && std::ferror(file_)) return Status(StatusCode::kIoError, name_ + ": read error");
  return n;
}

Result<std::string> ReadTextInput(const std::string& path, bool reject_binary) {
  Result<std::string> raw = ReadAll(path);
  if (!raw.ok()) return raw;
  std::string& data = *raw;
  const std::string name = DisplayName(path);
  if (Status s = ConvertUtf16WithBom(data, name); !s.ok()) return s;
  if (size_t nul = reject_binary ? data.find('\0') : std::string::npos; nul != std::string::npos) {
    return Status(StatusCode::kDataError, name + ":" + std::to_string(LineOf(data, nul)) +
                                              ": binary data (NUL byte at byte " + std::to_string(nul) +
                                              "), not a text file");
  }
  return raw;
}

}  // namespace reframe::cli
