// ChatSummary and ChatWriter (reframe/chat_report.h).
#include "reframe/chat_report.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <tuple>
#include <vector>

#include "reframe/format.h"
#include "text/encoding.h"

namespace reframe {
namespace {

using json = nlohmann::ordered_json;
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
  std::string reply_author, reply_text;  // what it answered, if anything
  size_t seq = 0;                        // its place among the flagged messages
  size_t weight = 0;                     // how bad: findings weighted by severity
};

// Error 3, warning 2, info 1: more and worse findings first.
size_t Weight(const std::vector<Finding>& findings) {
  size_t w = 0;
  for (const Finding& f : findings) w += static_cast<size_t>(f.severity) + 1;
  return w;
}

// Marker shapes and dash patterns per category: the series stay apart in
// grey print and for readers who do not tell the colours apart.
constexpr const char* kDashes[] = {"", "7 4", "2 3", "9 3 2 3"};

// A marker of shape `shape` (0 circle, 1 square, 2 triangle, 3 diamond) at (x, y).
std::string Marker(int shape, double x, double y, const char* colour) {
  char buf[200];
  switch (shape % 4) {
    case 0:
      std::snprintf(buf, sizeof buf, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"", x, y, colour);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\" fill=\"%s\"", x - 3, y - 3,
                    colour);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" fill=\"%s\"", x, y - 4, x + 3.6,
                    y + 2.6, x - 3.6, y + 2.6, colour);
      break;
    default:
      std::snprintf(buf, sizeof buf, "<path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" fill=\"%s\"", x, y - 4,
                    x + 4, y, x, y + 4, x - 4, y, colour);
  }
  return buf;
}

// A "nice" axis for values up to `max`: a step of 1, 2 or 5 times a power of
// ten, and the top tick (a multiple of the step at or above `max`).
std::pair<double, double> NiceAxis(double max, int ticks = 4) {
  if (max <= 0) max = 1;
  const double raw = max / ticks;
  double magnitude = 1;
  while (magnitude * 10 <= raw) magnitude *= 10;
  while (magnitude > raw) magnitude /= 10;
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  double top = step;
  while (top < max - 1e-9) top += step;
  return {step, top};
}

// Direct labels at the right end of the lines: `ys` moved apart so that no
// two are closer than `gap`, kept inside [lo, hi].
std::vector<double> SpreadLabels(std::vector<double> ys, double gap, double lo, double hi) {
  std::vector<size_t> order(ys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ys[a] < ys[b]; });
  for (size_t k = 1; k < order.size(); ++k) ys[order[k]] = std::max(ys[order[k]], ys[order[k - 1]] + gap);
  if (!order.empty() && ys[order.back()] > hi) {
    ys[order.back()] = hi;
    for (size_t k = order.size() - 1; k-- > 0;) ys[order[k]] = std::min(ys[order[k]], ys[order[k + 1]] - gap);
  }
  for (double& y : ys) y = std::max(y, lo);
  return ys;
}

std::string Tick(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v == static_cast<double>(static_cast<long long>(v)) ? "%.0f" : "%g", v);
  return buf;
}
constexpr const char* kColors[] = {"#d9822b", "#c23030", "#7157d9", "#2b95d6"};  // per category

std::string Month(const std::string& time) { return time.size() >= 7 ? time.substr(0, 7) : std::string("unknown"); }

json Categories(const CategoryCounts& c) {
  json j = json::object();
  for (size_t i = 0; i < kCategories.size(); ++i) j[std::string(kCategories[i])] = c[i];
  return j;
}

std::string Per100(size_t n, size_t of) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", of ? 100.0 * static_cast<double>(n) / static_cast<double>(of) : 0.0);
  return buf;
}

// An excerpt on one line: runs of white space (line breaks too) become one space.
std::string Shorten(const std::string& text, size_t n) {
  std::string s;
  s.reserve(std::min(text.size(), n + 8));
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (s.empty() || s.back() == ' ')) continue;
    s += space ? ' ' : c;
    if (s.size() > n + 4) break;
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (s.size() <= n) return s;
  return s.substr(0, internal::Utf8Floor(s, n)) + "…";
}

