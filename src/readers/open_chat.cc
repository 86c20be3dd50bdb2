// reframe::OpenChat: which export is this, and which reader reads it.
#include <algorithm>
#include <filesystem>

#include "readers/readers.h"
#include "text/encoding.h"

namespace reframe {

using internal::SourceOpener;

namespace {

constexpr std::pair<ChatFormat, std::string_view> kNames[] = {{ChatFormat::kAuto, "auto"},
                                                              {ChatFormat::kWhatsApp, "whatsapp"},
                                                              {ChatFormat::kTelegram, "telegram"},
                                                              {ChatFormat::kSignal, "signal"},
                                                              {ChatFormat::kDiscord, "discord"},
                                                              {ChatFormat::kIMessage, "imessage"},
                                                              {ChatFormat::kMessenger, "messenger"},
                                                              {ChatFormat::kSlack, "slack"},
                                                              {ChatFormat::kJsonl, "jsonl"},
                                                              {ChatFormat::kCsv, "csv"},
                                                              {ChatFormat::kText, "text"}};

bool EndsWith(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), s.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

// The first `n` bytes of a source, for sniffing.
Result<std::string> Peek(const SourceOpener& opener, size_t n) {
  Result<std::unique_ptr<internal::ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  std::string head;
  while (head.size() < n) {
    Result<size_t> got = (*src)->Read(head, n - head.size());
    if (!got.ok()) return got.status();
    if (*got == 0) break;
  }
  return head;
}

// Guesses the format of one file from its name and first bytes. Sets
// `unknown_shape` (and returns kAuto) for a file whose lines mostly start
// with a date but fit no known header: an export in a shape not known here,
// which read as plain text would become one long "message".
// `format_option` is how the refusal names the option that picks a format.
ChatFormat Sniff(const std::string& name, const std::string& head, std::string* unknown_shape,
                 const std::string& format_option) {
  std::string h = head;
  internal::StripUtf8Bom(h);
  const size_t first = h.find_first_not_of(" \t\r\n");
  const char c = first == std::string::npos ? 0 : h[first];
  // Text exports first: WhatsApp iOS and Signal lines start with "[" too.
  size_t pos = 0, lines = 0, dated = 0, first_dated = 0;
  std::string sample;
  for (int i = 0; i < 40 && pos < h.size(); ++i) {
    size_t nl = h.find('\n', pos);
    std::string line = h.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = nl == std::string::npos ? h.size() : nl + 1;
    if (line.empty()) continue;
    if (internal::LooksLikeSignal(line)) return ChatFormat::kSignal;
    if (internal::LooksLikeWhatsApp(line)) return ChatFormat::kWhatsApp;
    if (internal::LooksLikeIMessageTime(line)) return ChatFormat::kIMessage;
    ++lines;
    if (internal::LooksLikeDateLine(line)) {
      if (dated++ == 0) {
        first_dated = static_cast<size_t>(i) + 1;
        sample = line.substr(0, 120);
      }
    }
  }
  if (dated >= 3 && dated * 3 >= lines && unknown_shape && !EndsWith(name, ".csv")) {
    *unknown_shape = name + ":" + std::to_string(first_dated) + ": looks like a chat export (" + std::to_string(dated) +
                     " of the first " + std::to_string(lines) +
                     " lines start with a date), but no line fits a message header shape reframe knows, e.g. '" +
                     sample + "'; name the format with " + format_option + ", or read it as plain text with " +
                     format_option + " text";
    return ChatFormat::kAuto;
  }
  if (c == '{' || c == '[') {
    if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson")) return ChatFormat::kJsonl;
    if (h.find("\"sender_name\"") != std::string::npos || h.find("\"participants\"") != std::string::npos)
      return ChatFormat::kMessenger;
    if (h.find("\"guild\"") != std::string::npos ||
        (h.find("\"author\"") != std::string::npos && h.find("\"content\"") != std::string::npos &&
         h.find("\"timestamp\"") != std::string::npos)) {
      return ChatFormat::kDiscord;
    }
    if (h.find("\"date_unixtime\"") != std::string::npos || h.find("\"chats\"") != std::string::npos ||
        h.find("\"from_id\"") != std::string::npos ||
        (h.find("\"messages\"") != std::string::npos && h.find("\"from\"") != std::string::npos)) {
      return ChatFormat::kTelegram;
    }
    if (h.find("\"ts\"") != std::string::npos) return ChatFormat::kSlack;
    // One object per line?
    const size_t nl = h.find('\n', first);
    if (c == '{' && nl != std::string::npos && h.find_last_not_of(" \t\r", nl) != std::string::npos &&
        h[h.find_last_not_of(" \t\r", nl - 1)] == '}') {
      return ChatFormat::kJsonl;
    }
    return ChatFormat::kAuto;
  }
  if (EndsWith(name, ".csv")) {
    return h.rfind("\"AuthorID\",\"Author\",\"Date\",\"Content\"", 0) == 0 ||
                   h.rfind("AuthorID,Author,Date,Content", 0) == 0
               ? ChatFormat::kDiscord
               : ChatFormat::kCsv;
  }
  if (EndsWith(name, ".txt") || EndsWith(name, ".text")) return ChatFormat::kText;
  return ChatFormat::kAuto;
}

Result<std::unique_ptr<ChatReader>> OpenOne(ChatFormat format, const SourceOpener& opener, const ChatOptions& options) {
  switch (format) {
    case ChatFormat::kWhatsApp:
      return internal::OpenWhatsApp(opener, options);
    case ChatFormat::kTelegram:
      return internal::OpenTelegram(opener, options);
    case ChatFormat::kSignal:
      return internal::OpenSignal(opener, options);
    case ChatFormat::kIMessage:
      return internal::OpenIMessage(opener, options);
    case ChatFormat::kMessenger:
      return internal::OpenMessenger({opener}, options);
    case ChatFormat::kSlack:
      return internal::OpenSlack(nullptr, {opener}, options);
    case ChatFormat::kJsonl:
      return internal::OpenJsonl(opener, options);
    case ChatFormat::kCsv:
      return internal::OpenCsv(opener, options, false);
    case ChatFormat::kText:
      return internal::OpenPlainText(opener, options);
    case ChatFormat::kDiscord:
      break;
    case ChatFormat::kAuto:
      break;
  }
  return Status(StatusCode::kInvalidArgument, "unreachable");
}

Result<std::unique_ptr<ChatReader>> OpenDirectory(const std::string& path, ChatFormat format,
                                                  const ChatOptions& options) {
  namespace fs = std::filesystem;
  std::vector<fs::path> messenger, days;
  std::error_code ec;
  const bool slack_markers =
      fs::exists(fs::path(path) / "users.json", ec) || fs::exists(fs::path(path) / "channels.json", ec);
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string fname = it->path().filename().string();
    if (fname.rfind("message_", 0) == 0 && EndsWith(fname, ".json"))
      messenger.push_back(it->path());
    else if (it.depth() == 1 && EndsWith(fname, ".json") && fname.size() == 15 && fname[4] == '-' && fname[7] == '-')
      days.push_back(it->path());
  }
  if (ec) return Status(StatusCode::kIoError, path + ": " + ec.message());
  auto opener_for = [](const fs::path& p) -> SourceOpener {
    return [p] { return internal::OpenFileSource(p.string()); };
  };
  if ((format == ChatFormat::kAuto || format == ChatFormat::kSlack) &&
      (slack_markers || (!days.empty() && messenger.empty()))) {
    std::sort(days.begin(), days.end());
    std::vector<SourceOpener> openers;
    for (const auto& d : days) openers.push_back(opener_for(d));
    const fs::path users = fs::path(path) / "users.json";
    return internal::OpenSlack(fs::exists(users, ec) ? opener_for(users) : SourceOpener(), std::move(openers), options);
  }
  if ((format == ChatFormat::kAuto || format == ChatFormat::kMessenger) && !messenger.empty()) {
    std::sort(messenger.begin(), messenger.end());
    std::vector<SourceOpener> openers;
    for (const auto& m : messenger) openers.push_back(opener_for(m));
    return internal::OpenMessenger(std::move(openers), options);
  }
  return Status(StatusCode::kDataError,
                path +
                    ": a folder, but neither a Slack export (users.json, channel/YYYY-MM-DD.json) "
                    "nor a Messenger export (message_1.json ...)");
}

Result<std::unique_ptr<ChatReader>> OpenZip(const std::string& path, ChatFormat format, const ChatOptions& options) {
  auto archive = internal::ZipArchive::Open(path);
  if (!archive.ok()) return archive.status();
  std::shared_ptr<internal::ZipArchive> zip = *archive;
  const size_t limit = options.max_unzipped_bytes;
  const std::string& limit_name = options.option_names.max_unzipped_bytes;
  auto opener_for = [zip, limit, limit_name](const std::string& entry) -> SourceOpener {
    return [zip, entry, limit, limit_name] { return zip->OpenEntry(entry, limit, limit_name); };
  };
  std::vector<std::string> days, texts;
  bool slack = false;
  for (const std::string& e : zip->entries()) {
    const std::string base = e.substr(e.rfind('/') == std::string::npos ? 0 : e.rfind('/') + 1);
    if (base == "users.json" || base == "channels.json") slack = true;
    if (EndsWith(base, ".json") && base.size() == 15 && base[4] == '-' && base[7] == '-') days.push_back(e);
    if (EndsWith(base, ".txt") && base.rfind("._", 0) != 0) texts.push_back(e);
  }
  if ((format == ChatFormat::kAuto && slack) || format == ChatFormat::kSlack) {
    std::sort(days.begin(), days.end());
    std::vector<SourceOpener> openers;
    for (const auto& d : days) openers.push_back(opener_for(d));
    std::string users;
    for (const std::string& e : zip->entries()) {
      if (e == "users.json" || (EndsWith(e, "/users.json") && std::count(e.begin(), e.end(), '/') == 1)) users = e;
    }
    return internal::OpenSlack(users.empty() ? SourceOpener() : opener_for(users), std::move(openers), options);
  }
  // WhatsApp puts the chat in _chat.txt (iOS) or "WhatsApp Chat with X.txt".
  std::sort(texts.begin(), texts.end(), [](const std::string& a, const std::string& b) {
    const bool ca = a.find("_chat.txt") != std::string::npos, cb = b.find("_chat.txt") != std::string::npos;
    return ca != cb ? ca : a < b;
  });
  if (texts.empty()) {
    return Status(StatusCode::kDataError,
                  path + ": a zip archive with neither a chat .txt (WhatsApp) nor a Slack export in it");
  }
  const SourceOpener opener = opener_for(texts.front());
  ChatFormat f = format;
  if (f == ChatFormat::kAuto) {
    Result<std::string> head = Peek(opener, 16384);
    if (!head.ok()) return head.status();
    std::string unknown_shape;
    f = Sniff(path + ":" + texts.front(), *head, &unknown_shape, options.option_names.format);
    if (!unknown_shape.empty()) return Status(StatusCode::kDataError, unknown_shape);
    if (f == ChatFormat::kAuto) f = ChatFormat::kText;
  }
  if (f == ChatFormat::kDiscord) return internal::OpenCsv(opener, options, true);
  return OpenOne(f, opener, options);
}

}  // namespace

