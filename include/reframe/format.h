// reframe/format.h — turn reports into text people read or JSON tools read.
//
//   reframe::MessageContext ctx;  ctx.source = "draft.txt";
//   std::string text = "I want to connect, but I am too busy.";
//   reframe::Report report = analyzer->Analyze(text);
//   std::cout << reframe::FormatJson(report, ctx, text) << "\n";          // DESIGN.md §5
//   std::cout << reframe::FormatText(report, ctx, text, reframe::TextStyle{});
//
// The JSON schema (format_version 1) is documented in docs/json-format.md;
// fields are only ever added, never renamed.
#ifndef REFRAME_FORMAT_H_
#define REFRAME_FORMAT_H_

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/language.h"
#include "reframe/report.h"

namespace reframe {

inline constexpr int kJsonFormatVersion = 1;

// Where a message came from. `line` is the 1-based line of the message's first
// byte in its source; finding lines in the output are relative to the source.
struct MessageContext {
  std::string source;  // file name, "<stdin>", "<text>"
  size_t line = 1;
  std::optional<std::string> author;
  std::optional<std::string> time;   // ISO 8601
  std::optional<std::string> error;  // the message could not be read (e.g. binary)
  std::optional<std::string> kind;   // chat messages: "text", "media", "deleted", "empty", "event"
  bool ignored = false;              // a "reframe: ignore" marker line, or a line it skips: not analysed
  bool include_text = false;         // add the message text as "text"
  // The message's language (ISO 639-1, reframe/language.h) when it was long
  // enough to tell; written as "language" when set.
  std::optional<std::string> language;
};

// One message object of DESIGN.md §5, on one line, without a trailing newline.
// `text` is the message the report was made from.
REFRAME_EXPORT std::string FormatJson(const Report& report, const MessageContext& context, std::string_view text);
// The same, appended to `out` (for writers that batch many messages).
REFRAME_EXPORT void AppendJson(std::string& out, const Report& report, const MessageContext& context,
                               std::string_view text);

// `text` as a JSON string, quotes included, for programs that write their own
// JSON around reframe's (e.g. an error object); invalid UTF-8 becomes U+FFFD.
REFRAME_EXPORT std::string JsonQuote(std::string_view text);

// `text` escaped for HTML text and attribute values (& < > " '); a NUL byte
// becomes U+FFFD, as an HTML parser would read it.
REFRAME_EXPORT std::string HtmlEscape(std::string_view text);

struct TextStyle {
  bool color = false;          // ANSI colours
  bool show_strengths = true;  // "note:" lines for what the draft does well
};

// Human-readable findings, one block each (file:line:col, span underlined,
// why, reframes, source). Empty when there is nothing to say.
REFRAME_EXPORT std::string FormatText(const Report& report, const MessageContext& context, std::string_view text,
                                      const TextStyle& style);

// Counts over a run of messages, for the closing summary.
struct REFRAME_EXPORT RunSummary {
  size_t messages = 0;
  size_t findings = 0;
  size_t strengths = 0;
  size_t errors = 0;  // messages that could not be read
  std::array<size_t, kCategories.size()> by_category{};
  std::array<size_t, 3> by_severity{};  // findings by Severity (kInfo, kWarning, kError)
  // Letters read per language, of the messages whose language was told.
  std::map<std::string, size_t> language_letters;

  // Counts one message's report.
  void Add(const Report& report);
  // Adds another summary's counts (of other messages of the same run).
  void Merge(const RunSummary& other);
  // The languages of the run, most letters first, with their share in
  // percent (reliable when the first has most of the letters).
  [[nodiscard]] std::vector<Language> Languages() const;
  // Number of findings at or above `severity`.
  [[nodiscard]] size_t FindingsAtLeast(Severity severity) const;
};

// "2 messages, 3 findings (2 mixed-message, 1 criticism), 1 strength".
REFRAME_EXPORT std::string FormatSummaryText(const RunSummary& summary);
// {"messages":2,"findings":3,"strengths":1,"errors":0,"by_category":{...},"language":"en"|null}
REFRAME_EXPORT std::string FormatSummaryJson(const RunSummary& summary);

}  // namespace reframe

#endif  // REFRAME_FORMAT_H_
