// The public input sources, writers and runs (reframe/input.h, writer.h,
// chat_report.h, run.h): what the CLI is built from, used as a program would.
#include "reframe/run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "reframe/input.h"
#include "reframe/lexicon.h"
#include "reframe/writer.h"

namespace reframe {
namespace {

const Analyzer& Builtin() {
  static const Analyzer analyzer = std::move(*Analyzer::Create(Lexicon::Builtin()));
  return analyzer;
}

// A file in the test's temporary directory holding `data`.
std::string TempFile(const std::string& name, const std::string& data) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

std::string Fixture(const std::string& name) { return std::string(REFRAME_TESTS_DIR) + "/chat/fixtures/" + name; }

// Every line of `text` as a message, through a CheckRun.
std::string CheckLines(const std::string& text, OutputFormat format, unsigned threads,
                       std::vector<std::string>* problems = nullptr, RunOptions options = {}) {
  std::ostringstream out;
  ReportWriter writer(out, format);
  options.lines = true;
  options.threads = threads;
  CheckRun run(Builtin(), writer, options, [problems](const std::string& p) {
    if (problems) problems->push_back(p);
  });
  run.AddText("t", text);
  run.Finish();
  writer.Finish();
  return out.str();
}

TEST(ReportWriter, JsonIsOneDocumentWithTheRunSummary) {
  std::ostringstream out;
  ReportWriter writer(out, OutputFormat::kJson);
  MessageContext ctx;
  ctx.source = "a.txt";
  for (const char* text : {"I feel numb.", "Thank you.", "Landed!"}) writer.Write(Builtin().Analyze(text), ctx, text);
  writer.Finish();
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["format_version"], 1);
  ASSERT_EQ(doc["messages"].size(), 3u);
  EXPECT_EQ(doc["summary"]["messages"], 3);
  EXPECT_EQ(doc["summary"]["findings"], 1);
  EXPECT_EQ(doc["summary"]["strengths"], 1);
  EXPECT_EQ(doc["summary"]["by_category"]["withdrawal"], 1);
  EXPECT_EQ(writer.summary().FindingsAtLeast(Severity::kInfo), 1u);
  EXPECT_EQ(writer.summary().FindingsAtLeast(Severity::kError), 0u);
}

TEST(ReportWriter, ChunksFormattedApartWriteTheSameAsOneByOne) {
  const std::vector<std::string> texts = {"I feel numb.", "You never listen.", "", "Thank you, I'm scared."};
  MessageContext ctx;
  ctx.source = "a.txt";
  for (OutputFormat format : {OutputFormat::kText, OutputFormat::kJson, OutputFormat::kJsonl}) {
    std::ostringstream one, chunked;
    ReportWriter a(one, format), b(chunked, format);
    ReportWriter::Chunk first, second;
    for (size_t i = 0; i < texts.size(); ++i) {
      const Report report = Builtin().Analyze(texts[i]);
      ctx.line = i + 1;
      a.Write(report, ctx, texts[i]);
      b.Format(report, ctx, texts[i], i < 2 ? first : second);
    }
    b.Write(first);
    b.Write(second);
    a.Finish();
    b.Finish();
    EXPECT_EQ(one.str(), chunked.str()) << OutputFormatName(format);
  }
  OutputFormat parsed;
  EXPECT_TRUE(ParseOutputFormat("jsonl", &parsed));
  EXPECT_EQ(parsed, OutputFormat::kJsonl);
  EXPECT_FALSE(ParseOutputFormat("xml", &parsed));
}

TEST(CheckRun, OneObjectPerLineInOrderWhateverTheThreads) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += i % 3 ? "Landed, see you soon!\n" : "You never listen to me.\r\n";
  text += "no newline at the end";
  const std::string one = CheckLines(text, OutputFormat::kJsonl, 1);
  EXPECT_EQ(one, CheckLines(text, OutputFormat::kJsonl, 4));
  std::istringstream lines(one);
  size_t n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const auto j = nlohmann::json::parse(line);
    ASSERT_EQ(j["line"], n + 1);
    EXPECT_EQ(j["findings"].size(), n < 3000 && n % 3 == 0 ? 1u : 0u) << n;
  }
  EXPECT_EQ(n, 3001u);
}