Result<std::unique_ptr<ChatChunk>> ChatReader::NextChunk() {
  // Formats read one message at a time: a batch of them, already parsed.
  std::vector<ChatMessage> batch;
  size_t bytes = 0;
  while (batch.size() < 1024 && bytes < (size_t{256} << 10)) {
    ChatMessage m;
    Result<bool> more = Next(m);
    if (!more.ok()) {
      if (batch.empty()) return more.status();
      return std::unique_ptr<ChatChunk>(new internal::ParsedChunk(std::move(batch), more.status()));
    }
    if (!*more) break;
    bytes += m.text.size() + 64;
    batch.push_back(std::move(m));
  }
  if (batch.empty()) return std::unique_ptr<ChatChunk>();
  return std::unique_ptr<ChatChunk>(new internal::ParsedChunk(std::move(batch), Status()));
}

std::string_view ChatFormatName(ChatFormat format) {
  for (const auto& [f, n] : kNames) {
    if (f == format) return n;
  }
  return "auto";
}

bool ParseChatFormat(std::string_view name, ChatFormat* out) {
  for (const auto& [f, n] : kNames) {
    if (n == name) {
      *out = f;
      return true;
    }
  }
  return false;
}

std::string_view MessageKindName(MessageKind kind) {
  switch (kind) {
    case MessageKind::kText:
      return "text";
    case MessageKind::kMedia:
      return "media";
    case MessageKind::kDeleted:
      return "deleted";
    case MessageKind::kEmpty:
      return "empty";
    case MessageKind::kEvent:
      return "event";
  }
  return "text";
}

