// Every chat reader over the self-made fixtures (tests/chat/fixtures/,
// expected.json says what each holds), read one message at a time and in
// chunks; and the chat summary's aggregation of a known set of messages.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reframe/chat.h"
#include "reframe/chat_report.h"

namespace reframe {
namespace {

using json = nlohmann::json;

std::string FixtureDir() { return std::string(REFRAME_TESTS_DIR) + "/chat/fixtures/"; }

json Expected() {
  std::ifstream in(FixtureDir() + "expected.json");
  return json::parse(in);
}

// expected.json's "args" are the command's flags; the options they set.
ChatOptions OptionsFor(const json& args) {
  ChatOptions options;
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    const std::string flag = args[i], value = args[i + 1];
    if (flag == "--text-field") options.text_field = value;
    if (flag == "--author-field") options.author_field = value;
    if (flag == "--time-field") options.time_field = value;
  }
  return options;
}

// [kind, author, time, text], as expected.json writes a message (null for
// an empty author or time).
json Row(const ChatMessage& m) {
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json::array({std::string(MessageKindName(m.kind)), or_null(m.author), or_null(m.time), m.text});
}

struct Read {
  std::vector<ChatMessage> messages;
  size_t problems = 0;
  ChatFormat format = ChatFormat::kAuto;
};

Read ReadAll(const std::string& path, const ChatOptions& options) {
  Read r;
  auto reader = OpenChat(path, ChatFormat::kAuto, options);
  EXPECT_TRUE(reader.ok()) << path << ": " << reader.status().message();
  if (!reader.ok()) return r;
  for (ChatMessage m;;) {
    Result<bool> more = (*reader)->Next(m);
    EXPECT_TRUE(more.ok()) << path << ": " << more.status().message();
    if (!more.ok() || !*more) break;
    r.messages.push_back(m);
  }
  r.problems = (*reader)->problems().size();
  r.format = (*reader)->format();
  return r;
}

Read ReadChunks(const std::string& path, ChatOptions options) {
  options.chunk_bytes = 64;  // many chunks even for a small file
  Read r;
  auto reader = OpenChat(path, ChatFormat::kAuto, options);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (!reader.ok()) return r;
  std::vector<std::string> problems;
  for (;;) {
    auto chunk = (*reader)->NextChunk();
    EXPECT_TRUE(chunk.ok()) << chunk.status().message();
    if (!chunk.ok() || !*chunk) break;
    EXPECT_TRUE((*chunk)->Parse(r.messages, problems).ok());
  }
  (*reader)->AddProblems(problems);
  r.problems = (*reader)->problems().size();
  return r;
}

TEST(Readers, EveryFixtureReadsAsExpected) {
  const json expected = Expected();
  size_t checked = 0;
  for (const auto& [name, want] : expected.items()) {
    if (want.contains("mtime")) continue;  // dated by the file's own time: the Python test sets it
    SCOPED_TRACE(name);
    const ChatOptions options = OptionsFor(want["args"]);
    const Read got = ReadAll(FixtureDir() + name, options);
    ASSERT_EQ(got.messages.size(), want["messages"].size());
    for (size_t i = 0; i < got.messages.size(); ++i) {
      json row = want["messages"][i];
      row.erase(4);  // the categories: the analyzer's business, not the reader's
      EXPECT_EQ(Row(got.messages[i]), row) << "message " << i;
      EXPECT_GT(got.messages[i].line, 0u) << "message " << i;
    }
    EXPECT_EQ(got.problems, want["problems"].get<size_t>());
    EXPECT_NE(got.format, ChatFormat::kAuto);
    // Chunks give exactly the messages and problems Next() gives.
    const Read chunked = ReadChunks(FixtureDir() + name, options);
    ASSERT_EQ(chunked.messages.size(), got.messages.size());
    for (size_t i = 0; i < got.messages.size(); ++i) {
      EXPECT_EQ(Row(chunked.messages[i]), Row(got.messages[i])) << "chunked message " << i;
      EXPECT_EQ(chunked.messages[i].line, got.messages[i].line) << "chunked message " << i;
    }
    EXPECT_EQ(chunked.problems, got.problems);
    ++checked;
  }
  EXPECT_GE(checked, 18u);  // every format's fixture was read
}

TEST(Readers, FormatIsDetectedFromContent) {
  const std::pair<const char*, ChatFormat> cases[] = {
      {"whatsapp_android.txt", ChatFormat::kWhatsApp},
      {"whatsapp.zip", ChatFormat::kWhatsApp},
      {"telegram.json", ChatFormat::kTelegram},
      {"signal.txt", ChatFormat::kSignal},
      {"discord.json", ChatFormat::kDiscord},
      {"imessage.txt", ChatFormat::kIMessage},
      {"messenger", ChatFormat::kMessenger},
      {"slack", ChatFormat::kSlack},
      {"plain.txt", ChatFormat::kText},
  };
  for (const auto& [name, format] : cases) {
    EXPECT_EQ(ReadAll(FixtureDir() + name, {}).format, format) << name;
  }
}

TEST(Readers, MissingFileAndUnknownShapeNameThePath) {
  auto missing = OpenChat(FixtureDir() + "no-such-export.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no-such-export.txt"), std::string::npos) << missing.status().message();
  auto unknown = OpenChat(FixtureDir() + "unknown_shape.txt");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kDataError);
  EXPECT_NE(unknown.status().message().find("unknown_shape.txt"), std::string::npos) << unknown.status().message();
}

