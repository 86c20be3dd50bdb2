// Chat exports that are JSON documents: Telegram Desktop, Facebook Messenger
// and Instagram, DiscordChatExporter, Slack. nlohmann::json parses each file;
// the exports split large histories over files (Messenger, Slack) or are
// modest (Telegram, Discord), so one file at a time bounds memory.
#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "readers/readers.h"
#include "text/encoding.h"
#include "text/position.h"

namespace reframe::internal {
namespace {

using nlohmann::json;

// One parsed JSON file and its name, for messages and errors.
struct JsonFile {
  json doc;
  std::string name;
};

Result<JsonFile> ParseJsonFile(const SourceOpener& opener, const ChatOptions& options) {
  Result<std::unique_ptr<ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  Result<std::string> text = ReadAll(**src, options.max_json_bytes);
  if (!text.ok()) return text.status();
  std::string& t = *text;
  StripUtf8Bom(t);
  // nlohmann's parser recurses per nesting level: refuse absurd nesting
  // before it can exhaust the stack. Chat exports nest a handful of levels.
  if (const size_t at = JsonTooDeep(t, options.max_json_depth); at != std::string::npos) {
    const size_t line = LineAt(t, at);
    return Status(StatusCode::kDataError, (*src)->name() + ":" + std::to_string(line) + ": JSON nested deeper than " +
                                              std::to_string(options.max_json_depth) + " levels (byte " +
                                              std::to_string(at) + "); not a chat export");
  }
  json doc = json::parse(t, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // Parse again with exceptions to learn where it broke (byte offset).
    try {
      json again = json::parse(t);
      (void)again;
    } catch (const json::parse_error& e) {
      const size_t line = LineAt(t, e.byte);
      return Status(StatusCode::kDataError, (*src)->name() + ":" + std::to_string(line) + ": malformed JSON (byte " +
                                                std::to_string(e.byte) + "): " + e.what());
    }
    return Status(StatusCode::kDataError, (*src)->name() + ": malformed JSON");
  }
  return JsonFile{std::move(doc), (*src)->name()};
}

// Calls fill(record, message) for each object in `records` (an array) and
// keeps the message; a record that is not an object is listed and skipped.
template <typename Fill>
void ReadRecords(const json& records, const std::string& name, std::vector<ChatMessage>& out,
                 std::vector<std::string>& problems, Fill&& fill) {
  if (!records.is_array()) return;
  size_t index = 0;
  for (const json& m : records) {
    ++index;
    if (!m.is_object()) {
      problems.push_back(name + ": message " + std::to_string(index) + " is not an object; skipped");
      continue;
    }
    ChatMessage msg;
    msg.source = name;
    msg.line = index;
    fill(m, msg);
    out.push_back(std::move(msg));
  }
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Has(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && !it->is_null() && !(it->is_array() && it->empty());
}

// Messenger writes every UTF-8 byte as its own \u00XX escape: read the code
// points back as bytes, and keep the result if it is valid UTF-8.
std::string FixMojibake(const std::string& s) {
  std::string bytes;
  bytes.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bytes.push_back(static_cast<char>(c));
      ++i;
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {  // U+0080..U+00FF
      bytes.push_back(static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F)));
      i += 2;
    } else {
      return s;  // a code point above U+00FF: not mojibake
    }
  }
  // Valid UTF-8?
  for (size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > bytes.size()) return s;
    for (size_t k = 1; k < n; ++k) {
      if (!IsUtf8Continuation(static_cast<unsigned char>(bytes[i + k]))) return s;
    }
    i += n;
  }
  return bytes;
}

std::string IsoFromMillis(double ms) { return IsoFromUnix(ms / 1000.0); }

// Telegram's text: a string, or an array of strings and {"type","text"} entities.
std::string TelegramText(const json& text) {
  if (text.is_string()) return text.get<std::string>();
  std::string out;
  if (text.is_array()) {
    for (const json& part : text) {
      if (part.is_string())
        out += part.get<std::string>();
      else if (part.is_object())
        out += Str(part, "text");
    }
  }
  return out;
}

