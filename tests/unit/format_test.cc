#include "reframe/format.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "formatters/json_formatter.h"
#include "reframe/analyzer.h"

namespace reframe {
namespace {

TEST(Format, JsonFollowsTheDesignSchema) {
  auto analyzer = Analyzer::Create(Lexicon::Builtin());
  const std::string text = "I want to connect, but I am too busy.";
  MessageContext ctx;
  ctx.source = "draft.txt";
  auto j = nlohmann::json::parse(FormatJson(analyzer->Analyze(text), ctx, text));
  EXPECT_EQ(j["line"], 1);
  EXPECT_EQ(j["source"], "draft.txt");
  EXPECT_TRUE(j["author"].is_null());
  EXPECT_TRUE(j["time"].is_null());
  ASSERT_EQ(j["findings"].size(), 1u);
  const auto& f = j["findings"][0];
  for (const char* key :
       {"rule", "category", "severity", "start", "end", "line", "column", "text", "message", "why", "reframes"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
  EXPECT_EQ(f["category"], "mixed-message");
  EXPECT_EQ(text.substr(f["start"].get<size_t>(), f["end"].get<size_t>() - f["start"].get<size_t>()), f["text"]);
  EXPECT_EQ(j["score"]["mixed-message"], 1);
  EXPECT_EQ(j["score"]["criticism"], 0);
}

TEST(Format, TextUnderlinesTheSpanAfterWideCharacters) {
  auto analyzer = Analyzer::Create(Lexicon::Builtin());
  const std::string text = "😊 I feel numb.";
  MessageContext ctx;
  ctx.source = "d.txt";
  ctx.line = 3;
  std::string out = FormatText(analyzer->Analyze(text), ctx, text, TextStyle{});
  EXPECT_NE(out.find("d.txt:3:3: warning [withdrawal]"), std::string::npos) << out;
  EXPECT_NE(out.find("\n     ^^^^^^^^^^^\n"), std::string::npos) << out;  // 2 indent + emoji(2) + space
}

TEST(Format, SummaryCountsCategories) {
  RunSummary s;
  Report r;
  r.findings.push_back(Finding{});
  r.findings.back().category = "criticism";
  s.Add(r);
  s.Add(Report{});
  EXPECT_EQ(FormatSummaryText(s), "2 messages, 1 finding (1 criticism)");
}

}  // namespace
}  // namespace reframe

namespace reframe {
using internal::FormatJsonTree;
namespace {
TEST(Format, EmptyReportFastPathMatchesTheTree) {
  MessageContext ctx;
  ctx.source = "we\"ird\\name\n.txt";
  ctx.line = 42;
  EXPECT_EQ(FormatJson(Report{}, ctx, "hi \"there\""), FormatJsonTree(Report{}, ctx, "hi \"there\""));
  ctx.author = "Ann";
  ctx.time = "2024-01-01T10:00:00";
  ctx.kind = "media";
  ctx.include_text = true;
  EXPECT_EQ(FormatJson(Report{}, ctx, "hi \"there\""), FormatJsonTree(Report{}, ctx, "hi \"there\""));
}
}  // namespace
}  // namespace reframe

namespace reframe {
namespace {
TEST(Format, DirectWriterMatchesTheTreeForEveryShape) {
  auto analyzer = Analyzer::Create(Lexicon::Builtin());
  for (const char* text :
       {"I want to connect, but I am too busy. Thank you.", "You never listen \xFF \"quoted\"\n\ttab",
        "Fine. Whatever. You'll never get it. I'm scared."}) {
    Report report = analyzer->Analyze(text);
    MessageContext ctx;
    ctx.source = "a\\b.txt";
    ctx.line = 7;
    EXPECT_EQ(FormatJson(report, ctx, text), FormatJsonTree(report, ctx, text)) << text;
    ctx.author = "Zo\xC3\xAB";
    ctx.kind = "text";
    ctx.include_text = true;
    ctx.error = "nope";
    EXPECT_EQ(FormatJson(report, ctx, text), FormatJsonTree(report, ctx, text)) << text;
  }
}

TEST(Format, HtmlEscapeEscapesMarkupAndReplacesNul) {
  EXPECT_EQ(HtmlEscape("<b>\"Tom & Jerry's\"</b>"), "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;");
  EXPECT_EQ(HtmlEscape(std::string_view("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(HtmlEscape("Grüße"), "Grüße");
}

TEST(Format, JsonQuoteEscapesAndReplacesInvalidUtf8) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("say \"hi\"\\\n\t"), R"("say \"hi\"\\\n\t")");
  EXPECT_EQ(JsonQuote(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(JsonQuote("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(JsonQuote("bad \xC3\x28"), "\"bad \xEF\xBF\xBD(\"");
}

}  // namespace
}  // namespace reframe
