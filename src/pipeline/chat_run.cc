// AnalyzeChat (reframe/run.h): a chat's messages in batches on a pool of threads.
#include <algorithm>
#include <cctype>
#include <map>
#include <cstdio>
#include <optional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/ordered_pool.h"
#include "reframe/language.h"
#include "reframe/run.h"

namespace reframe {
namespace {

struct Item {
  ChatMessage message;
  Report report;
  bool analysed = false;
  std::optional<std::string> reply_to;  // the turn it answers, for the analysis
  uint64_t seq = 0;                     // its number among the text messages read
  std::vector<uint64_t> answered;       // the numbers of the messages of the turn it answers
};

// The messages of a turn, as one report: what a reply to the turn answers.
Report TurnReport(const std::vector<const Report*>& reports) {
  Report turn;
  for (const Report* r : reports) {
    turn.findings.insert(turn.findings.end(), r->findings.begin(), r->findings.end());
    turn.strengths.insert(turn.strengths.end(), r->strengths.begin(), r->strengths.end());
    turn.cues.insert(turn.cues.end(), r->cues.begin(), r->cues.end());
  }
  return turn;
}

// Seconds since 1970 of an ISO time "2024-06-01T10:01:00[Z|+02:00]" (the
// offset is ignored: gaps are what matter), or nothing.
std::optional<int64_t> IsoSeconds(const std::string& t) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (t.size() < 10 || std::sscanf(t.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) return std::nullopt;
  if (t.size() >= 16) std::sscanf(t.c_str() + 11, "%2d:%2d:%2d", &h, &mi, &sec);
  // Days from civil (Howard Hinnant's algorithm).
  y -= mo <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + sec;
}

// Who said what just before: the current turn (one person's messages in a
// row) and the one before it, by someone else. A message answers the turn
// before its own when it comes within the gap.
template <typename Entry>
class Turns {
 public:
  explicit Turns(int64_t gap) : gap_(gap) {}
  // Records `m` (a text message) with `entry`; returns the turn it answers, or null.
  const std::vector<Entry>* Add(const ChatMessage& m, Entry entry) {
    const std::optional<int64_t> at = IsoSeconds(m.time);
    if (cur_.entries.empty() || m.author != cur_.author) {
      prev_ = std::move(cur_);
      cur_ = Turn{m.author, at, {}};
    }
    const Turn& answered = prev_;
    const bool within = !answered.entries.empty() && answered.author != m.author &&
                        (!at || !answered.last || *at - *answered.last <= gap_);
    cur_.entries.push_back(std::move(entry));
    if (cur_.entries.size() > kKeep) cur_.entries.erase(cur_.entries.begin());
    cur_.last = at;
    return within ? &answered.entries : nullptr;
  }
  [[nodiscard]] const std::string& answered_author() const { return prev_.author; }

 private:
  static constexpr size_t kKeep = 3;  // the last messages of a turn are what is answered
  struct Turn {
    std::string author;
    std::optional<int64_t> last;
    std::vector<Entry> entries;
  };
  int64_t gap_;
  Turn cur_, prev_;
};

// A turn's text, capped: context, not a transcript.
std::string Join(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& t : texts) {
    if (!out.empty()) out += '\n';
    out += t.substr(0, 2048);
  }
  return out;
}

// Names match whatever the case of their ASCII letters ("me" finds "Me").
bool SameName(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y && !(x < 0x80 && y < 0x80 && std::tolower(x) == std::tolower(y))) return false;
  }
  return true;
}

bool Selected(const ChatRunOptions& o, const ChatMessage& m) {
  if (!o.author.empty() && !SameName(m.author, o.author)) return false;
  if (!o.since.empty() && (m.time.empty() || m.time.compare(0, o.since.size(), o.since) < 0)) return false;
  if (!o.until.empty() && (m.time.empty() || m.time.compare(0, o.until.size(), o.until) > 0)) return false;
  return true;
}

}  // namespace

