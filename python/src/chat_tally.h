// The summary of an analysed chat, as `reframe chat --format json` writes it.
//
// The command's own summary (src/formatters/chat_report.h) is internal to the
// library, and the binding uses only the public API; so this is a second
// implementation of its JSON, built from public types. tests/python checks
// that the two agree field for field on every chat fixture: when the
// command's summary gains a field, that test fails until this one has it too
// (or until the library makes its summary public and this file goes).
#ifndef REFRAME_PYTHON_CHAT_TALLY_H_
#define REFRAME_PYTHON_CHAT_TALLY_H_

#include <array>
#include <map>
#include <string>

#include "reframe/chat.h"
#include "reframe/report.h"

namespace reframe::python {

class ChatTally {
 public:
  // Counts one message; `report` is null for messages that were not analysed.
  void Add(const ChatMessage& m, const Report* report);
  // Records that were malformed and skipped by the reader.
  void AddProblems(size_t n) { problems_ += n; }

  // {"messages":..,"analysed":..,"skipped":{..},"events":..,"problems":..,
  //  "by_category":{..},"strengths":..,"by_author":{..},"by_month":{..}}
  [[nodiscard]] std::string Json() const;

 private:
  using Counts = std::array<size_t, kCategories.size()>;
  struct Month {
    size_t analysed = 0;
    Counts findings{};
    size_t strengths = 0;
  };
  struct Pattern {
    size_t count = 0;
    std::string example;  // the first flagged text
  };
  struct Author {
    size_t messages = 0;
    size_t analysed = 0;
    Counts findings{};
    size_t strengths = 0;
    std::map<std::string, Pattern> patterns;  // by rule id
    std::map<std::string, Month> months;      // "YYYY-MM"
  };

  size_t messages_ = 0, analysed_ = 0, media_ = 0, deleted_ = 0, empty_ = 0, events_ = 0, problems_ = 0;
  size_t strengths_ = 0;
  Counts findings_{};
  std::map<std::string, Author> authors_;
  std::map<std::string, Month> months_;
};

}  // namespace reframe::python

#endif  // REFRAME_PYTHON_CHAT_TALLY_H_
