// The shared loop of line-based chat readers.
#ifndef REFRAME_READERS_HEADERED_READER_H_
#define REFRAME_READERS_HEADERED_READER_H_

#include <memory>
#include <string>

#include "readers/source.h"
#include "reframe/chat.h"

namespace reframe::internal {

inline std::string Where(const std::string& name, size_t line) { return name + ":" + std::to_string(line); }

// A reader that collects lines into messages started by a header line:
// WhatsApp, Signal, iMessage. Subclasses say what starts a message and how
// a finished one is classified; the loop, limits and problems live here.
class HeaderedReader : public ChatReader {
 public:
  HeaderedReader(std::unique_ptr<LineReader> lines, const ChatOptions& options)
      : lines_(std::move(lines)), options_(options) {}

  Result<bool> Next(ChatMessage& out) override {
    for (;;) {
      Result<bool> more = lines_->Next(line_);
      if (!more.ok()) return more.status();
      if (!*more) {
        if (!has_pending_) return false;
        Flush(out);
        return true;
      }
      ChatMessage started;
      if (StartsMessage(line_, started)) {
        started.source = lines_->name();
        started.line = lines_->line_number();
        const bool emit = has_pending_;
        if (emit) Flush(out);
        pending_ = std::move(started);
        has_pending_ = true;
        if (emit) return true;
        continue;
      }
      if (!has_pending_) {
        if (!line_.empty())
          problems_.push_back(Where(lines_->name(), lines_->line_number()) +
                              ": text before the first message; skipped");
        continue;
      }
      if (pending_.text.size() + line_.size() > options_.max_message_bytes) {
        return Status(StatusCode::kResourceExhausted, Where(pending_.source, pending_.line) +
                                                          ": a message longer than " +
                                                          std::to_string(options_.max_message_bytes >> 20) + " MiB");
      }
      Continue(line_);
    }
  }

 protected:
  virtual bool StartsMessage(const std::string& line, ChatMessage& out) = 0;
  virtual void Continue(const std::string& line) {
    if (!pending_.text.empty() || appended_) pending_.text += '\n';
    pending_.text += line;
    appended_ = true;
  }
  virtual void Finish(ChatMessage& m) {
    while (!m.text.empty() && (m.text.back() == '\n' || m.text.back() == ' ')) m.text.pop_back();
    if (m.kind == MessageKind::kText && m.text.empty()) m.kind = MessageKind::kEmpty;
  }

  ChatMessage pending_;
  std::unique_ptr<LineReader> lines_;

 private:
  void Flush(ChatMessage& out) {
    has_pending_ = false;
    appended_ = false;
    out = std::move(pending_);
    Finish(out);
  }

  ChatOptions options_;
  std::string line_;
  bool has_pending_ = false;
  bool appended_ = false;
};

}  // namespace reframe::internal

#endif  // REFRAME_READERS_HEADERED_READER_H_