Result<size_t> AnalyzeChat(ChatReader& reader, const Analyzer& analyzer, const ChatRunOptions& o, ChatWriter& writer) {
  if (!o.only_category.empty() &&
      std::find(kCategories.begin(), kCategories.end(), o.only_category) == kCategories.end()) {
    return Status(StatusCode::kInvalidArgument,
                  "only_category must be one of mixed-message, criticism, defensiveness, withdrawal, not '" +
                      o.only_category + "'");
  }
  // The loop between two people: what each message answered (in order).
  struct Said {
    std::string time;
    std::string text;
    std::vector<std::string> kinds;
  };
  Turns<Said> said(o.reply_gap_seconds);
  auto sink = [&writer, &said](std::vector<Item>& batch) {
    for (Item& item : batch) {
      const Report* report = item.analysed ? &item.report : nullptr;
      if (item.message.kind != MessageKind::kText || !report) {
        writer.Write(item.message, report);
        continue;
      }
      Said mine{item.message.time, item.message.text, {}};
      for (const Finding& f : report->findings) {
        if (std::find(mine.kinds.begin(), mine.kinds.end(), f.category) == mine.kinds.end()) mine.kinds.push_back(f.category);
      }
      for (const Finding& s : report->strengths) {
        if (s.kind == "bid" && std::find(mine.kinds.begin(), mine.kinds.end(), "bid") == mine.kinds.end()) {
          mine.kinds.push_back("bid");
        }
      }
      const std::vector<Said>* answered = said.Add(item.message, std::move(mine));
      if (!answered) {
        writer.Write(item.message, report);
        continue;
      }
      ChatReply reply;
      reply.author = said.answered_author();
      std::vector<std::string> texts;
      for (const Said& s : *answered) {
        texts.push_back(s.text);
        for (const std::string& k : s.kinds) {
          if (std::find(reply.kinds.begin(), reply.kinds.end(), k) == reply.kinds.end()) reply.kinds.push_back(k);
        }
      }
      reply.text = Join(texts);
      reply.time = answered->back().time;  // the last message of the turn answered
      writer.Write(item.message, report, &reply);
    }
  };
  // Each message's language goes only into reports that list messages: the
  // summaries use a bounded sample instead (ChatSummary::Languages).
  const bool per_message_language =
      writer.format() == ChatReportFormat::kJson || writer.format() == ChatReportFormat::kJsonl;
  internal::OrderedPool<std::vector<Item>> pool(o.threads);
  std::vector<Item> batch;
  size_t batch_bytes = 0;
  auto submit = [&] {
    if (batch.empty()) return;
    auto work = std::make_shared<std::vector<Item>>(std::move(batch));
    batch.clear();
    batch_bytes = 0;
    pool.Submit(
        [work, &analyzer, &o, per_message_language] {
          // The messages a reply answers were mostly analysed just before it,
          // in this batch: their reports say what the turn did, so it is not
          // analysed again (only a turn that began in an earlier batch is).
          std::unordered_map<uint64_t, const Report*> done;
          for (Item& item : *work) {
            if (item.message.kind != MessageKind::kText) continue;
            AnalyzeOptions with;
            Report turn;
            if (item.reply_to) {
              with.reply_to = *item.reply_to;
              std::vector<const Report*> reports;
              for (uint64_t seq : item.answered) {
                auto it = done.find(seq);
                if (it == done.end()) break;
                reports.push_back(it->second);
              }
              if (!reports.empty() && reports.size() == item.answered.size()) {
                turn = TurnReport(reports);
                with.reply_report = &turn;
              }
            }
            item.report = analyzer.Analyze(item.message.text, with);
            item.analysed = true;
            if (per_message_language) item.message.language = DetectLanguage(item.message.text).code;
            done[item.seq] = &item.report;
          }
          for (Item& item : *work) {
            if (!item.analysed) continue;
            if (!o.only_category.empty()) {
              auto& f = item.report.findings;
              f.erase(
                  std::remove_if(f.begin(), f.end(), [&](const Finding& x) { return x.category != o.only_category; }),
                  f.end());
            }
          }
          return std::move(*work);
        },
        sink);
  };

  // Each message's reply context: the turn before it by someone else (all
  // messages count, selected or not: "me" answers the others).
  struct Sent {
    std::string text;
    uint64_t seq;
  };
  Turns<Sent> context(o.reply_gap_seconds);
  uint64_t seq = 0;
  size_t read = 0, selected = 0;
  std::map<std::string, size_t> authors;  // with an author filter: who is in the chat, to say when none match
  for (;;) {
    Item item;
    Result<bool> more = reader.Next(item.message);
    if (!more.ok()) {
      pool.Finish(sink);
      return more.status();
    }
    if (!*more) break;
    ++read;
    if (o.progress && (read & 0x3FFF) == 0) o.progress(read);
    if (item.message.kind == MessageKind::kText) {
      item.seq = ++seq;
      if (const std::vector<Sent>* answered = context.Add(item.message, Sent{item.message.text, item.seq})) {
        std::vector<std::string> texts;
        for (const Sent& s : *answered) {
          texts.push_back(s.text);
          item.answered.push_back(s.seq);
        }
        item.reply_to = Join(texts);
      }
    }
    if (!o.author.empty() && !item.message.author.empty() && authors.size() < 1000) ++authors[item.message.author];
    if (!Selected(o, item.message)) continue;
    ++selected;
    batch_bytes += item.message.text.size() + 64;
    batch.push_back(std::move(item));
    if (batch.size() >= 1024 || batch_bytes >= (256 << 10)) submit();
  }
  submit();
  pool.Finish(sink);
  if (!o.author.empty() && selected == 0) {
    std::vector<std::pair<std::string, size_t>> people(authors.begin(), authors.end());
    std::stable_sort(people.begin(), people.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string names;
    for (size_t i = 0; i < people.size() && i < 12; ++i) {
      names += (i ? ", " : "") + people[i].first + " (" + std::to_string(people[i].second) + ")";
    }
    if (people.size() > 12) names += ", and " + std::to_string(people.size() - 12) + " more";
    return Status(StatusCode::kNotFound, "no messages by '" + o.author + "'" +
                                             (names.empty() ? std::string("; the chat names no authors")
                                                            : "; the people in this chat: " + names));
  }
  return read;
}

}  // namespace reframe