Result<std::unique_ptr<ChatReader>> OpenChat(const std::string& path, ChatFormat format, const ChatOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status(StatusCode::kNotFound, path + ": no such file or directory");
  if (fs::is_directory(path, ec)) return OpenDirectory(path, format, options);
  SourceOpener opener = [path] { return internal::OpenFileSource(path); };
  Result<std::string> head = Peek(opener, 16384);
  if (!head.ok()) return head.status();
  if (head->compare(0, 4, "PK\x03\x04") == 0 || EndsWith(path, ".zip")) return OpenZip(path, format, options);
  if (format == ChatFormat::kAuto) {
    std::string unknown_shape;
    format = Sniff(path, *head, &unknown_shape, options.option_names.format);
    if (!unknown_shape.empty()) return Status(StatusCode::kDataError, unknown_shape);
    if (format == ChatFormat::kAuto) {
      return Status(StatusCode::kDataError,
                    path + ": cannot tell which chat export this is; name it with " + options.option_names.format +
                        " "
                        "whatsapp|telegram|signal|discord|imessage|messenger|slack|jsonl|csv|text");
    }
  }
  if (format == ChatFormat::kDiscord) {
    const std::string& h = *head;
    const size_t first = h.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && (h[first] == '{' || h[first] == '['))
      return internal::OpenDiscordJson(opener, options);
    return internal::OpenCsv(opener, options, true);
  }
  return OpenOne(format, opener, options);
}

}  // namespace reframe
