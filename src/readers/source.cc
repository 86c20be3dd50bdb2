#include "readers/source.h"

#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "text/encoding.h"

namespace reframe::internal {
namespace {

class FileSource : public ByteSource {
 public:
  FileSource(std::FILE* f, std::string name) : file_(f) { name_ = std::move(name); }
  ~FileSource() override { std::fclose(file_); }
  Result<size_t> Read(std::string& out, size_t max) override {
    const size_t old = out.size();
    out.resize(old + max);
    const size_t n = std::fread(out.data() + old, 1, max, file_);
    out.resize(old + n);
    if (n == 0 && std::ferror(file_)) return Status(StatusCode::kIoError, name_ + ": read error");
    return n;
  }
  std::time_t modified() const override {
    struct stat st;
    return fstat(fileno(file_), &st) == 0 ? st.st_mtime : 0;
  }

 private:
  std::FILE* file_;
};

class ZipEntrySource : public ByteSource {
 public:
  ZipEntrySource(std::shared_ptr<ZipArchive> archive, zip_file_t* f, std::string name, size_t max,
                 std::string limit_name, std::time_t mtime)
      : archive_(std::move(archive)), file_(f), max_(max), limit_name_(std::move(limit_name)), mtime_(mtime) {
    name_ = std::move(name);
  }
  std::time_t modified() const override { return mtime_; }
  ~ZipEntrySource() override { zip_fclose(file_); }
  Result<size_t> Read(std::string& out, size_t max) override {
    const size_t old = out.size();
    out.resize(old + max);
    const zip_int64_t n = zip_fread(file_, out.data() + old, max);
    if (n < 0) {
      out.resize(old);
      return Status(StatusCode::kDataError, name_ + ": damaged archive entry (" + zip_file_strerror(file_) + ")");
    }
    out.resize(old + static_cast<size_t>(n));
    total_ += static_cast<size_t>(n);
    if (total_ > max_) {
      return Status(StatusCode::kResourceExhausted, name_ + ": expands past " + std::to_string(max_ >> 20) +
                                                        " MiB (a zip bomb?); raise " + limit_name_);
    }
    return static_cast<size_t>(n);
  }

 private:
  std::shared_ptr<ZipArchive> archive_;  // an entry is only readable while its archive is open
  zip_file_t* file_;
  size_t max_;
  std::string limit_name_;
  std::time_t mtime_;
  size_t total_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return Status(StatusCode::kInvalidArgument, path + ": is a directory");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError, path + ": " + std::strerror(err));
  }
  return std::unique_ptr<ByteSource>(new FileSource(f, path));
}

Result<std::shared_ptr<ZipArchive>> ZipArchive::Open(const std::string& path) {
  int error = 0;
  ::zip* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!z) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    std::string what = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return Status(error == ZIP_ER_NOENT ? StatusCode::kNotFound : StatusCode::kDataError,
                  path + ": not a readable zip archive (" + what + ")");
  }
  std::shared_ptr<ZipArchive> archive(new ZipArchive());
  archive->zip_ = z;
  archive->path_ = path;
  const zip_int64_t n = zip_get_num_entries(z, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    if (name) archive->entries_.emplace_back(name);
  }
  return archive;
}

ZipArchive::~ZipArchive() {
  if (zip_) zip_discard(zip_);
}

Result<std::unique_ptr<ByteSource>> ZipArchive::OpenEntry(const std::string& name, size_t max_bytes,
                                                          const std::string& limit_name) {
  zip_stat_t st;
  zip_stat_init(&st);
  const std::string where = path_ + ":" + name;
  if (zip_stat(zip_, name.c_str(), 0, &st) != 0) return Status(StatusCode::kNotFound, where + ": no such entry");
  if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes) {
    return Status(StatusCode::kResourceExhausted,
                  where + ": would expand to " + std::to_string(st.size >> 20) + " MiB, more than the limit of " +
                      std::to_string(max_bytes >> 20) + " MiB (a zip bomb?); raise " + limit_name);
  }
  zip_file_t* f = zip_fopen(zip_, name.c_str(), 0);
  if (!f) return Status(StatusCode::kDataError, where + ": cannot open entry (" + zip_strerror(zip_) + ")");
  const std::time_t mtime = (st.valid & ZIP_STAT_MTIME) ? st.mtime : 0;
  return std::unique_ptr<ByteSource>(new ZipEntrySource(shared_from_this(), f, where, max_bytes, limit_name, mtime));
}

Result<std::string> ReadAll(ByteSource& source, size_t max_bytes) {
  std::string out;
  for (;;) {
    Result<size_t> n = source.Read(out, 1 << 20);
    if (!n.ok()) return n.status();
    if (*n == 0) break;
    if (out.size() > max_bytes) {
      return Status(StatusCode::kResourceExhausted,
                    source.name() + ": larger than " + std::to_string(max_bytes >> 20) + " MiB");
    }
  }
  return out;
}

LineReader::LineReader(std::unique_ptr<ByteSource> source, size_t max_line)
    : source_(std::move(source)), max_line_(max_line) {}