// "1 message", "2 messages"; `many` defaults to `one` + "s".
std::string Count(size_t n, const std::string& one, const std::string& many = "") {
  return std::to_string(n) + " " + (n == 1 ? one : many.empty() ? one + "s" : many);
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Findings per 100 analysed messages, month by month, one line per category:
// each with its own colour, dash pattern and marker, and its name at its end.
std::string Chart(const std::map<std::string, MonthStat>& months, const std::string& title) {
  std::vector<std::pair<std::string, MonthStat>> points(months.begin(), months.end());
  points.erase(std::remove_if(points.begin(), points.end(), [](const auto& p) { return p.first == "unknown"; }),
               points.end());
  const double w = 640, h = 220, left = 36, right = 104, top = 28, bottom = 36;
  std::string svg =
      "<svg class=\"chart\" viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"" + HtmlEscape(title) + "\">";
  svg += "<text x=\"8\" y=\"16\" class=\"t\">" + HtmlEscape(title) + "</text>";
  if (points.empty()) return svg + "<text x=\"44\" y=\"110\">no dated messages</text></svg>";
  double max_rate = 0;
  for (const auto& [m, s] : points) {
    for (size_t c = 0; c < kCategories.size(); ++c) {
      if (s.analysed)
        max_rate = std::max(max_rate, 100.0 * static_cast<double>(s.findings[c]) / static_cast<double>(s.analysed));
    }
  }
  // Plain variables, not a structured binding: C++17 lambdas cannot capture one (clang refuses).
  const auto axis = NiceAxis(std::max(max_rate, 5.0));
  const double step = axis.first, axis_top = axis.second;
  auto x = [&](size_t i) {
    return points.size() == 1
               ? (left + w - right) / 2
               : left + (w - left - right) * static_cast<double>(i) / static_cast<double>(points.size() - 1);
  };
  auto y = [&](double v) { return top + (h - top - bottom) * (1 - v / axis_top); };
  char buf[200];
  for (double v = 0; v <= axis_top + 1e-9; v += step) {  // grid at nice values
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"g\"/><text x=\"%.0f\" y=\"%.1f\" "
                  "class=\"a\" text-anchor=\"end\">",
                  left, w - right, y(v), y(v), left - 6, y(v) + 4);
    svg += buf + Tick(v) + "</text>";
  }
  const size_t step_x = std::max<size_t>(1, (points.size() + 5) / 6);
  for (size_t i = 0; i < points.size(); i += step_x) {
    const char* anchor = points.size() == 1            ? "middle"
                         : i == 0                      ? "start"
                         : i + step_x >= points.size() ? "end"
                                                       : "middle";
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.0f\" class=\"a\" text-anchor=\"%s\">", x(i), h - 14, anchor);
    svg += buf + HtmlEscape(points[i].first) + "</text>";
  }
  std::vector<double> ends;
  for (size_t c = 0; c < kCategories.size(); ++c) {
    std::string path, markers;
    double last = 0;
    for (size_t i = 0; i < points.size(); ++i) {
      const MonthStat& s = points[i].second;
      const double rate = s.analysed ? 100.0 * static_cast<double>(s.findings[c]) / static_cast<double>(s.analysed) : 0;
      std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", i ? " L" : "M", x(i), y(rate));
      path += buf;
      markers += Marker(static_cast<int>(c), x(i), y(rate), kColors[c]) + "><title>" +
                 HtmlEscape(points[i].first + ": " + std::string(kCategories[c]) + " " +
                            Per100(s.findings[c], s.analysed) + " per 100 messages") +
                 "</title></" +
                 (c == 0   ? "circle"
                  : c == 1 ? "rect"
                           : "path") +
                 ">";
      last = y(rate);
    }
    svg += "<g class=\"series\" data-category=\"" + std::string(kCategories[c]) + "\"><path d=\"" + path +
           "\" fill=\"none\" stroke=\"" + kColors[c] + "\" stroke-width=\"2\"" +
           (*kDashes[c] ? std::string(" stroke-dasharray=\"") + kDashes[c] + "\"" : "") + "/>" + markers + "</g>";
    ends.push_back(last);
  }
  const std::vector<double> label_y = SpreadLabels(ends, 12, top, h - bottom);
  for (size_t c = 0; c < kCategories.size(); ++c) {
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" class=\"l\" fill=\"%s\">", x(points.size() - 1) + 8,
                  label_y[c] + 4, kColors[c]);
    svg += buf + std::string(kCategories[c]) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace

struct ChatSummary::Impl {
  size_t messages_ = 0, analysed_ = 0, media_ = 0, deleted_ = 0, empty_ = 0, events_ = 0, problems_ = 0;
  size_t strengths_ = 0;
  CategoryCounts findings_{};
  std::map<std::string, AuthorStat> authors_;
  std::map<std::string, MonthStat> months_;
  // The flagged messages the HTML lists: for kWorst a min-heap on (weight,
  // seq), so the least bad is dropped first; else in arrival order.
  std::vector<FlaggedMessage> flagged_;
  size_t flagged_total_ = 0;
  size_t flagged_max_ = 300;
  FlaggedOrder flagged_order_ = FlaggedOrder::kNewest;
  static bool Better(const FlaggedMessage& a, const FlaggedMessage& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.seq > b.seq;
  }
  void KeepFlagged(FlaggedMessage m);
  LanguageSample language_sample_;
  // The sample's verdict, computed once (the sample only grows before it is read).
  mutable std::optional<std::vector<Language>> languages_;
  const std::vector<Language>& Languages() const {
    if (!languages_) languages_ = language_sample_.Detect();
    return *languages_;
  }

