// Byte sources for chat readers: plain files and entries inside .zip
// archives (libzip), read in blocks or line by line.
#ifndef REFRAME_READERS_SOURCE_H_
#define REFRAME_READERS_SOURCE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "reframe/status.h"

struct zip;
struct zip_file;

namespace reframe::internal {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Appends up to `max` bytes to `out`; 0 at the end.
  virtual Result<size_t> Read(std::string& out, size_t max) = 0;
  const std::string& name() const { return name_; }

 protected:
  std::string name_;
};

Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);

// An open .zip archive.
class ZipArchive : public std::enable_shared_from_this<ZipArchive> {
 public:
  static Result<std::shared_ptr<ZipArchive>> Open(const std::string& path);
  ~ZipArchive();
  const std::vector<std::string>& entries() const { return entries_; }
  // Opens entry `name`; refuses entries larger than `max_bytes` uncompressed
  // (errors suggest raising `limit_name`).
  Result<std::unique_ptr<ByteSource>> OpenEntry(const std::string& name, size_t max_bytes,
                                                const std::string& limit_name);
  const std::string& path() const { return path_; }

 private:
  ZipArchive() = default;
  ::zip* zip_ = nullptr;
  std::string path_;
  std::vector<std::string> entries_;
};

// Reads `source` whole, refusing more than `max_bytes`.
Result<std::string> ReadAll(ByteSource& source, size_t max_bytes);

// Splits a source into lines (LF or CRLF), dropping a leading BOM. A line
// longer than `max_line` is an error naming its number.
class LineReader {
 public:
  LineReader(std::unique_ptr<ByteSource> source, size_t max_line);
  // Next line into `line` (without its end); false at the end.
  Result<bool> Next(std::string& line);
  size_t line_number() const { return line_number_; }  // of the line last returned
  const std::string& name() const { return source_->name(); }

 private:
  std::unique_ptr<ByteSource> source_;
  size_t max_line_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool first_ = true;
  size_t line_number_ = 0;
};

}  // namespace reframe::internal

#endif  // REFRAME_READERS_SOURCE_H_
