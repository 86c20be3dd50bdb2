// AnalyzeChat (reframe/run.h): a chat's chunks parsed and analysed on a pool
// of threads, handed back in order. Each message is read with the turn it
// answers: the other person's messages just before it, within the reply gap.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/ordered_pool.h"
#include "reframe/language.h"
#include "reframe/run.h"

namespace reframe {
namespace {

// Seconds since 1970 of an ISO time "2024-06-01T10:01:00[Z|+02:00]" (the
// offset is ignored: gaps are what matter), or nothing.
std::optional<int64_t> IsoSeconds(const std::string& t) {
  // Readers write times as "YYYY-MM-DDTHH:MM[:SS]..." (digits at fixed places).
  auto num = [&t](size_t at, size_t n, int& out) {
    if (at + n > t.size()) return false;
    out = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || mo < 1 || mo > 12) return std::nullopt;
  if (num(11, 2, h) && num(14, 2, mi)) num(17, 2, sec);
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
  // The entry Add recorded last.
  Entry& last() { return cur_.entries.back(); }

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

// What a message did, for a reply to read: its categories, strength and cue
// kinds (the rest of its report is not needed).
Report KindsOf(const Report& r) {
  Report kinds;
  for (const Finding& f : r.findings) kinds.findings.emplace_back().category = f.category;
  for (const Finding& f : r.strengths) kinds.strengths.emplace_back().kind = f.kind;
  for (const Finding& f : r.cues) kinds.cues.emplace_back().kind = f.kind;
  return kinds;
}

// A text message as the turns see it.
struct Said {
  std::string time;
  std::string text;
  std::optional<Report> kinds;  // KindsOf its report, once analysed
};

// Analyses `text` as the answer to `turn` (null: it answers nothing). When
// every message of the turn has been analysed, their kinds are what the
// analyzer reads; otherwise it analyses the turn's text itself.
Report AnalyzeAnswering(const Analyzer& analyzer, const std::string& text, const std::vector<Said>* turn,
                        bool suggestions) {
  AnalyzeOptions with;
  with.cues = true;  // the next message may answer this one
  with.suggestions = suggestions;
  std::string answered;
  Report kinds;
  if (turn) {
    const bool all = std::all_of(turn->begin(), turn->end(), [](const Said& s) { return s.kinds.has_value(); });
    if (all) {
      // The kinds come from the reports; of the text only its end is read
      // (is it a question?), so the last message stands for the turn.
      with.reply_to = turn->back().text;
    } else {
      std::vector<std::string> texts;
      for (const Said& s : *turn) texts.push_back(s.text);
      answered = Join(texts);
      with.reply_to = answered;
    }
    if (all) {
      for (const Said& s : *turn) {
        kinds.findings.insert(kinds.findings.end(), s.kinds->findings.begin(), s.kinds->findings.end());
        kinds.strengths.insert(kinds.strengths.end(), s.kinds->strengths.begin(), s.kinds->strengths.end());
        kinds.cues.insert(kinds.cues.end(), s.kinds->cues.begin(), s.kinds->cues.end());
      }
      with.reply_report = &kinds;
    }
  }
  return analyzer.Analyze(text, with);
}

struct Item {
  size_t index = 0;  // into Batch::messages
  Report report;
  bool analysed = false;
  // Its turn, or the turn it answers, may have begun in an earlier chunk:
  // the sink, which sees the chunks in order, analyses it again.
  bool provisional = false;
};

// One chunk, parsed and analysed on a worker.
struct Batch {
  std::vector<ChatMessage> messages;  // every message of the chunk
  std::vector<Item> items;            // the selected ones
  std::vector<std::string> problems;  // records the chunk skipped
  Status status;                      // the error that ends the reading here
};

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

// Parses and analyses one chunk, each message with the turn it answers as
// far as the chunk shows it (all messages count, selected or not).
// `per_message_language`: each selected text message gets its language (only
// reports that list messages show it: the summaries use a bounded sample,
// ChatSummary::Languages).
Batch Work(ChatChunk& chunk, const Analyzer& analyzer, const ChatRunOptions& o, bool per_message_language) {
  Batch batch;
  batch.status = chunk.Parse(batch.messages, batch.problems);
  batch.items.reserve(batch.messages.size());
  Turns<Said> turns(o.reply_gap_seconds);
  size_t turns_begun = 0;
  const std::string* author = nullptr;
  for (size_t i = 0; i < batch.messages.size(); ++i) {
    ChatMessage& m = batch.messages[i];
    const bool selected = Selected(o, m);
    if (selected) batch.items.emplace_back().index = i;
    if (m.kind != MessageKind::kText) continue;
    if (!author || m.author != *author) ++turns_begun;
    author = &m.author;
    const std::vector<Said>* turn = turns.Add(m, Said{m.time, m.text, std::nullopt});
    if (!selected) continue;
    Item& item = batch.items.back();
    // The chunk's first turn may go on from, or answer, one before the chunk:
    // the sink analyses those again with what came before. (What a message
    // answers is read from the reports of the turn answered, so a report
    // depends on the ones before it; past the first turns of a chunk the
    // worker's reading stands, which makes results depend on where chunks
    // are cut, deterministically, and only in rare chains.)
    item.provisional = turns_begun <= 2;
    // (A provisional report is made again in the sink: its suggestions, the
    // costly part, wait for that.)
    item.report = AnalyzeAnswering(analyzer, m.text, turn, o.suggestions && !item.provisional);
    item.analysed = true;
    turns.last().kinds = KindsOf(item.report);
    if (per_message_language) m.language = DetectLanguage(m.text).code;
  }
  return batch;
}

// The categories of a turn (and "bid" for a reach for closeness), for the
// loop between two people.
std::vector<std::string> LoopKinds(const std::vector<Said>& turn, const std::string& only_category) {
  std::vector<std::string> kinds;
  auto add = [&kinds](const std::string& k) {
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end()) kinds.push_back(k);
  };
  for (const Said& s : turn) {
    if (!s.kinds) continue;
    for (const Finding& f : s.kinds->findings) {
      if (only_category.empty() || f.category == only_category) add(f.category);
    }
    for (const Finding& f : s.kinds->strengths) {
      if (f.kind == "bid") add("bid");
    }
  }
  return kinds;
}

}  // namespace

Result<size_t> AnalyzeChat(ChatReader& reader, const Analyzer& analyzer, const ChatRunOptions& o, ChatWriter& writer) {
  if (!o.only_category.empty() &&
      std::find(kCategories.begin(), kCategories.end(), o.only_category) == kCategories.end()) {
    return Status(StatusCode::kInvalidArgument,
                  "only_category must be one of mixed-message, criticism, defensiveness, withdrawal, not '" +
                      o.only_category + "'");
  }
  // The reader cuts chunks here (a WhatsApp chunk is raw text cut at a
  // header); the workers parse and analyse them; the sink finishes the first
  // turns of each chunk with what the chunk before ended with, and writes
  // the messages in order. It stops at the first chunk that ends the reading.
  size_t read = 0, reported = 0, selected = 0;
  std::map<std::string, size_t> authors;  // with an author filter: who is in the chat, to say when none match
  Status failure;
  Turns<Said> turns(o.reply_gap_seconds);
  auto sink = [&](Batch& done) {
    if (!failure.ok()) return;
    Batch* batch = &done;
    read += batch->messages.size();
    reader.AddProblems(batch->problems);
    size_t next_item = 0;
    for (size_t i = 0; i < batch->messages.size(); ++i) {
      const ChatMessage& m = batch->messages[i];
      Item* item =
          next_item < batch->items.size() && batch->items[next_item].index == i ? &batch->items[next_item++] : nullptr;
      if (!o.author.empty() && !m.author.empty() && authors.size() < 1000) ++authors[m.author];
      if (item) ++selected;
      if (m.kind != MessageKind::kText) {
        if (item) writer.Write(m, nullptr);
        continue;
      }
      const std::vector<Said>* turn = turns.Add(m, Said{m.time, m.text, std::nullopt});
      if (!item) continue;
      if (item->provisional) {
        item->report = AnalyzeAnswering(analyzer, m.text, turn, o.suggestions);
        item->analysed = true;
      }
      turns.last().kinds = KindsOf(item->report);
      if (!o.only_category.empty()) {
        auto& f = item->report.findings;
        f.erase(std::remove_if(f.begin(), f.end(), [&](const Finding& x) { return x.category != o.only_category; }),
                f.end());
      }
      if (!turn) {
        writer.Write(m, &item->report);
        continue;
      }
      ChatReply reply;
      reply.author = turns.answered_author();
      std::vector<std::string> texts;
      for (const Said& s : *turn) texts.push_back(s.text);
      reply.text = Join(texts);
      reply.time = turn->back().time;  // the last message of the turn answered
      reply.kinds = LoopKinds(*turn, o.only_category);
      writer.Write(m, &item->report, &reply);
    }
    if (!batch->status.ok()) failure = batch->status;
    if (o.progress && read - reported >= 0x4000) {
      reported = read;
      o.progress(read);
    }
  };
  const bool per_message_language =
      writer.format() == ChatReportFormat::kJson || writer.format() == ChatReportFormat::kJsonl;
  internal::OrderedPool<Batch> pool(o.threads);
  for (;;) {
    Result<std::unique_ptr<ChatChunk>> next = reader.NextChunk();
    if (!next.ok()) {
      pool.Finish(sink);
      if (failure.ok()) failure = next.status();
      break;
    }
    if (!*next || !failure.ok()) break;
    std::shared_ptr<ChatChunk> chunk = std::move(*next);
    pool.Submit(
        [chunk, &analyzer, &o, per_message_language] { return Work(*chunk, analyzer, o, per_message_language); }, sink);
  }
  pool.Finish(sink);
  if (!failure.ok()) return failure;
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
