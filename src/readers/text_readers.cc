// Streaming readers: Signal (signal-export), iMessage (imessage-exporter),
// plain text, JSON Lines and CSV (libcsv). Each holds one message at a time.
#include <csv.h>
#include <re2/re2.h>

#include <cstring>
#include <deque>
#include <nlohmann/json.hpp>

#include "readers/headered_reader.h"
#include "readers/readers.h"
#include "text/encoding.h"

namespace reframe::internal {
namespace {

// [2019-12-24, 12:23] Jane Doe: Hello John!   (or without the comma)
const RE2& SignalHeader() {
  static const RE2 re(R"(^\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] ([^:]{1,100}): ?(.*)$)");
  return re;
}

class SignalReader : public HeaderedReader {
 public:
  using HeaderedReader::HeaderedReader;
  ChatFormat format() const override { return ChatFormat::kSignal; }

 protected:
  bool StartsMessage(const std::string& line, ChatMessage& out) override {
    std::string date, time;
    if (!RE2::FullMatch(line, SignalHeader(), &date, &time, &out.author, &out.text)) return false;
    out.time = date + "T" + time + (time.size() == 5 ? ":00" : "");
    return true;
  }
  void Finish(ChatMessage& m) override {
    HeaderedReader::Finish(m);
    if (m.text.rfind("![", 0) == 0 || m.text.rfind("[Attachment", 0) == 0) m.kind = MessageKind::kMedia;
  }
};

// May 17, 2022  5:29:42 PM  [(Read by ...)] [announcement]
const RE2& IMessageTime() {
  static const RE2 re(R"(^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})  (\d{1,2}):(\d{2}):(\d{2}) ([AP]M)(.*)$)");
  return re;
}

class IMessageReader : public HeaderedReader {
 public:
  using HeaderedReader::HeaderedReader;
  ChatFormat format() const override { return ChatFormat::kIMessage; }

 protected:
  bool StartsMessage(const std::string& line, ChatMessage& out) override {
    std::string mon, day, year, h, mi, s, ampm, rest;
    if (!RE2::FullMatch(line, IMessageTime(), &mon, &day, &year, &h, &mi, &s, &ampm, &rest)) return false;
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int month = 0;
    for (int i = 0; i < 12; ++i) month = mon == months[i] ? i + 1 : month;
    int hour = std::atoi(h.c_str());
    if (ampm == "PM" && hour < 12) hour += 12;
    if (ampm == "AM" && hour == 12) hour = 0;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02dT%02d:%s:%s", year.c_str(), month, std::atoi(day.c_str()), hour,
                  mi.c_str(), s.c_str());
    out.time = buf;
    // Strip "(Read by ... )" and keep an announcement as an event.
    size_t p = rest.find_first_not_of(' ');
    rest = p == std::string::npos ? "" : rest.substr(p);
    if (rest.rfind("(Read by", 0) == 0 || rest.rfind("(Delivered", 0) == 0) {
      const size_t close = rest.find(')');
      rest = close == std::string::npos ? "" : rest.substr(close + 1);
      p = rest.find_first_not_of(' ');
      rest = p == std::string::npos ? "" : rest.substr(p);
    }
    if (!rest.empty()) {
      out.kind = MessageKind::kEvent;
      out.text = rest;
    }
    need_sender_ = out.kind != MessageKind::kEvent;
    return true;
  }
  void Continue(const std::string& line) override {
    if (need_sender_) {  // the line after the time names the sender
      pending_.author = line;
      need_sender_ = false;
      return;
    }
    HeaderedReader::Continue(line);
  }
  void Finish(ChatMessage& m) override {
    HeaderedReader::Finish(m);
    static const char* media[] = {"Attachment", "Sticker from", "/Users/", "~/Library/Messages/Attachments"};
    for (const char* prefix : media) {
      if (m.kind == MessageKind::kText && m.text.rfind(prefix, 0) == 0) m.kind = MessageKind::kMedia;
    }
    if (m.kind == MessageKind::kText &&
        (m.text.rfind("This message was deleted", 0) == 0 || m.text.rfind("This message was unsent", 0) == 0)) {
      m.kind = MessageKind::kDeleted;
    }
  }

 private:
  bool need_sender_ = false;
};

class PlainTextReader : public ChatReader {
 public:
  PlainTextReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}
  ChatFormat format() const override { return ChatFormat::kText; }
  Result<bool> Next(ChatMessage& out) override {
    std::string line;
    for (;;) {
      Result<bool> more = lines_->Next(line);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      out = ChatMessage{};
      out.source = lines_->name();
      out.line = lines_->line_number();
      out.text = line;
      if (line.find_first_not_of(" \t") == std::string::npos) out.kind = MessageKind::kEmpty;
      return true;
    }
  }

 private:
  std::unique_ptr<LineReader> lines_;
};