  // summary.responses: (to, reply, from, by) -> count and a first example.
  struct Response {
    size_t count = 0;
    std::string to_text, reply_text;
    std::string first_month;
    std::map<std::string, size_t> by_month;
  };
  std::map<std::tuple<std::string, std::string, std::string, std::string>, Response> responses_;
  // Per person and month: reaching or criticising (bid, criticism) and
  // retreating or defending (mixed message, defensiveness, withdrawal).
  struct LoopMonth {
    size_t pursue = 0, retreat = 0;
  };
  std::map<std::string, std::map<std::string, LoopMonth>> loop_;

  // The loop in words: the most frequent responses, with an example each.
  std::vector<std::string> LoopSentences(size_t max, bool html) const;
  std::string LoopChart() const;

  void Add(const ChatMessage& m, const Report* report, const ChatReply* reply);
  std::string Json() const;
  json Responses() const;
  std::string Text(const std::string& source, ChatFormat format) const;
  std::string Html(const std::string& source, ChatFormat format) const;
};

ChatSummary::ChatSummary() : impl_(std::make_unique<Impl>()) {}
ChatSummary::ChatSummary(ChatSummary&&) noexcept = default;
ChatSummary& ChatSummary::operator=(ChatSummary&&) noexcept = default;
ChatSummary::~ChatSummary() = default;

void ChatSummary::Add(const ChatMessage& message, const Report* report, const ChatReply* reply) {
  impl_->Add(message, report, reply);
}
void ChatSummary::AddProblems(size_t n) { impl_->problems_ += n; }
void ChatSummary::SetFlaggedList(size_t count, FlaggedOrder order) {
  impl_->flagged_max_ = count;
  impl_->flagged_order_ = order;
}

void ChatSummary::Impl::KeepFlagged(FlaggedMessage m) {
  m.seq = flagged_total_++;
  m.weight = Weight(m.findings);
  if (flagged_max_ == 0) return;
  switch (flagged_order_) {
    case FlaggedOrder::kOldest:
      if (flagged_.size() < flagged_max_) flagged_.push_back(std::move(m));
      break;
    case FlaggedOrder::kNewest:
      // A ring: slot seq % max holds the newest of its residue class.
      if (flagged_.size() < flagged_max_) {
        flagged_.push_back(std::move(m));
      } else {
        flagged_[m.seq % flagged_max_] = std::move(m);
      }
      break;
    case FlaggedOrder::kWorst:
      if (flagged_.size() == flagged_max_) {
        if (!Better(m, flagged_.front())) break;  // front: the least bad kept
        std::pop_heap(flagged_.begin(), flagged_.end(), Better);
        flagged_.pop_back();
      }
      flagged_.push_back(std::move(m));
      std::push_heap(flagged_.begin(), flagged_.end(), Better);
      break;
  }
}
size_t ChatSummary::messages() const { return impl_->messages_; }
size_t ChatSummary::analysed() const { return impl_->analysed_; }
std::vector<Language> ChatSummary::Languages() const { return impl_->Languages(); }
std::string ChatSummary::Json() const { return impl_->Json(); }
std::string ChatSummary::Text(const std::string& source, ChatFormat format) const {
  return impl_->Text(source, format);
}
std::string ChatSummary::Html(const std::string& source, ChatFormat format) const {
  return impl_->Html(source, format);
}

void ChatSummary::Impl::Add(const ChatMessage& m, const Report* report, const ChatReply* reply) {
  if (m.kind == MessageKind::kEvent) {
    ++events_;
    return;
  }
  ++messages_;
  AuthorStat& a = authors_[m.author.empty() ? std::string("(unknown)") : m.author];
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
  language_sample_.Add(m.text);
  languages_.reset();
  const std::string month = Month(m.time);
  MonthStat& am = a.months[month];
  MonthStat& all = months_[month];
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
    PatternStat& p = a.patterns[f.rule];
    if (p.count++ == 0) p.example = f.text;
  }
  LoopMonth& lm = loop_[m.author.empty() ? std::string("(unknown)") : m.author][month];
  for (const Finding& f : report->findings) {
    if (f.category == "criticism")
      ++lm.pursue;
    else
      ++lm.retreat;
  }
  for (const Finding& s : report->strengths) {
    if (s.kind == "bid") ++lm.pursue;
  }
  strengths_ += report->strengths.size();
  a.strengths += report->strengths.size();
  am.strengths += report->strengths.size();
  all.strengths += report->strengths.size();
  if (!report->findings.empty()) {
    KeepFlagged(
        {m.author, m.time, m.text, report->findings, reply ? reply->author : "", reply ? reply->text : "", 0, 0});
  }
  // The loop between two people: what each answered what with.
  if (reply) {
    std::vector<std::string> said;
    for (const Finding& f : report->findings) {
      if (std::find(said.begin(), said.end(), f.category) == said.end()) said.push_back(f.category);
    }
    const std::string by = m.author.empty() ? std::string("(unknown)") : m.author;
    const std::string from = reply->author.empty() ? std::string("(unknown)") : reply->author;
    for (const std::string& to : reply->kinds) {
      for (const std::string& what : said) {
        Response& r = responses_[{to, what, from, by}];
        if (r.count++ == 0) {
          r.to_text = reply->text;
          r.reply_text = m.text;
        }
        ++r.by_month[month];
      }
    }
  }
}

