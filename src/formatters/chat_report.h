// Summaries of an analysed chat: per speaker, per month, per pattern; and
// the text, JSON and HTML reports built from them.
#ifndef REFRAME_FORMATTERS_CHAT_REPORT_H_
#define REFRAME_FORMATTERS_CHAT_REPORT_H_

#include <array>
#include <map>
#include <string>
#include <vector>

#include "reframe/chat.h"
#include "reframe/format.h"
#include "reframe/report.h"

namespace reframe::internal {

using CategoryCounts = std::array<size_t, kCategories.size()>;

struct PatternStat {
  size_t count = 0;
  std::string example;  // the first flagged text
};

struct MonthStat {
  size_t analysed = 0;
  CategoryCounts findings{};
  size_t strengths = 0;
};

struct AuthorStat {
  size_t messages = 0;  // every message with this author, media-only included
  size_t analysed = 0;
  CategoryCounts findings{};
  size_t strengths = 0;
  std::map<std::string, PatternStat> patterns;  // by rule id
  std::map<std::string, MonthStat> months;      // "YYYY-MM"
};

// A flagged message kept for the HTML report (the first few hundred).
struct FlaggedMessage {
  std::string author, time, text;
  std::vector<Finding> findings;
};

class ChatSummary {
 public:
  // Counts one message (and its report, if it was analysed).
  void Add(const ChatMessage& m, const Report* report);
  void AddProblems(size_t n) { problems_ += n; }

  size_t messages() const { return messages_; }
  size_t analysed() const { return analysed_; }

  // {"messages":..,"analysed":..,"skipped":{"media":..,"deleted":..,"empty":..},"events":..,
  //  "problems":..,"by_category":{..},"strengths":..,"by_author":{name:{...}},"by_month":{...}}
  std::string Json() const;
  // A readable summary for the terminal.
  std::string Text(const std::string& source, ChatFormat format) const;
  // One self-contained HTML page with inline SVG charts; no network.
  std::string Html(const std::string& source, ChatFormat format) const;

 private:
  size_t messages_ = 0, analysed_ = 0, media_ = 0, deleted_ = 0, empty_ = 0, events_ = 0, problems_ = 0;
  size_t strengths_ = 0;
  CategoryCounts findings_{};
  std::map<std::string, AuthorStat> authors_;
  std::map<std::string, MonthStat> months_;
  std::vector<FlaggedMessage> flagged_;
};

// The JSON message object of a chat message (docs/json-format.md, plus "text" and "kind").
std::string ChatMessageJson(const ChatMessage& m, const Report& report);

}  // namespace reframe::internal

#endif  // REFRAME_FORMATTERS_CHAT_REPORT_H_