void ReadTelegramMessages(const json& messages, const std::string& source, std::vector<ChatMessage>& out,
                          std::vector<std::string>& problems) {
  ReadRecords(messages, source, out, problems, [](const json& m, ChatMessage& msg) {
    msg.author = Str(m, "from");
    if (msg.author.empty() && m.contains("from") && m["from"].is_null()) msg.author = "(deleted account)";
    msg.time = Str(m, "date");
    if (msg.time.empty() && m.contains("date_unixtime")) {
      const json& u = m["date_unixtime"];
      msg.time = IsoFromUnix(u.is_string()   ? std::atof(u.get<std::string>().c_str())
                             : u.is_number() ? u.get<double>()
                                             : 0);
    }
    msg.text = m.contains("text") ? TelegramText(m["text"]) : "";
    if (Str(m, "type") == "service") {
      msg.kind = MessageKind::kEvent;
      msg.author.clear();
      if (msg.text.empty()) msg.text = Str(m, "actor") + " " + Str(m, "action");
    } else if (msg.text.empty()) {
      msg.kind = Has(m, "photo") || Has(m, "file") || Has(m, "media_type") || Has(m, "sticker_emoji") ||
                         Has(m, "poll") || Has(m, "location_information") || Has(m, "contact_information")
                     ? MessageKind::kMedia
                     : MessageKind::kEmpty;
    }
  });
}

std::string SlackText(std::string text, const std::map<std::string, std::string>& users) {
  // <@U123> mentions, <url|label> and <url> links, <!here>; then entities.
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      const size_t close = text.find('>', i);
      if (close != std::string::npos) {
        std::string inner = text.substr(i + 1, close - i - 1);
        const size_t bar = inner.find('|');
        if (inner[0] == '@') {
          const std::string id = inner.substr(1, bar == std::string::npos ? std::string::npos : bar - 1);
          auto it = users.find(id);
          out += "@" + (bar != std::string::npos ? inner.substr(bar + 1) : it != users.end() ? it->second : id);
        } else if (inner[0] == '!') {
          out += "@" + (bar != std::string::npos ? inner.substr(bar + 1) : inner.substr(1));
        } else if (inner[0] == '#') {
          out += "#" + (bar != std::string::npos ? inner.substr(bar + 1) : inner.substr(1));
        } else {
          out += bar != std::string::npos ? inner.substr(bar + 1) : inner;
        }
        i = close + 1;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  std::string decoded;
  for (size_t i = 0; i < out.size();) {
    if (out.compare(i, 5, "&amp;") == 0) {
      decoded += '&';
      i += 5;
    } else if (out.compare(i, 4, "&lt;") == 0) {
      decoded += '<';
      i += 4;
    } else if (out.compare(i, 4, "&gt;") == 0) {
      decoded += '>';
      i += 4;
    } else
      decoded += out[i++];
  }
  return decoded;
}

}  // namespace