json ChatSummary::Impl::Responses() const {
  json out = json::array();
  for (const auto& [key, r] : responses_) {
    const auto& [to, reply, from, by] = key;
    out.push_back({{"to", to}, {"reply", reply}, {"from", from}, {"by", by}, {"count", r.count}});
  }
  return out;
}

std::string ChatSummary::Impl::Json() const {
  json by_author = json::object();
  for (const auto& [name, a] : authors_) {
    json patterns = json::array();
    std::vector<std::pair<std::string, PatternStat>> sorted(a.patterns.begin(), a.patterns.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& x, const auto& y) { return x.second.count > y.second.count; });
    for (const auto& [rule, p] : sorted)
      patterns.push_back({{"rule", rule}, {"count", p.count}, {"example", p.example}});
    json per100 = json::object();
    for (size_t c = 0; c < kCategories.size(); ++c) {
      per100[std::string(kCategories[c])] =
          a.analysed ? 100.0 * static_cast<double>(a.findings[c]) / static_cast<double>(a.analysed) : 0.0;
    }
    json months = json::object();
    for (const auto& [m, s] : a.months) {
      months[m] = {{"analysed", s.analysed}, {"findings", Categories(s.findings)}, {"strengths", s.strengths}};
    }
    by_author[name] = {{"messages", a.messages}, {"analysed", a.analysed},   {"findings", Categories(a.findings)},
                       {"per_100", per100},      {"strengths", a.strengths}, {"patterns", patterns},
                       {"by_month", months}};
  }
  json by_month = json::object();
  for (const auto& [m, s] : months_) {
    by_month[m] = {{"analysed", s.analysed}, {"findings", Categories(s.findings)}, {"strengths", s.strengths}};
  }
  json j = {{"messages", messages_},
            {"analysed", analysed_},
            {"skipped", {{"media", media_}, {"deleted", deleted_}, {"empty", empty_}}},
            {"events", events_},
            {"problems", problems_},
            {"by_category", Categories(findings_)},
            {"strengths", strengths_},
            {"by_author", by_author},
            {"by_month", by_month},
            {"responses", Responses()}};
  const std::vector<Language>& languages = Languages();
  j["language"] = languages.empty() ? json() : json(languages.front().code);
  json shares = json::array();
  for (const Language& l : languages) shares.push_back({{"code", l.code}, {"name", l.name}, {"percent", l.percent}});
  j["languages"] = shares;
  j["language_sample"] = language_sample_.sampled();
  return Dump(j);
}

std::vector<std::string> ChatSummary::Impl::LoopSentences(size_t max, bool html) const {
  std::vector<const std::pair<const std::tuple<std::string, std::string, std::string, std::string>, Response>*> sorted;
  for (const auto& entry : responses_) sorted.push_back(&entry);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->second.count > b->second.count; });
  auto what = [](const std::string& kind) {
    if (kind == "bid") return std::string("reach for closeness");
    if (kind == "mixed-message") return std::string("mixed message");
    return kind;
  };
  auto esc = [html](const std::string& s) { return html ? HtmlEscape(s) : s; };
  // iMessage and some other exports call the exporting person "Me".
  auto self = [](const std::string& name) { return name == "Me" || name == "me"; };
  auto whose = [&](const std::string& name) { return self(name) ? std::string("your") : esc(name) + "'s"; };
  std::vector<std::string> out;
  for (size_t i = 0; i < sorted.size() && i < max; ++i) {
    const auto& [to, reply, from, by] = sorted[i]->first;
    const Response& r = sorted[i]->second;
    std::string line = std::to_string(r.count) + (r.count == 1 ? " time " : " times ") + whose(from) + " " + what(to) +
                       " was answered by " + whose(by) + " " + what(reply) + ", e.g. ";
    line += html ? "“" + HtmlEscape(Shorten(r.to_text, 90)) + "” → “" + HtmlEscape(Shorten(r.reply_text, 90)) + "”"
                 : "\"" + Shorten(r.to_text, 60) + "\" → \"" + Shorten(r.reply_text, 60) + "\"";
    out.push_back(line);
  }
  // Who reaches and criticises, who retreats and defends.
  for (const auto& [name, months] : loop_) {
    size_t pursue = 0, retreat = 0;
    for (const auto& [m, lm] : months) {
      pursue += lm.pursue;
      retreat += lm.retreat;
    }
    if (!responses_.empty() && (pursue || retreat)) {
      out.push_back((self(name) ? std::string("You") : esc(name)) + " reached out or criticised " +
                    std::to_string(pursue) + (pursue == 1 ? " time" : " times") + ", and pulled back or defended " +
                    std::to_string(retreat) + (retreat == 1 ? " time" : " times") + ".");
    }
  }
  return out;
}