// The field to use: the one asked for, else the first usual name present.
std::string PickField(const std::vector<std::string>& names, const std::string& wanted,
                      std::initializer_list<const char*> usual) {
  if (!wanted.empty()) return wanted;
  for (const char* u : usual) {
    for (const std::string& n : names) {
      if (n.size() == std::strlen(u) && std::equal(n.begin(), n.end(), u, [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == b;
          })) {
        return n;
      }
    }
  }
  return "";
}

constexpr std::initializer_list<const char*> kTextNames = {"text", "message", "content", "body", "msg"};
constexpr std::initializer_list<const char*> kAuthorNames = {"author", "from", "sender", "sender_name",
                                                             "name",   "user", "speaker"};
constexpr std::initializer_list<const char*> kTimeNames = {"time", "timestamp", "date", "datetime", "created_at", "ts"};

class JsonlReader : public ChatReader {
 public:
  JsonlReader(std::unique_ptr<LineReader> lines, const ChatOptions& options)
      : lines_(std::move(lines)), options_(options) {}
  ChatFormat format() const override { return ChatFormat::kJsonl; }
  Result<bool> Next(ChatMessage& out) override {
    std::string line;
    for (;;) {
      Result<bool> more = lines_->Next(line);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      const std::string where = Where(lines_->name(), lines_->line_number());
      if (JsonTooDeep(line, 64) != std::string::npos) {
        problems_.push_back(where + ": JSON nested too deep for a chat message; skipped");
        continue;
      }
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        problems_.push_back(where + ": not a JSON object; skipped");
        continue;
      }
      std::vector<std::string> keys;
      for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
      const std::string tf = PickField(keys, options_.text_field, kTextNames);
      if (tf.empty() || !j.contains(tf)) {
        problems_.push_back(where + ": no text field (expected one of text, message, content, body, or " +
                            options_.option_names.text_field + "); skipped");
        continue;
      }
      out = ChatMessage{};
      out.source = lines_->name();
      out.line = lines_->line_number();
      auto str = [&](const std::string& key) -> std::string {
        if (key.empty() || !j.contains(key) || j[key].is_null()) return "";
        return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
      };
      out.text = str(tf);
      out.author = str(PickField(keys, options_.author_field, kAuthorNames));
      out.time = str(PickField(keys, options_.time_field, kTimeNames));
      if (out.text.empty()) out.kind = MessageKind::kEmpty;
      return true;
    }
  }

 private:
  std::unique_ptr<LineReader> lines_;
  ChatOptions options_;
};

