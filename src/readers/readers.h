// The chat readers behind reframe::OpenChat, one function per format.
#ifndef REFRAME_READERS_READERS_H_
#define REFRAME_READERS_READERS_H_

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "readers/source.h"
#include "reframe/chat.h"

namespace reframe::internal {

// Opens (again) the byte source a reader reads; some formats read twice.
using SourceOpener = std::function<Result<std::unique_ptr<ByteSource>>()>;

// Streaming text formats.
Result<std::unique_ptr<ChatReader>> OpenWhatsApp(SourceOpener opener, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenSignal(SourceOpener opener, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenIMessage(SourceOpener opener, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenPlainText(SourceOpener opener, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenJsonl(SourceOpener opener, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenCsv(SourceOpener opener, const ChatOptions& options, bool discord);

// JSON documents, parsed one file at a time. Each opener is one file of the
// export (Messenger's message_N.json set, Slack's day files).
Result<std::unique_ptr<ChatReader>> OpenTelegram(SourceOpener opener, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenMessenger(std::vector<SourceOpener> files, const ChatOptions& options);
Result<std::unique_ptr<ChatReader>> OpenDiscordJson(SourceOpener opener, const ChatOptions& options);
// Slack: `users` is users.json (or null); `days` are "channel/YYYY-MM-DD.json" files in order.
Result<std::unique_ptr<ChatReader>> OpenSlack(SourceOpener users, std::vector<SourceOpener> days,
                                              const ChatOptions& options);

// Detection helpers.
bool LooksLikeWhatsApp(const std::string& line);
bool LooksLikeDateLine(const std::string& line);  // starts like "12/31/21," or "[2018. 6. 13."
bool LooksLikeSignal(const std::string& line);
bool LooksLikeIMessageTime(const std::string& line);

// A reader over messages already parsed.
class ListReader : public ChatReader {
 public:
  ListReader(ChatFormat format, std::vector<ChatMessage> messages, std::vector<std::string> problems)
      : format_(format), messages_(std::move(messages)) {
    problems_ = std::move(problems);
  }
  Result<bool> Next(ChatMessage& out) override {
    if (next_ >= messages_.size()) return false;
    out = std::move(messages_[next_++]);
    return true;
  }
  ChatFormat format() const override { return format_; }

 private:
  ChatFormat format_;
  std::vector<ChatMessage> messages_;
  size_t next_ = 0;
};

// A chunk of messages already read, and the error that ended the reading.
class ParsedChunk : public ChatChunk {
 public:
  ParsedChunk(std::vector<ChatMessage> messages, Status error)
      : messages_(std::move(messages)), error_(std::move(error)) {}
  Status Parse(std::vector<ChatMessage>& out, std::vector<std::string>&) override {
    if (out.empty()) {
      out = std::move(messages_);
    } else {
      out.insert(out.end(), std::make_move_iterator(messages_.begin()), std::make_move_iterator(messages_.end()));
    }
    messages_.clear();
    return error_;
  }

 private:
  std::vector<ChatMessage> messages_;
  Status error_;
};

// The byte offset where JSON `text` nests deeper than `max_depth`, or npos.
size_t JsonTooDeep(std::string_view text, size_t max_depth);

// "2022-03-27T21:41:35Z" from Unix seconds (UTC).
std::string IsoFromUnix(double seconds);

}  // namespace reframe::internal

#endif  // REFRAME_READERS_READERS_H_