std::string ChatSummary::Impl::Text(const std::string& source, ChatFormat format) const {
  std::string out = source + " (" + std::string(ChatFormatName(format)) + "): " + Count(messages_, "message") +
                    " from " + Count(authors_.size(), "person", "people") + ", " + std::to_string(analysed_) +
                    " analysed";
  out += "; skipped " + std::to_string(media_) + " media, " + std::to_string(deleted_) + " deleted, " +
         std::to_string(empty_) + " empty; " + Count(events_, "system event");
  if (problems_) out += "; " + Count(problems_, "unreadable record");
  out += "\n";
  const std::string note = LanguageNote(Languages(), "This chat");
  if (!note.empty()) out += note + "\n";
  for (const auto& [name, a] : authors_) {
    out += "\n" + name + ": " + Count(a.messages, "message") + ", " + std::to_string(a.analysed) + " analysed\n";
    out += "  per 100 messages:";
    for (size_t c = 0; c < kCategories.size(); ++c)
      out += " " + std::string(kCategories[c]) + " " + Per100(a.findings[c], a.analysed) +
             (c + 1 < kCategories.size() ? " ·" : "");
    out += "; strengths " + Per100(a.strengths, a.analysed) + "\n";
    std::vector<std::pair<std::string, PatternStat>> sorted(a.patterns.begin(), a.patterns.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& x, const auto& y) { return x.second.count > y.second.count; });
    for (size_t i = 0; i < sorted.size() && i < 3; ++i) {
      out += "  " + std::to_string(sorted[i].second.count) + "× " + sorted[i].first + ", e.g. \"" +
             Shorten(sorted[i].second.example, 70) + "\"\n";
    }
    if (a.months.size() > 1) {
      out += "  by month (findings / analysed):";
      size_t shown = 0;
      for (auto it = a.months.rbegin(); it != a.months.rend() && shown < 12; ++it, ++shown) {
        size_t total = 0;
        for (size_t c : it->second.findings) total += c;
        out += " " + it->first + " " + std::to_string(total) + "/" + std::to_string(it->second.analysed);
      }
      out += a.months.size() > 12 ? " …\n" : "\n";
    }
  }
  const std::vector<std::string> loop = LoopSentences(6, false);
  if (!loop.empty()) {
    out += "\nThe loop between you (a reply is the next message by the other person, within the reply gap):\n";
    for (const std::string& line : loop) out += "  " + line + "\n";
  }
  size_t total = 0;
  for (size_t c : findings_) total += c;
  out += "\n" + Count(total, "finding") + " (";
  for (size_t c = 0; c < kCategories.size(); ++c)
    out += (c ? ", " : "") + std::to_string(findings_[c]) + " " + std::string(kCategories[c]);
  out += "), " + Count(strengths_, "strength") + "\n";
  return out;
}

