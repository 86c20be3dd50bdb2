// reframe/chat.h — read saved chat exports, one message at a time.
//
//   auto reader = reframe::OpenChat("WhatsApp Chat with Sam.zip");   // format detected
//   if (!reader.ok()) { std::cerr << reader.status().message(); return 2; }
//   reframe::ChatMessage m;
//   for (;;) {
//     reframe::Result<bool> more = (*reader)->Next(m);
//     if (!more.ok()) { std::cerr << more.status().message(); return 2; }   // names file and line
//     if (!*more) break;
//     if (m.kind == reframe::MessageKind::kText) analyzer->Analyze(m.text);
//   }
//
// Readers stream: WhatsApp, Signal, iMessage, plain text, JSONL and CSV hold
// one message (WhatsApp: one chunk of ChatOptions::chunk_bytes) at a time;
// JSON exports (Telegram, Messenger, Discord, Slack) are parsed a file at a
// time. To read on several threads, take ChatReader::NextChunk() instead of
// Next() and Parse() the chunks anywhere; their messages, in chunk order, are
// exactly those Next() returns. Every message read is returned, including
// media-only, deleted and system ones (see `kind`), so nothing is dropped
// silently; single malformed records are skipped and listed in problems().
#ifndef REFRAME_CHAT_H_
#define REFRAME_CHAT_H_

#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/status.h"

namespace reframe {

enum class ChatFormat {
  kAuto,
  kWhatsApp,
  kTelegram,
  kSignal,
  kDiscord,
  kIMessage,
  kMessenger,
  kSlack,
  kJsonl,
  kCsv,
  kText
};

// "whatsapp", "telegram", ... ("auto" for kAuto).
REFRAME_EXPORT std::string_view ChatFormatName(ChatFormat format);
// Parses a name of ChatFormatName; false if unknown.
REFRAME_EXPORT bool ParseChatFormat(std::string_view name, ChatFormat* out);

enum class MessageKind {
  kText,     // something the author wrote: analysed
  kMedia,    // only a photo, voice note, sticker, file...: counted, not analysed
  kDeleted,  // "This message was deleted"
  kEmpty,    // no text at all
  kEvent,    // a system line: joins, renames, encryption notices (no author)
};

// "text", "media", "deleted", "empty", "event".
REFRAME_EXPORT std::string_view MessageKindName(MessageKind kind);

struct ChatMessage {
  std::string author;  // empty for events
  std::string time;    // ISO 8601 ("2022-03-27T21:41:35", with an offset when the export has one); "" if unknown
  std::string text;    // as written (multi-line messages keep their line breaks)
  MessageKind kind = MessageKind::kText;
  std::string source;  // the file it came from (inside an archive: "archive.zip:_chat.txt")
  size_t line = 0;     // 1-based line where it starts, or the record number in JSON
  // Its language (ISO 639-1, reframe/language.h) when a run told it (long
  // enough text, JSON reports); readers leave it empty.
  std::string language;
};

// How exports are read, and the limits that keep a broken or hostile file
// from exhausting memory or the stack.
struct ChatOptions {
  // JSONL/CSV column or field names; empty picks the usual ones
  // (text|message|content|body, author|from|sender|name|user, time|timestamp|date).
  std::string text_field, author_field, time_field;
  // Refuse archives whose entries would expand past this many bytes.
  size_t max_unzipped_bytes = size_t{8} << 30;
  // Refuse a single message longer than this (a runaway line in a broken file).
  size_t max_message_bytes = size_t{16} << 20;
  // Refuse a JSON export file larger than this, or nested deeper.
  size_t max_json_bytes = size_t{2} << 30;
  size_t max_json_depth = 512;
  // About how much of a line-based export one chunk holds (NextChunk);
  // 0 = 64 KiB. Chunks end at a message boundary, so one may be longer.
  size_t chunk_bytes = 0;

  // How error messages name the options above when they suggest one: by
  // default as named here; a program that offers them under other names
  // (a command's flags) gives those.
  struct OptionNames {
    std::string format = "the format argument";  // OpenChat's `format`
    std::string text_field = "text_field";
    std::string max_unzipped_bytes = "max_unzipped_bytes";
  } option_names;
};

// A run of consecutive messages of an export, possibly not yet parsed: the
// unit of parallel reading (see ChatReader::NextChunk).
class REFRAME_EXPORT ChatChunk {
 public:
  virtual ~ChatChunk() = default;
  // Appends the chunk's messages, in order, to `out`, and the records it
  // skipped ("file:line: what was wrong") to `problems`. Safe to call on any
  // thread, once. An error (a message over the size limit) names file and
  // line; messages before it are appended, and reading should stop there.
  [[nodiscard]] virtual Status Parse(std::vector<ChatMessage>& out, std::vector<std::string>& problems) = 0;
};

class REFRAME_EXPORT ChatReader {
 public:
  virtual ~ChatReader() = default;

  // Reads the next message into `out`. Returns true, false at the end, or an
  // error naming the file and line (or byte offset) that ends the reading.
  virtual Result<bool> Next(ChatMessage& out) = 0;

  // The next part of the export as a chunk, or null at the end. WhatsApp
  // chunks are raw text cut at message headers, parsed by ChatChunk::Parse
  // (on any thread, in any order); other formats hand out messages already
  // read. Problems found while parsing a chunk come from Parse(), not
  // problems() (AddProblems puts them there). Errors are those of Next().
  virtual Result<std::unique_ptr<ChatChunk>> NextChunk();

  // The format actually read (after detection).
  [[nodiscard]] virtual ChatFormat format() const = 0;

  // Records that were malformed and skipped, each "file:line: what was wrong"
  // (for chunks: those found while cutting them).
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }
  // Appends problems found while parsing this reader's chunks (in chunk
  // order), so that problems() lists them all; AnalyzeChat does this.
  void AddProblems(std::vector<std::string>& found) {
    problems_.insert(problems_.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
    found.clear();
  }

 protected:
  std::vector<std::string> problems_;
};

// Opens a chat export: a file, a .zip, or a folder (Slack, Messenger sets).
// Errors (kNotFound, kDataError) name the path and what was expected.
REFRAME_EXPORT Result<std::unique_ptr<ChatReader>> OpenChat(const std::string& path,
                                                            ChatFormat format = ChatFormat::kAuto,
                                                            const ChatOptions& options = {});

}  // namespace reframe

#endif  // REFRAME_CHAT_H_