TEST(CheckRun, BadLinesAreReportedInTheirPlace) {
  std::vector<std::string> problems;
  RunOptions options;
  options.max_message_bytes = 15;
  const char kText[] = "ok\nbin\0ary\nthis line is too long\nI feel numb.\n";
  const std::string out = CheckLines(std::string(kText, sizeof kText - 1), OutputFormat::kJsonl, 2, &problems, options);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "t:2: binary data (NUL byte); line not analysed");
  // Library errors name the library's option, not a command's flag.
  EXPECT_EQ(problems[1], "t:3: message longer than 0 MiB; not analysed (max_message_bytes)");
  std::istringstream lines(out);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_FALSE(rows[0].contains("error"));
  EXPECT_EQ(rows[1]["error"], "binary data (NUL byte) in this line; not analysed");
  EXPECT_TRUE(rows[2].contains("error"));
  EXPECT_FALSE(rows[3].contains("error"));
  EXPECT_EQ(rows[3]["findings"].size(), 1u);
}

TEST(CheckRun, FilesWholeOrByLineAndErrorsAfterWhatCameBefore) {
  const std::string path = TempFile("drafts.txt", "I feel numb.\nYou never listen.\n");
  for (bool lines : {false, true}) {
    std::ostringstream out;
    ReportWriter writer(out, OutputFormat::kJsonl);
    RunOptions options;
    options.lines = lines;
    CheckRun run(Builtin(), writer, options, nullptr);
    ASSERT_TRUE(run.AddFile(path).ok());
    const size_t before = out.str().size();
    Status missing = run.AddFile(path + ".missing");
    EXPECT_EQ(missing.code(), StatusCode::kNotFound);
    EXPECT_NE(missing.message().find("drafts.txt.missing"), std::string::npos);
    EXPECT_GT(out.str().size(), before) << "what came before is written before the error";
    run.Finish();
    EXPECT_EQ(writer.summary().messages, lines ? 2u : 1u);
    EXPECT_EQ(writer.summary().findings, 2u);
    EXPECT_FALSE(run.had_errors());
  }
}

TEST(Input, ReadDraftConvertsUtf16AndRefusesBinary) {
  const std::string utf16le("\xFF\xFEI\0 \0f\0e\0e\0l\0 \0n\0u\0m\0b\0.\0", 26);
  auto text = ReadDraft(TempFile("utf16.txt", utf16le));
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "I feel numb.");
  auto odd = ReadDraft(TempFile("odd.txt", utf16le + "x"));
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.status().message().find("truncated UTF-16"), std::string::npos);
  auto binary = ReadDraft(TempFile("bin.txt", std::string("a\nb\nc\0d", 7)));
  ASSERT_FALSE(binary.ok());
  EXPECT_EQ(binary.status().code(), StatusCode::kDataError);
  EXPECT_NE(binary.status().message().find("bin.txt:3: binary data (NUL byte at byte 5)"), std::string::npos);
  auto directory = ReadDraft(::testing::TempDir());
  EXPECT_EQ(directory.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(InputName("-"), "<stdin>");
}

TEST(Input, DraftRequestReadsTextAndOptionalContext) {
  auto full = ParseDraftRequest(R"({"text": "Fine.", "reply_to": "Can we talk?", "profile": "partner", "x": 1})");
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(full->text, "Fine.");
  EXPECT_EQ(full->reply_to, "Can we talk?");
  EXPECT_EQ(full->profile, "partner");
  auto bare = ParseDraftRequest(R"({"text": "caf\u00e9", "reply_to": null})");
  ASSERT_TRUE(bare.ok()) << bare.status().message();
  EXPECT_EQ(bare->text, "caf\xC3\xA9");
  EXPECT_FALSE(bare->reply_to.has_value());
  EXPECT_FALSE(bare->profile.has_value());
}

TEST(Input, DraftRequestErrorsSayWhatIsWrongWithoutTheInput) {
  auto message = [](std::string_view json) {
    auto request = ParseDraftRequest(json);
    EXPECT_FALSE(request.ok()) << json;
    EXPECT_EQ(request.status().code(), StatusCode::kInvalidArgument) << json;
    return request.ok() ? std::string() : request.status().message();
  };
  const std::string broken = message(R"({"text": "my secret draft)");
  EXPECT_NE(broken.find("not valid JSON"), std::string::npos) << broken;
  EXPECT_NE(broken.find("line 1"), std::string::npos) << broken;
  EXPECT_EQ(broken.find("secret"), std::string::npos) << broken;
  EXPECT_NE(message("\"a string\"").find("JSON object"), std::string::npos);
  EXPECT_NE(message("{}").find("\"text\""), std::string::npos);
  EXPECT_NE(message(R"({"text": 4})").find("\"text\""), std::string::npos);
  EXPECT_NE(message(R"({"text": "a", "reply_to": ["x"]})").find("\"reply_to\""), std::string::npos);
  EXPECT_NE(message(R"({"text": "a", "profile": 3})").find("\"profile\""), std::string::npos);
  EXPECT_NE(message(R"({"text": "a\u0000b"})").find("NUL"), std::string::npos);
  EXPECT_NE(message(R"({"text": "a", "reply_to": "\u0000"})").find("NUL"), std::string::npos);
  EXPECT_NE(message("{\"text\": \"bad \xC3\x28\"}").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message(std::string(60000, '[')).find("not valid JSON"), std::string::npos);
}