// Per person and month: reaching or criticising (solid) and pulling back or
// defending (dashed), as counts, one colour per person.
std::string ChatSummary::Impl::LoopChart() const {
  std::vector<std::string> months;
  size_t peak = 1;
  for (const auto& [name, per] : loop_) {
    for (const auto& [m, lm] : per) {
      if (std::find(months.begin(), months.end(), m) == months.end()) months.push_back(m);
      peak = std::max({peak, lm.pursue, lm.retreat});
    }
  }
  std::sort(months.begin(), months.end());
  if (months.empty()) return "";
  constexpr const char* kPeople[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"};
  const double w = 640, hgt = 220, left = 34, right = 128, top = 24, bottom = 34;
  auto x = [&](size_t i) {
    return months.size() == 1
               ? (left + w - right) / 2
               : left + (w - left - right) * static_cast<double>(i) / static_cast<double>(months.size() - 1);
  };
  const auto axis = NiceAxis(static_cast<double>(peak));  // not a structured binding: see Chart
  double step = axis.first, axis_top = axis.second;
  if (step < 1) step = 1, axis_top = std::max(axis_top, 1.0);
  auto y = [&](double v) { return top + (hgt - top - bottom) * (1 - v / axis_top); };
  char buf[200];
  std::string svg =
      "<svg class=\"chart\" viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"Who reaches out and who pulls back, by "
      "month\">";
  svg +=
      "<text x=\"8\" y=\"16\" class=\"t\">Reaching out or criticising (solid) and pulling back or defending (dashed), "
      "by month</text>";
  for (double v = 0; v <= axis_top + 1e-9; v += step) {  // grid at nice (whole) values
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"g\"/><text x=\"%.0f\" y=\"%.1f\" "
                  "class=\"a\" text-anchor=\"end\">",
                  left, w - right, y(v), y(v), left - 6, y(v) + 4);
    svg += buf + Tick(v) + "</text>";
  }
  const size_t step_x = std::max<size_t>(1, (months.size() + 5) / 6);
  for (size_t i = 0; i < months.size(); i += step_x) {
    const char* anchor = months.size() == 1            ? "middle"
                         : i == 0                      ? "start"
                         : i + step_x >= months.size() ? "end"
                                                       : "middle";
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.0f\" class=\"a\" text-anchor=\"%s\">", x(i), hgt - 14,
                  anchor);
    svg += buf + HtmlEscape(months[i]) + "</text>";
  }
  // Each line: the person's colour, solid or dashed, circles or squares,
  // and a label at its end.
  std::vector<double> ends;
  std::vector<std::pair<std::string, const char*>> labels;
  size_t person = 0;
  for (const auto& [name, per] : loop_) {
    const char* colour = kPeople[person++ % 6];
    for (int kind = 0; kind < 2; ++kind) {
      std::string path, markers;
      double last = 0;
      for (size_t i = 0; i < months.size(); ++i) {
        auto it = per.find(months[i]);
        const size_t v = it == per.end() ? 0 : (kind == 0 ? it->second.pursue : it->second.retreat);
        std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", i ? " L" : "M", x(i), y(static_cast<double>(v)));
        path += buf;
        markers += Marker(kind, x(i), y(static_cast<double>(v)), colour) + "><title>" +
                   HtmlEscape(name + ", " + months[i] + ": " + std::to_string(v)) + "</title></" +
                   (kind ? "rect" : "circle") + ">";
        last = y(static_cast<double>(v));
      }
      svg += "<g class=\"series\"><path d=\"" + path + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
             (kind ? " stroke-dasharray=\"5 4\"" : "") + "><title>" + HtmlEscape(name) +
             (kind ? ": pulling back or defending" : ": reaching out or criticising") + "</title></path>" + markers +
             "</g>";
      ends.push_back(last);
      std::string label = name.size() > 12 ? Shorten(name, 11) : name;
      labels.emplace_back(label + (kind ? " pulls back" : " reaches"), colour);
    }
  }
  const std::vector<double> label_y = SpreadLabels(ends, 12, top, hgt - bottom);
  for (size_t i = 0; i < labels.size(); ++i) {
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" class=\"l\" fill=\"%s\">", x(months.size() - 1) + 8,
                  label_y[i] + 4, labels[i].second);
    svg += buf + HtmlEscape(labels[i].first) + "</text>";
  }
  return svg + "</svg>";
}

std::string ChatSummary::Impl::Html(const std::string& source, ChatFormat format) const {
  std::string h = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>reframe: )" +
                  HtmlEscape(source) + R"(</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1c2127}