Result<bool> LineReader::Next(std::string& line) {
  for (;;) {
    const size_t nl = buffer_.find('\n', pos_);
    if (nl != std::string::npos || (eof_ && pos_ < buffer_.size())) {
      const size_t end = nl == std::string::npos ? buffer_.size() : nl;
      line.assign(buffer_, pos_, end - pos_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (first_) StripUtf8Bom(line);
      first_ = false;
      pos_ = nl == std::string::npos ? buffer_.size() : nl + 1;
      ++line_number_;
      return true;
    }
    if (eof_) return false;
    if (buffer_.size() - pos_ > max_line_) {
      return Status(StatusCode::kResourceExhausted, name() + ":" + std::to_string(line_number_ + 1) +
                                                        ": a line longer than " + std::to_string(max_line_ >> 20) +
                                                        " MiB; is this a text export?");
    }
    buffer_.erase(0, pos_);
    pos_ = 0;
    Result<size_t> n = source_->Read(buffer_, 1 << 16);
    if (!n.ok()) return n.status();
    if (*n == 0) eof_ = true;
  }
}

ChunkReader::ChunkReader(std::unique_ptr<ByteSource> source, size_t max_line)
    : source_(std::move(source)), max_line_(max_line) {}

Status ChunkReader::ReadBlock(size_t bytes) {
  // Drop what is cut before reading more, once it is most of the buffer.
  if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  Result<size_t> n = source_->Read(buffer_, std::max<size_t>(bytes, size_t{16} << 10));
  if (!n.ok()) return n.status();
  if (*n == 0) eof_ = true;
  if (!started_ && (buffer_.size() - pos_ >= 3 || eof_)) {
    started_ = true;
    if (HasUtf8Bom(std::string_view(buffer_).substr(pos_))) pos_ += kUtf8Bom.size();
  }
  return Status();
}

Status ChunkReader::Fill(size_t bytes) {
  while (!eof_ && (!started_ || buffer_.size() - pos_ < bytes)) {
    if (Status s = ReadBlock(size_t{256} << 10); !s.ok()) return s;
  }
  return Status();
}

Status ChunkReader::LineTooLong(size_t from) const {
  const size_t line =
      next_line_ + static_cast<size_t>(std::count(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                  buffer_.begin() + static_cast<std::ptrdiff_t>(from), '\n'));
  return Status(StatusCode::kResourceExhausted, name() + ":" + std::to_string(line) + ": a line longer than " +
                                                    std::to_string(max_line_ >> 20) + " MiB; is this a text export?");
}

Result<bool> ChunkReader::Next(size_t target, const StartsMessage& starts_message, TextChunk& out) {
  target = std::max<size_t>(target, 1);
  // Read what the chunk needs, and a little more to find where it ends.
  const size_t want = target + (size_t{4} << 10);
  if (Status s = Fill(1); !s.ok()) return s;
  while (!eof_ && buffer_.size() - pos_ < want) {
    if (Status s = ReadBlock(want - (buffer_.size() - pos_)); !s.ok()) return s;
  }
  if (pos_ >= buffer_.size()) return false;
  // `scan` (relative to pos_) is where the line to test next starts, or
  // inside the line before it.
  size_t scan = target;
  size_t cut = 0;
  for (;;) {
    const size_t abs = pos_ + scan;
    if (abs > buffer_.size() || (abs == buffer_.size() && !eof_)) {
      if (eof_) {
        cut = buffer_.size() - pos_;
        break;
      }
      if (Status s = ReadBlock(size_t{64} << 10); !s.ok()) return s;
      continue;
    }
    // The next line start at or after `scan`.
    const size_t from = pos_ + scan - 1;
    const char* nl = static_cast<const char*>(std::memchr(buffer_.data() + from, '\n', buffer_.size() - from));
    if (!nl) {
      if (buffer_.size() - from > max_line_) return LineTooLong(from);
      if (eof_) {
        cut = buffer_.size() - pos_;
        break;
      }
      if (Status s = ReadBlock(size_t{64} << 10); !s.ok()) return s;
      continue;
    }
    const size_t start = static_cast<size_t>(nl - buffer_.data()) + 1;
    if (start - 1 - from > max_line_) return LineTooLong(from);
    const char* end = static_cast<const char*>(std::memchr(buffer_.data() + start, '\n', buffer_.size() - start));
    if (!end && !eof_) {
      if (buffer_.size() - start > max_line_) return LineTooLong(start);
      if (Status s = ReadBlock(size_t{64} << 10); !s.ok()) return s;
      continue;
    }
    const size_t line_end = end ? static_cast<size_t>(end - buffer_.data()) : buffer_.size();
    if (start == buffer_.size()) {  // the source ends with a line end
      cut = buffer_.size() - pos_;
      break;
    }
    std::string_view line(buffer_.data() + start, line_end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (starts_message(line)) {
      cut = start - pos_;
      break;
    }
    scan = line_end + 1 - pos_;
  }
  if (pos_ == 0 && cut >= buffer_.size() / 2) {
    // The usual case: the chunk takes the buffer, and only the little
    // after the cut is copied into a new one.
    out.text = std::move(buffer_);
    buffer_.clear();
    buffer_.reserve(want + (size_t{16} << 10));
    buffer_.append(out.text, cut, std::string::npos);
    out.text.resize(cut);
  } else {
    out.text.assign(buffer_, pos_, cut);
    pos_ += cut;
    if (pos_ > 0 && buffer_.size() - pos_ < want) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
  }
  out.first_line = next_line_;
  out.first = !cut_any_;
  cut_any_ = true;
  next_line_ += static_cast<size_t>(std::count(out.text.begin(), out.text.end(), '\n'));
  return true;
}

}  // namespace reframe::internal