TEST(Input, LineBatchesCoverEveryLineOnce) {
  std::string text;
  for (int i = 1; i <= 500; ++i) text += "line " + std::to_string(i) + "\n";
  for (bool from_file : {false, true}) {
    auto reader = from_file ? LineBatchReader::Open(TempFile("lines.txt", text), 100)
                            : Result<LineBatchReader>(LineBatchReader::FromText("t", text, 100));
    ASSERT_TRUE(reader.ok());
    std::string joined;
    size_t next_line = 1, batches = 0;
    LineBatch batch;
    for (;;) {
      Result<bool> more = reader->Next(batch);
      ASSERT_TRUE(more.ok());
      if (!*more) break;
      ++batches;
      EXPECT_EQ(batch.first_line, next_line);
      EXPECT_EQ(batch.data->back(), '\n') << "whole lines";
      next_line += static_cast<size_t>(std::count(batch.data->begin(), batch.data->end(), '\n'));
      joined += *batch.data;
    }
    EXPECT_EQ(joined, text);
    EXPECT_GT(batches, 20u);
  }
}

TEST(AnalyzeChat, WritesEverySelectedMessageInOrder) {
  auto reader = OpenChat(Fixture("whatsapp_android.txt"));
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  std::ostringstream out;
  ChatWriter writer(out, ChatReportFormat::kJsonl, "chat.txt");
  ChatRunOptions options;
  options.threads = 2;
  options.author = "Sam";
  Result<size_t> read = AnalyzeChat(**reader, Builtin(), options, writer);
  ASSERT_TRUE(read.ok()) << read.status().message();
  writer.Finish((*reader)->format(), (*reader)->problems().size());
  EXPECT_EQ(*read, 7u);
  std::istringstream lines(out.str());
  size_t n = 0;
  for (std::string line; std::getline(lines, line); ++n) EXPECT_EQ(nlohmann::json::parse(line)["author"], "Sam");
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(writer.summary().messages(), 3u);
  EXPECT_EQ(writer.summary().analysed(), 2u);

  ChatRunOptions bad;
  bad.only_category = "rudeness";
  auto again = OpenChat(Fixture("whatsapp_android.txt"));
  ASSERT_TRUE(again.ok());
  Result<size_t> refused = AnalyzeChat(**again, Builtin(), bad, writer);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
}

