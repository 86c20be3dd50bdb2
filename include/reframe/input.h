// reframe/input.h — message drafts from files and standard input.
//
//   reframe::Result<std::string> draft = reframe::ReadDraft("draft.txt");   // "-" is stdin
//   if (!draft.ok()) { std::cerr << draft.status().message() << "\n"; return 2; }
//
//   auto lines = reframe::LineBatchReader::Open("drafts.txt");   // one message per line
//   reframe::LineBatch batch;
//   for (;;) {
//     reframe::Result<bool> more = lines->Next(batch);
//     if (!more.ok() || !*more) break;
//     // batch.data holds whole lines; the first is line batch.first_line of the file
//   }
//
// Text is UTF-8; UTF-16 with a byte-order mark (Windows Notepad, some
// exports) is converted. Invalid UTF-8 is left for the analyzer, which reads
// bad bytes as U+FFFD and warns.
#ifndef REFRAME_INPUT_H_
#define REFRAME_INPUT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "reframe/export.h"
#include "reframe/status.h"

namespace reframe {

// How an input path is named in output: "<stdin>" for "-", else the path.
REFRAME_EXPORT std::string InputName(const std::string& path);

// Reads a whole draft from `path` ("-" is standard input). Errors name the
// input: kNotFound, kIoError, kInvalidArgument (a directory), kDataError
// (truncated UTF-16, or binary data: a NUL byte, with its line).
REFRAME_EXPORT Result<std::string> ReadDraft(const std::string& path);

// A run of whole lines of one input.
struct LineBatch {
  std::string name;                         // InputName of the input
  std::shared_ptr<const std::string> data;  // whole lines; the input's last may lack its "\n"
  size_t first_line = 1;                    // 1-based line number of the first line in the input
};

// Reads an input as batches of whole lines, for one-message-per-line input:
// memory is bounded by a batch, not the input (unless the input is UTF-16,
// which is read whole to be converted). Batches can be analysed on several
// threads; LineBatch::data stays valid as long as a batch holds it.
class REFRAME_EXPORT LineBatchReader {
 public:
  // Batches of about `batch_bytes` (a longer line is one batch of its own).
  static constexpr size_t kDefaultBatchBytes = 64 * 1024;

  // Opens `path` ("-" is standard input). Errors as ReadDraft's.
  static Result<LineBatchReader> Open(const std::string& path, size_t batch_bytes = kDefaultBatchBytes);
  // Batches of a text already in memory, named `name`.
  static LineBatchReader FromText(std::string name, std::string text, size_t batch_bytes = kDefaultBatchBytes);

  LineBatchReader(LineBatchReader&&) noexcept;
  LineBatchReader& operator=(LineBatchReader&&) noexcept;
  ~LineBatchReader();

  // The next batch into `out`: true, false at the end, or an error naming
  // the input (a read error, truncated UTF-16).
  Result<bool> Next(LineBatch& out);

  // InputName of the input.
  [[nodiscard]] const std::string& name() const;

 private:
  struct Impl;
  explicit LineBatchReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A draft sent as JSON by another program (`reframe serve`'s POST /api/check,
// docs/serve.md):  {"text": "...", "reply_to": "...", "profile": "..."}.
// "reply_to" and "profile" are optional (null is the same as absent); other
// fields are ignored, so newer clients work with older servers.
struct DraftRequest {
  std::string text;
  std::optional<std::string> reply_to;  // the message being answered
  std::optional<std::string> profile;   // who the draft is for: a profile name (not checked here)
};

// Parses a DraftRequest. kInvalidArgument, saying what is wrong without
// quoting the input: not JSON (with line and column; also invalid UTF-8),
// not an object, "text" missing or not a string, "reply_to" or "profile" not
// a string, or a NUL character in the text or reply_to (binary input, as
// ReadDraft refuses it).
REFRAME_EXPORT Result<DraftRequest> ParseDraftRequest(std::string_view json);

}  // namespace reframe

#endif  // REFRAME_INPUT_H_
