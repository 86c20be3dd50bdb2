// Drafts from files and standard input (reframe/input.h).
#include "reframe/input.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "text/encoding.h"

namespace reframe {
namespace {

// Line (1-based) of byte `pos`.
size_t LineOf(std::string_view text, size_t pos) {
  size_t line = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// A file opened for reading, or standard input for "-".
Result<std::FILE*> OpenInput(const std::string& path) {
  if (path == "-") return stdin;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status(StatusCode::kInvalidArgument, path + ": is a directory, not a text file");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError, path + ": " + std::strerror(err));
  }
  return f;
}

Result<std::string> ReadAll(const std::string& path) {
  std::string data;
  if (path == "-") {
    std::ios::sync_with_stdio(false);
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return Status(StatusCode::kIoError, "<stdin>: read error");
    return data;
  }
  Result<std::FILE*> f = OpenInput(path);
  if (!f.ok()) return f.status();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, *f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(*f);
  std::fclose(*f);
  if (failed) return Status(StatusCode::kIoError, path + ": read error");
  return data;
}

}  // namespace

std::string InputName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Result<std::string> ReadDraft(const std::string& path) {
  Result<std::string> raw = ReadAll(path);
  if (!raw.ok()) return raw;
  std::string& data = *raw;
  const std::string name = InputName(path);
  if (Status s = internal::DecodeUtf16WithBom(data, name); !s.ok()) return s;
  if (const size_t nul = data.find('\0'); nul != std::string::npos) {
    return Status(StatusCode::kDataError, name + ":" + std::to_string(LineOf(data, nul)) +
                                              ": binary data (NUL byte at byte " + std::to_string(nul) +
                                              "), not a text file");
  }
  return raw;
}

struct LineBatchReader::Impl {
  std::string name;
  std::FILE* file = nullptr;  // null once read to the end (or for a text in memory)
  size_t batch_bytes = kDefaultBatchBytes;
  std::string buffer;  // read, not yet cut at a line end
  bool first_read = true;
  // The whole lines being cut into batches, and where the next batch starts.
  std::shared_ptr<const std::string> chunk;
  size_t chunk_pos = 0;
  size_t line = 1;  // of the next batch's first line

  ~Impl() { Close(); }
  void Close() {
    if (file && file != stdin) std::fclose(file);
    file = nullptr;
  }
  Result<size_t> Read(size_t max) {
    const size_t old = buffer.size();
    buffer.resize(old + max);
    const size_t n = std::fread(buffer.data() + old, 1, max, file);
    buffer.resize(old + n);
    if (n == 0 && std::ferror(file)) return Status(StatusCode::kIoError, name + ": read error");
    return n;
  }
  // Reads until there are whole lines to cut (or the end); false at the end.
  Result<bool> Fill();
  // The next batch of `chunk`.
  void Cut(LineBatch& out);
};

Result<bool> LineBatchReader::Impl::Fill() {
  while (file) {
    Result<size_t> n = Read(256 * 1024);
    if (!n.ok()) return n.status();
    if (first_read && internal::HasUtf16Bom(buffer)) {
      // UTF-16 (rare, from Windows tools): read it all and convert.
      for (;;) {
        Result<size_t> more = Read(1 << 20);
        if (!more.ok()) return more.status();
        if (*more == 0) break;
      }
      Close();
      if (Status s = internal::DecodeUtf16WithBom(buffer, name); !s.ok()) return s;
      chunk = std::make_shared<const std::string>(std::move(buffer));
      buffer.clear();
      return true;
    }
    first_read = false;
    if (*n == 0) {
      Close();
      break;
    }
    const size_t cut = buffer.rfind('\n');
    if (cut == std::string::npos) continue;  // a line longer than the block: keep reading
    chunk = std::make_shared<const std::string>(buffer, 0, cut + 1);
    buffer.erase(0, cut + 1);
    return true;
  }
  if (buffer.empty()) return false;
  chunk = std::make_shared<const std::string>(std::move(buffer));  // the last line, without "\n"
  buffer.clear();
  return true;
}

void LineBatchReader::Impl::Cut(LineBatch& out) {
  out.name = name;
  out.first_line = line;
  if (chunk->size() <= batch_bytes) {
    out.data = std::move(chunk);
  } else {
    const size_t size = chunk->size();
    size_t end = chunk->find('\n', std::min(size, chunk_pos + batch_bytes));
    end = end == std::string::npos ? size : end + 1;
    out.data = std::make_shared<const std::string>(*chunk, chunk_pos, end - chunk_pos);
    chunk_pos = end;
    if (chunk_pos >= size) chunk.reset();
  }
  if (!chunk) chunk_pos = 0;
  line += static_cast<size_t>(std::count(out.data->begin(), out.data->end(), '\n'));
}

LineBatchReader::LineBatchReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LineBatchReader::LineBatchReader(LineBatchReader&&) noexcept = default;
LineBatchReader& LineBatchReader::operator=(LineBatchReader&&) noexcept = default;
LineBatchReader::~LineBatchReader() = default;

Result<LineBatchReader> LineBatchReader::Open(const std::string& path, size_t batch_bytes) {
  Result<std::FILE*> f = OpenInput(path);
  if (!f.ok()) return f.status();
  auto impl = std::make_unique<Impl>();
  impl->name = InputName(path);
  impl->file = *f;
  impl->batch_bytes = batch_bytes;
  return LineBatchReader(std::move(impl));
}

LineBatchReader LineBatchReader::FromText(std::string name, std::string text, size_t batch_bytes) {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->batch_bytes = batch_bytes;
  if (!text.empty()) impl->chunk = std::make_shared<const std::string>(std::move(text));
  return LineBatchReader(std::move(impl));
}

const std::string& LineBatchReader::name() const { return impl_->name; }

Result<bool> LineBatchReader::Next(LineBatch& out) {
  while (!impl_->chunk || impl_->chunk->empty()) {
    impl_->chunk.reset();
    Result<bool> more = impl_->Fill();
    if (!more.ok()) return more.status();
    if (!*more) return false;
  }
  impl_->Cut(out);
  return true;
}

}  // namespace reframe