// A WhatsApp export read in many small chunks: every message once, in
// order, whatever the threads; what the chunks' parsing skipped ends up in
// the reader's problems(), in file order; an error in a late chunk comes
// after everything before it is written.
TEST(AnalyzeChat, ChunksParsedOnWorkersComeBackInOrderWithTheirProblems) {
  std::string chat;
  for (int i = 0; i < 400; ++i) {
    const std::string day = std::to_string(10 + i % 18);
    chat += day + "/01/20, 10:" + std::to_string(10 + i % 50) + " - " + (i % 2 ? "Ann" : "Ben") + ": message " +
            std::to_string(i) + (i % 7 == 0 ? "\nYou never listen." : "") + "\n";
    if (i == 150 || i == 300) chat += "02/31/20, 10:00 - Ann: no such day\n";
  }
  const std::string path = TempFile("chunked.txt", chat);
  ChatOptions small;
  small.chunk_bytes = 300;  // dozens of chunks
  std::string outputs[2];
  for (unsigned threads : {1u, 2u}) {
    auto reader = OpenChat(path, ChatFormat::kAuto, small);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    std::ostringstream out;
    ChatWriter writer(out, ChatReportFormat::kJsonl, "chunked.txt");
    ChatRunOptions options;
    options.threads = threads;
    Result<size_t> read = AnalyzeChat(**reader, Builtin(), options, writer);
    ASSERT_TRUE(read.ok()) << read.status().message();
    EXPECT_EQ(*read, 402u);
    const std::vector<std::string>& problems = (*reader)->problems();
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_NE(problems[0].find("chunked.txt:"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("'02/31/20, 10:00' is no possible date"), std::string::npos) << problems[0];
    EXPECT_LT(std::stoul(problems[0].substr(problems[0].find(".txt:") + 5)),
              std::stoul(problems[1].substr(problems[1].find(".txt:") + 5)));
    outputs[threads - 1] = out.str();
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  std::istringstream lines(outputs[0]);
  size_t n = 0, last_line = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const auto row = nlohmann::json::parse(line);
    EXPECT_GT(row["line"].get<size_t>(), last_line);
    last_line = row["line"].get<size_t>();
  }
  EXPECT_EQ(n, 402u);

  // A message over the limit in the middle: the messages before it are
  // written, then the error names its line.
  std::string long_message = "15/01/20, 11:00 - Ann: start\n";
  for (int i = 0; i < 40; ++i) long_message += std::string(99, 'x') + "\n";
  const std::string huge = chat + long_message + chat;
  ChatOptions limited = small;
  limited.max_message_bytes = 2000;
  auto reader = OpenChat(TempFile("huge.txt", huge), ChatFormat::kAuto, limited);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  std::ostringstream out;
  ChatWriter writer(out, ChatReportFormat::kJsonl, "huge.txt");
  ChatRunOptions two;
  two.threads = 2;
  Result<size_t> read = AnalyzeChat(**reader, Builtin(), two, writer);
  ASSERT_FALSE(read.ok());
  const size_t huge_line = static_cast<size_t>(std::count(chat.begin(), chat.end(), '\n')) + 1;
  EXPECT_NE(read.status().message().find("huge.txt:" + std::to_string(huge_line) + ": a message longer than"),
            std::string::npos)
      << read.status().message();
  const std::string written = out.str();
  EXPECT_EQ(static_cast<size_t>(std::count(written.begin(), written.end(), '\n')), 402u);
}

TEST(OpenChat, AnExportInAnUnknownShapeIsRefusedWithASampleLine) {
  const std::string path = TempFile("kakao.txt",
                                    "2023. 5. 10. 9:23 PM, Ann : hello\n2023. 5. 10. 9:24 PM, Ben : hi\n"
                                    "2023. 5. 10. 9:25 PM, Ann : bye\n");
  auto refused = OpenChat(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDataError);
  const std::string& m = refused.status().message();
  EXPECT_NE(m.find("kakao.txt:1: looks like a chat export"), std::string::npos) << m;
  EXPECT_NE(m.find("'2023. 5. 10. 9:23 PM, Ann : hello'"), std::string::npos) << m;
  EXPECT_NE(m.find("with the format argument text"), std::string::npos) << m;
  ChatOptions named;
  named.option_names.format = "--from";
  EXPECT_NE(OpenChat(path, ChatFormat::kAuto, named).status().message().find("with --from text"), std::string::npos);
  auto text = OpenChat(path, ChatFormat::kText);
  ASSERT_TRUE(text.ok()) << text.status().message();
}

TEST(ChatWriter, JsonDocumentNamesSourceFormatAndSummary) {
  auto reader = OpenChat(Fixture("whatsapp_android.txt"));
  ASSERT_TRUE(reader.ok());
  std::ostringstream out;
  ChatWriter writer(out, ChatReportFormat::kJson, "we\"ird.txt");
  ASSERT_TRUE(AnalyzeChat(**reader, Builtin(), {}, writer).ok());
  writer.Finish((*reader)->format(), 0);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["source"], "we\"ird.txt");
  EXPECT_EQ(doc["format"], "whatsapp");
  EXPECT_EQ(doc["messages"].size(), 7u);
  EXPECT_EQ(doc["summary"]["messages"], 5);
}

TEST(OpenChat, ErrorsNameTheLibraryOptionsUnlessGivenOtherNames) {
  const std::string notes = TempFile("notes.md", "# notes\nnothing here\n");
  auto unknown = OpenChat(notes);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("name it with the format argument whatsapp|"), std::string::npos)
      << unknown.status().message();
  ChatOptions options;
  options.max_unzipped_bytes = 0;
  auto bomb = OpenChat(Fixture("whatsapp.zip"), ChatFormat::kAuto, options);
  ASSERT_FALSE(bomb.ok());
  EXPECT_NE(bomb.status().message().find("raise max_unzipped_bytes"), std::string::npos) << bomb.status().message();
  options.option_names.max_unzipped_bytes = "--max-unzipped";
  auto named = OpenChat(Fixture("whatsapp.zip"), ChatFormat::kAuto, options);
  EXPECT_NE(named.status().message().find("raise --max-unzipped"), std::string::npos) << named.status().message();
}

TEST(Lexicon, ExampleTextDropsTheSpanMarker) {
  EXPECT_EQ(ExampleText("I am [[too busy]]."), "I am too busy.");
  EXPECT_EQ(ExampleText("no marker"), "no marker");
}

}  // namespace
}  // namespace reframe