li,.msg,.muted,.note{overflow-wrap:anywhere} th,td{white-space:nowrap}
*{box-sizing:border-box} .scroll{overflow-x:auto;max-width:100%} .note{background:#fff4e5;border-left:4px solid #d9822b;padding:.5em .8em}
h1{font-size:1.5em;margin-bottom:.2em} h2{margin-top:2em;border-bottom:1px solid #ddd}
.muted{color:#5f6b7c} table{border-collapse:collapse;margin:.5em 0} td,th{padding:.25em .7em;text-align:right;border-bottom:1px solid #eee}
th:first-child,td:first-child{text-align:left} .chart{width:100%;max-width:640px;height:auto;background:#fafbfc;border:1px solid #e5e8eb;border-radius:6px}
.chart .g{stroke:#e5e8eb} .chart .a{font-size:10px;fill:#5f6b7c} .chart .t{font-size:12px;fill:#1c2127;font-weight:600} .chart .l{font-size:11px;font-weight:600}
.answering{font-size:.85em;color:#5f6b7c;border-left:3px solid #e5e8eb;padding-left:.5em;margin-bottom:.3em}
@media (max-width:600px){body{margin:1em auto;font-size:14px} td,th{padding:.2em .4em} h2{font-size:1.2em}}
.legend span{display:inline-block;margin-right:1em} .legend i{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.3em;vertical-align:middle}
.msg{border:1px solid #e5e8eb;border-radius:6px;padding:.6em .9em;margin:.8em 0} .msg .meta{font-size:.85em;color:#5f6b7c}
.f{margin:.4em 0 0 0} .cat{font-size:.8em;font-weight:600;padding:.1em .45em;border-radius:3px;color:#fff}
.try{color:#1c6e42} mark{background:#fff1c2}
</style></head><body>
<h1>reframe: what this chat's messages do</h1>
<p class="muted">)" +
                  HtmlEscape(source) + " · " + std::string(ChatFormatName(format)) + " export · " +
                  Count(messages_, "message") + ", " + std::to_string(analysed_) + " analysed, " +
                  std::to_string(media_) + " media, " + std::to_string(deleted_) + " deleted, " +
                  std::to_string(empty_) + " empty, " + Count(events_, "system event") +
                  (problems_ ? ", " + Count(problems_, "unreadable record") : "") +
                  R"(. Made on this computer; nothing was sent anywhere.</p>
)";
  const std::string note = LanguageNote(Languages(), "This chat");
  if (!note.empty()) h += "<p class=\"note\" id=\"language\">" + HtmlEscape(note) + "</p>\n";
  h += "<p class=\"legend\">";
  for (size_t c = 0; c < kCategories.size(); ++c)
    h += "<span><i style=\"background:" + std::string(kColors[c]) + "\"></i>" + std::string(kCategories[c]) + "</span>";
  h += "</p>\n<h2>Everyone</h2>\n" + Chart(months_, "Findings per 100 messages, by month") + "\n";
  h += "<div class=\"scroll\"><table><tr><th>person</th><th>messages</th><th>analysed</th>";
  for (std::string_view c : kCategories) h += "<th>" + std::string(c) + " /100</th>";
  h += "<th>strengths /100</th></tr>\n";
  for (const auto& [name, a] : authors_) {
    h += "<tr><td>" + HtmlEscape(name) + "</td><td>" + std::to_string(a.messages) + "</td><td>" +
         std::to_string(a.analysed) + "</td>";
    for (size_t c = 0; c < kCategories.size(); ++c) h += "<td>" + Per100(a.findings[c], a.analysed) + "</td>";
    h += "<td>" + Per100(a.strengths, a.analysed) + "</td></tr>\n";
  }
  h += "</table></div>\n";
  const std::vector<std::string> loop = LoopSentences(8, true);
  if (!loop.empty()) {
    h += "<h2>The loop between you</h2>\n<p class=\"muted\">One reaches for closeness or criticises the distance; the "
         "other "
         "pulls back or defends; and round again. A reply is the next message by the other person within the reply "
         "gap.</p>\n<ul>";
    for (const std::string& line : loop) h += "<li>" + line + "</li>";
    h += "</ul>\n" + LoopChart() + "\n";
  }
  for (const auto& [name, a] : authors_) {
    h += "<h2>" + HtmlEscape(name) + "</h2>\n" + Chart(a.months, name + ": findings per 100 messages, by month") + "\n";
    std::vector<std::pair<std::string, PatternStat>> sorted(a.patterns.begin(), a.patterns.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& x, const auto& y) { return x.second.count > y.second.count; });
    if (!sorted.empty()) {
      h += "<p>Most frequent patterns:</p><ul>";
      for (size_t i = 0; i < sorted.size() && i < 5; ++i) {
        h += "<li>" + std::to_string(sorted[i].second.count) + "× <code>" + HtmlEscape(sorted[i].first) +
             "</code>, e.g. “" + HtmlEscape(Shorten(sorted[i].second.example, 120)) + "”</li>";
      }
      h += "</ul>\n";
    }
  }
  std::vector<const FlaggedMessage*> shown;
  for (const FlaggedMessage& m : flagged_) shown.push_back(&m);
  std::sort(shown.begin(), shown.end(), [this](const FlaggedMessage* a, const FlaggedMessage* b) {
    switch (flagged_order_) {
      case FlaggedOrder::kOldest:
        return a->seq < b->seq;
      case FlaggedOrder::kNewest:
        return a->seq > b->seq;
      case FlaggedOrder::kWorst:
        return Better(*a, *b);
    }
    return false;
  });
  const char* order = flagged_order_ == FlaggedOrder::kNewest  ? "newest first"
                      : flagged_order_ == FlaggedOrder::kWorst ? "the worst first (most and most severe findings)"
                                                               : "oldest first";
  h += "<h2 id=\"flagged\">Flagged messages</h2>\n<p class=\"muted\">" +
       (shown.size() < flagged_total_ ? std::to_string(shown.size()) + " of " + Count(flagged_total_, "flagged message")
                                      : Count(flagged_total_, "flagged message")) +
       ", " + order +
       (shown.size() < flagged_total_ ? " (<code>--show N</code> and <code>--order newest|worst|oldest</code> choose)"
                                      : "") +
       ".</p>\n";
  for (const FlaggedMessage* m : shown) {
    h += "<div class=\"msg\">";
    if (!m->reply_text.empty()) {
      h += "<div class=\"answering\">answering " + HtmlEscape(m->reply_author) + ": “" +
           HtmlEscape(Shorten(m->reply_text, 300)) + "”</div>";
    }
    h += "<div class=\"meta\">" + HtmlEscape(m->author) + " · " + HtmlEscape(m->time) + "</div><div class=\"text\">" +
         HtmlEscape(Shorten(m->text, 600)) + "</div>";
    for (const Finding& f : m->findings) {
      size_t c = 0;
      while (c < kCategories.size() && kCategories[c] != f.category) ++c;
      h += "<div class=\"f\"><span class=\"cat\" style=\"background:" + std::string(kColors[c % 4]) + "\">" +
           HtmlEscape(f.category) + "</span> " + HtmlEscape(f.message) + ": <mark>" + HtmlEscape(f.text) +
           "</mark><br><span class=\"muted\">" + HtmlEscape(f.why) + "</span>";
      for (size_t i = 0; i < f.reframes.size(); ++i) {
        h += "<br><span class=\"try\">" + std::string(i == 0 ? "try" : "or") + ": “" + HtmlEscape(f.reframes[i]) +
             "”</span>";
      }
      h += "</div>";
    }
    h += "</div>\n";
  }
  h += "<p class=\"muted\">Patterns and reframes after George Taylor, “2 Big Reasons Why Men Pull Away”, YourTango. "
       "reframe is a mirror, not a judge: read the messages in their context.</p>\n</body></html>\n";
  return h;
}

std::string ChatMessageJson(const ChatMessage& m, const Report& report, const ChatReply* reply) {
  MessageContext ctx;
  ctx.source = m.source;
  ctx.line = m.line;
  if (!m.author.empty()) ctx.author = m.author;
  if (!m.time.empty()) ctx.time = m.time;
  ctx.kind = std::string(MessageKindName(m.kind));
  ctx.include_text = true;
  if (!m.language.empty()) ctx.language = m.language;
  std::string out = FormatJson(report, ctx, m.text);
  if (reply && !out.empty() && out.back() == '}') {
    // The message it was read as answering: who, when, and what that did.
    out.pop_back();
    out += ",\"reply_to\":{\"author\":" + JsonQuote(reply->author) +
           ",\"time\":" + (reply->time.empty() ? std::string("null") : JsonQuote(reply->time)) + ",\"kinds\":[";
    for (size_t i = 0; i < reply->kinds.size(); ++i) {
      if (i) out += ',';
      out += '"' + reply->kinds[i] + '"';  // kind names are plain ASCII
    }
    out += "]}}";
  }
  return out;
}

std::string_view FlaggedOrderName(FlaggedOrder order) {
  switch (order) {
    case FlaggedOrder::kNewest:
      return "newest";
    case FlaggedOrder::kWorst:
      return "worst";
    case FlaggedOrder::kOldest:
      return "oldest";
  }
  return "newest";
}

bool ParseFlaggedOrder(std::string_view name, FlaggedOrder* out) {
  for (FlaggedOrder o : {FlaggedOrder::kNewest, FlaggedOrder::kWorst, FlaggedOrder::kOldest}) {
    if (FlaggedOrderName(o) == name) {
      *out = o;
      return true;
    }
  }
  return false;
}

std::string_view ChatReportFormatName(ChatReportFormat format) {
  switch (format) {
    case ChatReportFormat::kText:
      return "text";
    case ChatReportFormat::kJson:
      return "json";
    case ChatReportFormat::kJsonl:
      return "jsonl";
    case ChatReportFormat::kHtml:
      return "html";
  }
  return "text";
}

bool ParseChatReportFormat(std::string_view name, ChatReportFormat* out) {
  for (ChatReportFormat f :
       {ChatReportFormat::kText, ChatReportFormat::kJson, ChatReportFormat::kJsonl, ChatReportFormat::kHtml}) {
    if (ChatReportFormatName(f) == name) {
      *out = f;
      return true;
    }
  }
  return false;
}

ChatWriter::ChatWriter(std::ostream& out, ChatReportFormat format, std::string source)
    : out_(out), format_(format), source_(std::move(source)) {}

void ChatWriter::Open() {
  // Written with the first message or at the end: a run that fails before
  // either leaves nothing on the output.
  if (opened_) return;
  opened_ = true;
  if (format_ == ChatReportFormat::kJson) out_ << "{\"format_version\":" << kJsonFormatVersion << ",\"messages\":[";
}

ChatWriter::~ChatWriter() = default;

void ChatWriter::Write(const ChatMessage& message, const Report* report, const ChatReply* reply) {
  summary_.Add(message, report, reply);
  if (format_ != ChatReportFormat::kJson && format_ != ChatReportFormat::kJsonl) return;
  Open();
  if (format_ == ChatReportFormat::kJson && !first_) out_ << ',';
  first_ = false;
  out_ << ChatMessageJson(message, report ? *report : Report{}, reply);
  if (format_ == ChatReportFormat::kJsonl) out_ << '\n';
}

void ChatWriter::Finish(ChatFormat format, size_t problems) {
  summary_.AddProblems(problems);
  Open();
  switch (format_) {
    case ChatReportFormat::kJson:
      out_ << "],\"source\":" << nlohmann::json(source_).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
           << ",\"format\":\"" << ChatFormatName(format) << "\",\"summary\":" << summary_.Json() << "}\n";
      break;
    case ChatReportFormat::kText:
      out_ << summary_.Text(source_, format);
      break;
    case ChatReportFormat::kHtml:
      out_ << summary_.Html(source_, format);
      break;
    case ChatReportFormat::kJsonl:
      break;
  }
  out_.flush();
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\0':  // U+FFFD, as the HTML parser would
        out += "\xEF\xBF\xBD";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace reframe