// CSV through libcsv, fed block by block; rows queue up until read.
class CsvReader : public ChatReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> source, const ChatOptions& options, bool discord)
      : source_(std::move(source)), options_(options), discord_(discord) {
    csv_init(&parser_, CSV_APPEND_NULL);
  }
  ~CsvReader() override { csv_free(&parser_); }
  ChatFormat format() const override { return discord_ ? ChatFormat::kDiscord : ChatFormat::kCsv; }

  Result<bool> Next(ChatMessage& out) override {
    for (;;) {
      if (!rows_.empty()) {
        Row row = std::move(rows_.front());
        rows_.pop_front();
        if (header_.empty()) {
          header_ = row.fields;
          if (Status s = ChooseColumns(row.line); !s.ok()) return s;
          continue;
        }
        if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // blank line
        out = ChatMessage{};
        out.source = source_->name();
        out.line = row.line;
        if (text_col_ >= row.fields.size()) {
          problems_.push_back(Where(out.source, row.line) + ": " + std::to_string(row.fields.size()) +
                              " fields, but the text is column " + std::to_string(text_col_ + 1) + "; skipped");
          continue;
        }
        out.text = row.fields[text_col_];
        if (author_col_ < row.fields.size()) out.author = row.fields[author_col_];
        if (time_col_ < row.fields.size()) out.time = row.fields[time_col_];
        if (out.text.empty()) {
          out.kind = discord_ && attach_col_ < row.fields.size() && !row.fields[attach_col_].empty()
                         ? MessageKind::kMedia
                         : MessageKind::kEmpty;
        }
        return true;
      }
      if (done_) return false;
      std::string block;
      Result<size_t> n = source_->Read(block, 1 << 16);
      if (!n.ok()) return n.status();
      if (*n == 0) {
        done_ = true;
        if (csv_fini(&parser_, &CsvReader::OnField, &CsvReader::OnRow, this) != 0) {
          return Status(StatusCode::kDataError,
                        Where(source_->name(), line_) + ": malformed CSV (" + csv_strerror(csv_error(&parser_)) + ")");
        }
        if (header_.empty() && rows_.empty())
          return Status(StatusCode::kDataError, source_->name() + ": empty CSV file");
        continue;
      }
      if (first_block_) StripUtf8Bom(block);
      first_block_ = false;
      for (char c : block) newlines_ += c == '\n';
      if (csv_parse(&parser_, block.data(), block.size(), &CsvReader::OnField, &CsvReader::OnRow, this) !=
          block.size()) {
        return Status(StatusCode::kDataError,
                      Where(source_->name(), line_) + ": malformed CSV (" + csv_strerror(csv_error(&parser_)) + ")");
      }
      if (field_bytes_ > options_.max_message_bytes) {
        return Status(StatusCode::kResourceExhausted, Where(source_->name(), row_start_) + ": a field longer than " +
                                                          std::to_string(options_.max_message_bytes >> 20) + " MiB");
      }
    }
  }

 private:
  struct Row {
    std::vector<std::string> fields;
    size_t line;
  };

  Status ChooseColumns(size_t line) {
    auto find = [&](const std::string& wanted, std::initializer_list<const char*> usual) -> size_t {
      const std::string name = PickField(header_, wanted, usual);
      for (size_t i = 0; i < header_.size(); ++i) {
        if (header_[i] == name) return i;
      }
      return SIZE_MAX;
    };
    if (discord_) {  // AuthorID,Author,Date,Content,Attachments,Reactions
      text_col_ = find("Content", {});
      author_col_ = find("Author", {});
      time_col_ = find("Date", {});
      attach_col_ = find("Attachments", {});
    } else {
      text_col_ = find(options_.text_field, kTextNames);
      author_col_ = find(options_.author_field, kAuthorNames);
      time_col_ = find(options_.time_field, kTimeNames);
    }
    if (text_col_ == SIZE_MAX) {
      return Status(StatusCode::kDataError,
                    Where(source_->name(), line) +
                        ": no text column in the header (expected text, message, content or body, "
                        "or name one with " +
                        options_.option_names.text_field + ")");
    }
    return Status();
  }

  static void OnField(void* data, size_t len, void* self) {
    auto* r = static_cast<CsvReader*>(self);
    r->fields_.emplace_back(static_cast<const char*>(data), len);
    r->field_bytes_ = std::max(r->field_bytes_, len);
  }
  static void OnRow(int, void* self) {
    auto* r = static_cast<CsvReader*>(self);
    r->rows_.push_back({std::move(r->fields_), r->row_start_});
    r->fields_.clear();
    r->row_start_ = r->newlines_ + 1;
    r->line_ = r->row_start_;
  }

  std::unique_ptr<ByteSource> source_;
  ChatOptions options_;
  bool discord_;
  csv_parser parser_{};
  std::deque<Row> rows_;
  std::vector<std::string> fields_, header_;
  size_t text_col_ = SIZE_MAX, author_col_ = SIZE_MAX, time_col_ = SIZE_MAX, attach_col_ = SIZE_MAX;
  size_t newlines_ = 0, row_start_ = 1, line_ = 1, field_bytes_ = 0;
  bool done_ = false, first_block_ = true;
};

Result<std::unique_ptr<LineReader>> Lines(const SourceOpener& opener, const ChatOptions& options) {
  Result<std::unique_ptr<ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  return std::make_unique<LineReader>(std::move(*src), options.max_message_bytes);
}

}  // namespace

bool LooksLikeSignal(const std::string& line) { return RE2::PartialMatch(line, SignalHeader()); }
bool LooksLikeIMessageTime(const std::string& line) { return RE2::PartialMatch(line, IMessageTime()); }

Result<std::unique_ptr<ChatReader>> OpenSignal(SourceOpener opener, const ChatOptions& options) {
  auto lines = Lines(opener, options);
  if (!lines.ok()) return lines.status();
  return std::unique_ptr<ChatReader>(new SignalReader(std::move(*lines), options));
}

Result<std::unique_ptr<ChatReader>> OpenIMessage(SourceOpener opener, const ChatOptions& options) {
  auto lines = Lines(opener, options);
  if (!lines.ok()) return lines.status();
  return std::unique_ptr<ChatReader>(new IMessageReader(std::move(*lines), options));
}

Result<std::unique_ptr<ChatReader>> OpenPlainText(SourceOpener opener, const ChatOptions& options) {
  auto lines = Lines(opener, options);
  if (!lines.ok()) return lines.status();
  return std::unique_ptr<ChatReader>(new PlainTextReader(std::move(*lines)));
}

Result<std::unique_ptr<ChatReader>> OpenJsonl(SourceOpener opener, const ChatOptions& options) {
  auto lines = Lines(opener, options);
  if (!lines.ok()) return lines.status();
  return std::unique_ptr<ChatReader>(new JsonlReader(std::move(*lines), options));
}

Result<std::unique_ptr<ChatReader>> OpenCsv(SourceOpener opener, const ChatOptions& options, bool discord) {
  Result<std::unique_ptr<ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  return std::unique_ptr<ChatReader>(new CsvReader(std::move(*src), options, discord));
}

}  // namespace reframe::internal