size_t JsonTooDeep(std::string_view t, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

std::string IsoFromUnix(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e11) return "";
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::unique_ptr<ChatReader>> OpenTelegram(SourceOpener opener, const ChatOptions& options) {
  Result<JsonFile> file = ParseJsonFile(opener, options);
  if (!file.ok()) return file.status();
  const json& doc = file->doc;
  std::vector<ChatMessage> messages;
  std::vector<std::string> problems;
  if (doc.contains("chats") && doc["chats"].contains("list")) {  // whole-account export
    for (const json& chat : doc["chats"]["list"]) {
      if (chat.is_object() && chat.contains("messages")) {
        ReadTelegramMessages(chat["messages"], file->name + ":" + Str(chat, "name"), messages, problems);
      }
    }
  } else if (doc.contains("messages")) {
    ReadTelegramMessages(doc["messages"], file->name, messages, problems);
  } else {
    return Status(StatusCode::kDataError,
                  file->name + ": not a Telegram export: expected \"messages\" or \"chats\".\"list\"");
  }
  return std::unique_ptr<ChatReader>(new ListReader(ChatFormat::kTelegram, std::move(messages), std::move(problems)));
}

Result<std::unique_ptr<ChatReader>> OpenMessenger(std::vector<SourceOpener> files, const ChatOptions& options) {
  static const char* system_phrases[] = {"'s poll has",
                                         "This poll is no longer available",
                                         " created a poll",
                                         " joined the group",
                                         " left the group",
                                         " named the group",
                                         " changed the group photo",
                                         " started a video chat",
                                         " started a call"};
  std::vector<ChatMessage> messages;
  std::vector<std::string> problems;
  std::vector<double> stamps;
  for (const SourceOpener& opener : files) {
    Result<JsonFile> file = ParseJsonFile(opener, options);
    if (!file.ok()) return file.status();
    if (!file->doc.contains("messages") || !file->doc["messages"].is_array()) {
      return Status(StatusCode::kDataError,
                    file->name + ": not a Messenger/Instagram export: expected a \"messages\" array");
    }
    ReadRecords(file->doc["messages"], file->name, messages, problems, [&](const json& m, ChatMessage& msg) {
      msg.author = FixMojibake(Str(m, "sender_name"));
      const double ms =
          m.contains("timestamp_ms") && m["timestamp_ms"].is_number() ? m["timestamp_ms"].get<double>() : -1;
      msg.time = ms >= 0 ? IsoFromMillis(ms) : "";
      msg.text = FixMojibake(Str(m, "content"));
      const std::string type = Str(m, "type");
      bool system = type == "Subscribe" || type == "Unsubscribe" || type == "Call";
      for (const char* phrase : system_phrases) system = system || msg.text.find(phrase) != std::string::npos;
      if (m.value("is_unsent", false)) {
        msg.kind = MessageKind::kDeleted;
      } else if (system) {
        msg.kind = MessageKind::kEvent;
        msg.author.clear();
      } else if (msg.text.size() > 20 && msg.text.find(" sent an attachment.") != std::string::npos) {
        msg.kind = MessageKind::kMedia;
      } else if (msg.text.empty()) {
        msg.kind = Has(m, "photos") || Has(m, "videos") || Has(m, "audio_files") || Has(m, "gifs") ||
                           Has(m, "sticker") || Has(m, "files") || Has(m, "share")
                       ? MessageKind::kMedia
                       : MessageKind::kEmpty;
      }
      stamps.push_back(ms);
    });
  }
  // Files list the newest first (and message_1.json is the newest file):
  // put everything in time order, keeping the file order for equal times.
  std::vector<size_t> order(messages.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return stamps[a] < stamps[b]; });
  std::vector<ChatMessage> sorted;
  sorted.reserve(messages.size());
  for (size_t i : order) sorted.push_back(std::move(messages[i]));
  return std::unique_ptr<ChatReader>(new ListReader(ChatFormat::kMessenger, std::move(sorted), std::move(problems)));
}

Result<std::unique_ptr<ChatReader>> OpenDiscordJson(SourceOpener opener, const ChatOptions& options) {
  Result<JsonFile> file = ParseJsonFile(opener, options);
  if (!file.ok()) return file.status();
  if (!file->doc.contains("messages") || !file->doc["messages"].is_array()) {
    return Status(StatusCode::kDataError,
                  file->name + ": not a DiscordChatExporter file: expected a \"messages\" array");
  }
  std::vector<ChatMessage> messages;
  std::vector<std::string> problems;
  ReadRecords(file->doc["messages"], file->name, messages, problems, [](const json& m, ChatMessage& msg) {
    if (m.contains("author") && m["author"].is_object()) {
      msg.author = Str(m["author"], "nickname");
      if (msg.author.empty()) msg.author = Str(m["author"], "name");
    }
    msg.time = Str(m, "timestamp");
    msg.text = Str(m, "content");
    const std::string type = Str(m, "type");
    if (!type.empty() && type != "Default" && type != "Reply") {
      msg.kind = MessageKind::kEvent;
      msg.author.clear();
      if (msg.text.empty()) msg.text = type;
    } else if (msg.text.empty()) {
      msg.kind =
          Has(m, "attachments") || Has(m, "embeds") || Has(m, "stickers") ? MessageKind::kMedia : MessageKind::kEmpty;
    }
  });
  return std::unique_ptr<ChatReader>(new ListReader(ChatFormat::kDiscord, std::move(messages), std::move(problems)));
}

