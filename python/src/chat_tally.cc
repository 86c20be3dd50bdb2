#include "chat_tally.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace reframe::python {
namespace {

using json = nlohmann::ordered_json;

// "YYYY-MM" of an ISO 8601 time; "unknown" when there is none.
std::string MonthOf(const std::string& time) { return time.size() >= 7 ? time.substr(0, 7) : std::string("unknown"); }

template <typename Counts>
json Categories(const Counts& counts) {
  json j = json::object();
  for (size_t i = 0; i < kCategories.size(); ++i) j[std::string(kCategories[i])] = counts[i];
  return j;
}

}  // namespace

void ChatTally::Add(const ChatMessage& m, const Report* report) {
  if (m.kind == MessageKind::kEvent) {
    ++events_;
    return;
  }
  ++messages_;
  Author& a = authors_[m.author.empty() ? std::string("(unknown)") : m.author];
  ++a.messages;
  switch (m.kind) {
    case MessageKind::kMedia:
      ++media_;
      return;
    case MessageKind::kDeleted:
      ++deleted_;
      return;
    case MessageKind::kEmpty:
      ++empty_;
      return;
    default:
      break;
  }
  ++analysed_;
  ++a.analysed;
  const std::string month = MonthOf(m.time);
  Month& am = a.months[month];
  Month& all = months_[month];
  ++am.analysed;
  ++all.analysed;
  if (!report) return;
  for (const Finding& f : report->findings) {
    for (size_t c = 0; c < kCategories.size(); ++c) {
      if (f.category != kCategories[c]) continue;
      ++findings_[c];
      ++a.findings[c];
      ++am.findings[c];
      ++all.findings[c];
    }
    Pattern& p = a.patterns[f.rule];
    if (p.count++ == 0) p.example = f.text;
  }
  const size_t strengths = report->strengths.size();
  strengths_ += strengths;
  a.strengths += strengths;
  am.strengths += strengths;
  all.strengths += strengths;
}

std::string ChatTally::Json() const {
  auto month_json = [](const Month& s) {
    return json{{"analysed", s.analysed}, {"findings", Categories(s.findings)}, {"strengths", s.strengths}};
  };
  json by_author = json::object();
  for (const auto& [name, a] : authors_) {
    std::vector<std::pair<std::string, Pattern>> sorted(a.patterns.begin(), a.patterns.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& x, const auto& y) { return x.second.count > y.second.count; });
    json patterns = json::array();
    for (const auto& [rule, p] : sorted)
      patterns.push_back({{"rule", rule}, {"count", p.count}, {"example", p.example}});
    json per100 = json::object();
    for (size_t c = 0; c < kCategories.size(); ++c) {
      per100[std::string(kCategories[c])] =
          a.analysed ? 100.0 * static_cast<double>(a.findings[c]) / static_cast<double>(a.analysed) : 0.0;
    }
    json months = json::object();
    for (const auto& [m, s] : a.months) months[m] = month_json(s);
    by_author[name] = {{"messages", a.messages}, {"analysed", a.analysed},   {"findings", Categories(a.findings)},
                       {"per_100", per100},      {"strengths", a.strengths}, {"patterns", patterns},
                       {"by_month", months}};
  }
  json by_month = json::object();
  for (const auto& [m, s] : months_) by_month[m] = month_json(s);
  json j = {{"messages", messages_},
            {"analysed", analysed_},
            {"skipped", {{"media", media_}, {"deleted", deleted_}, {"empty", empty_}}},
            {"events", events_},
            {"problems", problems_},
            {"by_category", Categories(findings_)},
            {"strengths", strengths_},
            {"by_author", by_author},
            {"by_month", by_month}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace reframe::python
