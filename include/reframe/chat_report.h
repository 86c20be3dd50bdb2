// reframe/chat_report.h — what an analysed chat shows, per person and month.
//
//   auto reader = reframe::OpenChat("chat.txt");
//   reframe::ChatWriter writer(std::cout, reframe::ChatReportFormat::kHtml, "chat.txt");
//   reframe::Status s = reframe::AnalyzeChat(**reader, *analyzer, {}, writer);   // reframe/run.h
//   writer.Finish((*reader)->format(), (*reader)->problems().size());
//
// A ChatSummary counts messages (analysed, media, deleted, empty, system
// events), findings by category, person and month, and each person's most
// frequent patterns; it renders them as text, JSON or a self-contained HTML
// page (inline SVG charts, no network). A ChatWriter writes one report of a
// chat in one format: every message (JSON, JSON Lines) and the summary.
#ifndef REFRAME_CHAT_REPORT_H_
#define REFRAME_CHAT_REPORT_H_

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/chat.h"
#include "reframe/export.h"
#include "reframe/language.h"
#include "reframe/report.h"

namespace reframe {

// The message(s) a chat message answers: the turn just before it by another
// person, within the reply gap (ChatRunOptions::reply_gap_seconds).
struct ChatReply {
  std::string author;
  std::string time;
  std::string text;                // the turn's messages, one per line
  std::vector<std::string> kinds;  // what it did: its categories, and "bid" for a reach for closeness
};

// Which flagged messages the HTML report lists, in what order.
enum class FlaggedOrder {
  kNewest,  // the last ones, newest first (the default)
  kWorst,   // the most and most severe findings first (newest first among equals)
  kOldest,  // the first ones, oldest first
};

// "newest", "worst", "oldest".
REFRAME_EXPORT std::string_view FlaggedOrderName(FlaggedOrder order);
// Parses a name of FlaggedOrderName; false if unknown.
REFRAME_EXPORT bool ParseFlaggedOrder(std::string_view name, FlaggedOrder* out);

class REFRAME_EXPORT ChatSummary {
 public:
  ChatSummary();
  ChatSummary(ChatSummary&&) noexcept;
  ChatSummary& operator=(ChatSummary&&) noexcept;
  ~ChatSummary();

  // Counts one message and, if it was analysed, its report (null if not);
  // `reply` is what it answered, if anything (for summary.responses).
  void Add(const ChatMessage& message, const Report* report, const ChatReply* reply = nullptr);
  // Counts records the reader skipped as malformed (ChatReader::problems).
  void AddProblems(size_t n);
  // How many flagged messages the HTML report lists (default 300; 0 = none)
  // and which; memory holds only those. Call before the first Add.
  void SetFlaggedList(size_t count, FlaggedOrder order);

  [[nodiscard]] size_t messages() const;  // every message but system events
  [[nodiscard]] size_t analysed() const;
  // The chat's main languages, most first, from a bounded sample of its text
  // messages (reframe/language.h); empty when there is too little to tell.
  [[nodiscard]] std::vector<Language> Languages() const;

  // {"messages":..,"analysed":..,"skipped":{"media":..,"deleted":..,"empty":..},"events":..,
  //  "problems":..,"by_category":{..},"strengths":..,"by_author":{name:{...}},"by_month":{...},
  //  "responses":[{"to":..,"reply":..,"from":..,"by":..,"count":..}],
  //  "language":"en"|null,"languages":[{"code":..,"name":..,"percent":..}],"language_sample":..}
  // A response: `by` answered a `to` (a category, or "bid") of `from` with a `reply` category.
  [[nodiscard]] std::string Json() const;
  // A readable summary for the terminal; `source` names the export.
  [[nodiscard]] std::string Text(const std::string& source, ChatFormat format) const;
  // One self-contained HTML page with inline SVG charts; no network.
  [[nodiscard]] std::string Html(const std::string& source, ChatFormat format) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The JSON message object of a chat message (docs/json-format.md, with
// "text" and "kind", and "reply_to" when it answers a message), on one line.
REFRAME_EXPORT std::string ChatMessageJson(const ChatMessage& message, const Report& report,
                                           const ChatReply* reply = nullptr);

enum class ChatReportFormat { kText, kJson, kJsonl, kHtml };

// "text", "json", "jsonl", "html".
REFRAME_EXPORT std::string_view ChatReportFormatName(ChatReportFormat format);
// Parses a name of ChatReportFormatName; false if unknown.
REFRAME_EXPORT bool ParseChatReportFormat(std::string_view name, ChatReportFormat* out);

// One report of a chat: kJsonl writes each message as it comes; kJson one
// document {"format_version":1,"messages":[...],"source":..,"format":..,"summary":{...}};
// kText and kHtml the summary only, at the end. Nothing is written before
// the first message or Finish.
class REFRAME_EXPORT ChatWriter {
 public:
  // `source` names the export in the report; `out` must outlive the writer.
  ChatWriter(std::ostream& out, ChatReportFormat format, std::string source);
  ChatWriter(const ChatWriter&) = delete;
  ChatWriter& operator=(const ChatWriter&) = delete;
  ~ChatWriter();

  // One message, in order, with its report (null if it was not analysed) and
  // what it answered (null if nothing).
  void Write(const ChatMessage& message, const Report* report, const ChatReply* reply = nullptr);
  // Closes the report, counting `problems` malformed records; `format` is
  // the format the export was read as. Flushes.
  void Finish(ChatFormat format, size_t problems);

  [[nodiscard]] const ChatSummary& summary() const { return summary_; }
  [[nodiscard]] ChatReportFormat format() const { return format_; }
  // ChatSummary::SetFlaggedList; call before the first Write.
  void SetFlaggedList(size_t count, FlaggedOrder order) { summary_.SetFlaggedList(count, order); }

 private:
  std::ostream& out_;
  ChatReportFormat format_;
  std::string source_;
  ChatSummary summary_;
  bool first_ = true;
  bool opened_ = false;
  void Open();
};

}  // namespace reframe

#endif  // REFRAME_CHAT_REPORT_H_
