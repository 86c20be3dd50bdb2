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
// one message at a time; JSON exports (Telegram, Messenger, Discord, Slack)
// are parsed a file at a time. Every message read is returned, including
// media-only, deleted and system ones (see `kind`), so nothing is dropped
// silently; single malformed records are skipped and listed in problems().
#ifndef REFRAME_CHAT_H_
#define REFRAME_CHAT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/status.h"

namespace reframe {

enum class ChatFormat {
  kAuto, kWhatsApp, kTelegram, kSignal, kDiscord, kIMessage, kMessenger, kSlack, kJsonl, kCsv, kText
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

  // How error messages name the options above when they suggest one: by
  // default as named here; a program that offers them under other names
  // (a command's flags) gives those.
  struct OptionNames {
    std::string format = "the format argument";  // OpenChat's `format`
    std::string text_field = "text_field";
    std::string max_unzipped_bytes = "max_unzipped_bytes";
  } option_names;
};

class REFRAME_EXPORT ChatReader {
 public:
  virtual ~ChatReader() = default;

  // Reads the next message into `out`. Returns true, false at the end, or an
  // error naming the file and line (or byte offset) that ends the reading.
  virtual Result<bool> Next(ChatMessage& out) = 0;

  // The format actually read (after detection).
  [[nodiscard]] virtual ChatFormat format() const = 0;

  // Records that were malformed and skipped, each "file:line: what was wrong".
  [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

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
