// Byte sources for chat readers: plain files and entries inside .zip
// archives (libzip), read in blocks, line by line, or in chunks of whole
// lines that can be parsed in parallel.
#ifndef REFRAME_READERS_SOURCE_H_
#define REFRAME_READERS_SOURCE_H_

#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
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
  // When the file (or archive entry) was last written, or 0 if unknown.
  virtual std::time_t modified() const { return 0; }

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

// A run of whole lines of a source, as cut by ChunkReader.
struct TextChunk {
  std::string text;       // the lines, each with its line end (the last one may lack it)
  size_t first_line = 1;  // 1-based number of its first line in the source
  bool first = false;     // starts where the source starts
};

// Reads a source in blocks and cuts it into chunks of whole lines, each
// ending just before a line that `starts_message` accepts, so no message is
// split between two chunks and each chunk parses on its own. Drops a
// leading BOM. Memory: one chunk plus one block, or the longest line.
class ChunkReader {
 public:
  using StartsMessage = std::function<bool(std::string_view line)>;

  ChunkReader(std::unique_ptr<ByteSource> source, size_t max_line);

  // Reads ahead until `bytes` are buffered or the source ends, to look at
  // the start of a file before cutting it.
  Status Fill(size_t bytes);
  // What is read and not yet cut.
  std::string_view buffered() const { return std::string_view(buffer_).substr(pos_); }
  // True once the source has no more bytes.
  bool exhausted() const { return eof_; }

  // Cuts the next chunk: at least `target` bytes unless the source ends
  // first, ending before a line (without its end) that `starts_message`
  // accepts, or at the end of the source. False when nothing is left. A line
  // longer than `max_line` is an error naming its number.
  Result<bool> Next(size_t target, const StartsMessage& starts_message, TextChunk& out);

  const std::string& name() const { return source_->name(); }
  const ByteSource& source() const { return *source_; }

 private:
  Status ReadBlock(size_t bytes);
  Status LineTooLong(size_t from) const;

  std::unique_ptr<ByteSource> source_;
  size_t max_line_;
  std::string buffer_;
  size_t pos_ = 0;        // start of what is not yet cut
  size_t next_line_ = 1;  // number of the line at pos_
  bool eof_ = false;
  bool started_ = false;  // the BOM check is done
  bool cut_any_ = false;
};

}  // namespace reframe::internal

#endif  // REFRAME_READERS_SOURCE_H_