ChatMessage Message(const std::string& author, const std::string& time, MessageKind kind = MessageKind::kText) {
  ChatMessage m;
  m.author = author;
  m.time = time;
  m.text = "x";
  m.kind = kind;
  return m;
}

Report WithFindings(std::initializer_list<const char*> categories) {
  Report r;
  for (const char* c : categories) {
    Finding f;
    f.category = c;
    f.rule = std::string(c) + "/test";
    r.findings.push_back(f);
  }
  return r;
}

// The summary counts what it is given, by kind, author, category and month.
TEST(ChatSummary, AggregatesByKindAuthorCategoryAndMonth) {
  ChatSummary s;
  const Report criticism = WithFindings({"criticism"});
  const Report two = WithFindings({"criticism", "defensiveness"});
  const Report none;
  s.Add(Message("Sam", "2024-01-05T10:00:00"), &criticism);
  s.Add(Message("Sam", "2024-01-20T10:00:00"), &two);
  s.Add(Message("Alex", "2024-02-01T10:00:00"), &none);
  s.Add(Message("Alex", "2024-02-01T10:01:00", MessageKind::kMedia), nullptr);
  s.Add(Message("Alex", "2024-02-01T10:02:00", MessageKind::kDeleted), nullptr);
  s.Add(Message("", "2024-02-01T10:03:00", MessageKind::kEvent), nullptr);
  s.AddProblems(2);
  EXPECT_EQ(s.messages(), 5u);  // events are not messages
  EXPECT_EQ(s.analysed(), 3u);
  const json j = json::parse(s.Json());
  EXPECT_EQ(j["messages"], 5);
  EXPECT_EQ(j["analysed"], 3);
  EXPECT_EQ(j["skipped"]["media"], 1);
  EXPECT_EQ(j["skipped"]["deleted"], 1);
  EXPECT_EQ(j["skipped"]["empty"], 0);
  EXPECT_EQ(j["events"], 1);
  EXPECT_EQ(j["problems"], 2);
  EXPECT_EQ(j["by_category"]["criticism"], 2);
  EXPECT_EQ(j["by_category"]["defensiveness"], 1);
  EXPECT_EQ(j["by_category"]["withdrawal"], 0);
  EXPECT_EQ(j["by_author"]["Sam"]["messages"], 2);
  EXPECT_EQ(j["by_author"]["Sam"]["findings"]["criticism"], 2);
  EXPECT_EQ(j["by_author"]["Alex"]["messages"], 3);
  EXPECT_EQ(j["by_author"]["Alex"]["findings"]["criticism"], 0);
  ASSERT_TRUE(j["by_month"].contains("2024-01")) << j["by_month"].dump();
  ASSERT_TRUE(j["by_month"].contains("2024-02")) << j["by_month"].dump();
  EXPECT_NE(j["by_month"]["2024-01"].dump(), j["by_month"]["2024-02"].dump());
}

// A reply to a criticism with defensiveness is counted as a response.
TEST(ChatSummary, CountsResponses) {
  ChatSummary s;
  const Report criticism = WithFindings({"criticism"});
  const Report defensive = WithFindings({"defensiveness"});
  s.Add(Message("Sam", "2024-01-05T10:00:00"), &criticism);
  ChatReply reply{"Sam", "2024-01-05T10:00:00", "x", {"criticism"}};
  s.Add(Message("Alex", "2024-01-05T10:01:00"), &defensive, &reply);
  s.Add(Message("Alex", "2024-01-05T10:02:00"), &defensive, &reply);
  const json j = json::parse(s.Json());
  ASSERT_TRUE(j["responses"].is_array()) << j.dump();
  bool found = false;
  for (const json& r : j["responses"]) {
    if (r["to"] == "criticism" && r["reply"] == "defensiveness" && r["from"] == "Sam" && r["by"] == "Alex") {
      EXPECT_EQ(r["count"], 2);
      found = true;
    }
  }
  EXPECT_TRUE(found) << j["responses"].dump();
}

}  // namespace
}  // namespace reframe