namespace {

// "added an integration to this channel: <https://x.slack.com/services/B0JL6UFSL|github>":
// the bot's id and the name its messages go by.
void LearnSlackBot(const std::string& text, std::map<std::string, std::string>& bots) {
  for (size_t at = text.find("/services/"); at != std::string::npos; at = text.find("/services/", at + 1)) {
    const size_t bar = text.find('|', at);
    const size_t close = text.find('>', at);
    if (bar == std::string::npos || close == std::string::npos || bar > close) continue;
    const std::string id = text.substr(at + 10, bar - at - 10);
    if (!id.empty() && id.find('/') == std::string::npos) bots[id] = text.substr(bar + 1, close - bar - 1);
  }
}

// A bot message's author: its profile's name, a name learnt from the
// channel's "bot_add" message, or "bot B0JL6UFSL".
std::string SlackBotName(const json& m, const std::string& bot_id, const std::map<std::string, std::string>& bots) {
  if (m.contains("bot_profile") && m["bot_profile"].is_object()) {
    const std::string name = Str(m["bot_profile"], "name");
    if (!name.empty()) return name;
  }
  auto it = bots.find(bot_id);
  return it != bots.end() && !it->second.empty() ? it->second : "bot " + bot_id;
}

// The text of a message's attachments: each one's pretext and text (or its
// fallback), a line each.
std::string SlackAttachmentText(const json& m) {
  if (!m.contains("attachments") || !m["attachments"].is_array()) return "";
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += '\n';
    out += part;
  };
  for (const json& a : m["attachments"]) {
    if (!a.is_object()) continue;
    const std::string pretext = Str(a, "pretext"), text = Str(a, "text");
    add(pretext);
    add(text);
    if (pretext.empty() && text.empty()) add(Str(a, "fallback"));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<ChatReader>> OpenSlack(SourceOpener users_opener, std::vector<SourceOpener> days,
                                              const ChatOptions& options) {
  static const char* event_subtypes[] = {"channel_join", "channel_leave",   "channel_topic", "channel_purpose",
                                         "channel_name", "channel_archive", "pinned_item",   "group_join",
                                         "group_leave",  "bot_add",         "bot_remove",    "bot_enable",
                                         "bot_disable"};
  std::map<std::string, std::string> users;
  if (users_opener) {
    Result<JsonFile> file = ParseJsonFile(users_opener, options);
    if (!file.ok()) return file.status();
    if (file->doc.is_array()) {
      for (const json& u : file->doc) {
        if (!u.is_object()) continue;
        std::string name = u.contains("profile") && u["profile"].is_object() ? Str(u["profile"], "display_name") : "";
        if (name.empty()) name = Str(u, "real_name");
        if (name.empty()) name = Str(u, "name");
        users[Str(u, "id")] = name;
      }
    }
  }
  std::vector<ChatMessage> messages;
  std::vector<std::string> problems;
  std::map<std::string, std::string> bots;  // bot id -> name, from "bot_add" messages
  for (const SourceOpener& opener : days) {
    Result<JsonFile> file = ParseJsonFile(opener, options);
    if (!file.ok()) return file.status();
    if (!file->doc.is_array()) {
      return Status(StatusCode::kDataError, file->name + ": not a Slack day file: expected an array of messages");
    }
    ReadRecords(file->doc, file->name, messages, problems, [&](const json& m, ChatMessage& msg) {
      const std::string user = Str(m, "user");
      const std::string bot_id = Str(m, "bot_id");
      const std::string subtype = Str(m, "subtype");
      auto it = users.find(user);
      msg.author = it != users.end() && !it->second.empty() ? it->second : Str(m, "username");
      if (msg.author.empty() && !bot_id.empty()) msg.author = SlackBotName(m, bot_id, bots);
      if (msg.author.empty()) msg.author = user;
      const std::string ts = Str(m, "ts");
      msg.time = ts.empty() ? "" : IsoFromUnix(std::atof(ts.c_str()));
      msg.text = SlackText(Str(m, "text"), users);
      if (subtype == "bot_add" || subtype == "bot_enable") LearnSlackBot(Str(m, "text"), bots);
      // Bots (and apps) often write in attachments only: their text is what they said.
      if (msg.text.empty()) msg.text = SlackText(SlackAttachmentText(m), users);
      if (std::find(std::begin(event_subtypes), std::end(event_subtypes), subtype) != std::end(event_subtypes)) {
        msg.kind = MessageKind::kEvent;
        msg.author.clear();
      } else if (subtype == "tombstone" || subtype == "message_deleted") {
        msg.kind = MessageKind::kDeleted;
      } else if (msg.text.empty()) {
        msg.kind =
            Has(m, "files") || Has(m, "file") || Has(m, "attachments") ? MessageKind::kMedia : MessageKind::kEmpty;
      }
    });
  }
  return std::unique_ptr<ChatReader>(new ListReader(ChatFormat::kSlack, std::move(messages), std::move(problems)));
}

}  // namespace reframe::internal
