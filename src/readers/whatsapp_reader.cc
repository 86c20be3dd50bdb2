// WhatsApp "Export chat" text, Android and iOS, in every header shape that
// whatsapp_header.h reads.
//
// The file is read once. Its start is looked at first (and kept): it decides
// the day/month order and whether headers may end in ": " instead of " - "
// or "]". Then the file is cut into chunks that each begin with a header
// line, so chunks parse independently — in turn (Next) or on other threads
// (NextChunk) — into exactly the same messages. Only when the start cannot
// tell the day/month order (no day above 12, too few date changes to judge
// by) is the rest of the file scanned once more for a deciding date.
#include <algorithm>
#include <cstring>
#include <ctime>

#include "readers/readers.h"
#include "readers/whatsapp_header.h"
#include "text/encoding.h"
#include "text/quotes.h"

namespace reframe::internal {
namespace {

constexpr size_t kSurveyBytes = size_t{4} << 20;  // the most of a file's start kept to decide its layout
constexpr size_t kSurveyHeaders = 200;            // enough headers to tell the shape
constexpr size_t kMinSamples = 64;                // dates seen before a decisive one settles the order
constexpr size_t kMaxSamples = 5000;              // dates kept for the gap test

std::string At(const std::string& name, size_t line) { return name + ":" + std::to_string(line); }

// What all chunks of one file share, decided before it is cut.
struct Layout {
  std::string name;
  bool allow_colon = false;
  ResolvedDateContext dates;
  size_t max_message_bytes = 0;
};

// Splits `text` into lines, without their LF or CRLF ends.
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  size_t pos = 0;
  while (pos < text.size()) {
    const char* nl = static_cast<const char*>(std::memchr(text.data() + pos, '\n', text.size() - pos));
    const size_t end = nl ? static_cast<size_t>(nl - text.data()) : text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!f(line)) return;
    pos = end + 1;
  }
}

// --- The day/month order --------------------------------------------------

// Looks at headers' dates to tell how the file writes them. A number above 12
// decides, as today's phones write whole files one way; failing that,
// messages follow each other closely, so the reading with the smaller jumps
// between consecutive dates is the right one.
class OrderVote {
 public:
  void Add(const HeaderDate& d, bool bracketed) {
    if (d.named_month) return;
    const YearPosition pos = d.year_position();
    if (pos == YearPosition::kFirst) return;  // the line says: year, month, day
    ++seen_;
    const int a = d.part[0], b = d.part[1], c = d.part[2];
    const bool dmy = a >= 1 && a <= 31 && b >= 1 && b <= 12;
    const bool mdy = a >= 1 && a <= 12 && b >= 1 && b <= 31;
    const bool ymd = pos == YearPosition::kUnknown && b >= 1 && b <= 12 && c >= 1 && c <= 31;
    invalid_[0] += !dmy;
    invalid_[1] += !mdy;
    invalid_[2] += !ymd;
    if (samples_.size() < kMaxSamples) {
      samples_.push_back({a, b, c, pos == YearPosition::kUnknown, d.digits[2] <= 2, d.digits[0] <= 2});
    }
    separator_ = d.separator;
    bracketed_ = bracketed;
  }

  // Settled by an impossible reading (a day above 12 or the like).
  bool Settled() const {
    if (seen_ == 0) return true;  // nothing to decide
    int valid = 0;
    for (size_t v : invalid_) valid += v == 0;
    return valid == 1 && seen_ >= kMinSamples;
  }

  // The decision. `reliable_only`: return false instead of guessing when
  // neither impossible dates nor clear date changes tell.
  bool Decide(bool reliable_only, ResolvedDateContext* out) const {
    if (seen_ == 0) return true;
    const size_t best_invalid = *std::min_element(invalid_, invalid_ + 3);
    bool candidate[3];
    int candidates = 0;
    for (int o = 0; o < 3; ++o) candidates += candidate[o] = invalid_[o] == best_invalid;
    DateOrder order;
    if (candidates == 1) {
      order = static_cast<DateOrder>(std::find(candidate, candidate + 3, true) - candidate);
    } else {
      long jumps[3] = {0, 0, 0};
      size_t changes = 0;
      for (size_t i = 1; i < samples_.size(); ++i) {
        const Sample& p = samples_[i - 1];
        const Sample& s = samples_[i];
        changes += p.a != s.a || p.b != s.b || p.c != s.c;
        for (int o = 0; o < 3; ++o) {
          if (candidate[o]) jumps[o] += std::labs(Days(s, o) - Days(p, o));
        }
      }
      int best = -1, second = -1;
      for (int o = 0; o < 3; ++o) {
        if (!candidate[o]) continue;
        if (best < 0 || jumps[o] < jumps[best]) {
          second = best;
          best = o;
        } else if (second < 0 || jumps[o] < jumps[second]) {
          second = o;
        }
      }
      const bool clear = jumps[best] < jumps[second] && changes >= 8 && jumps[best] * 2 <= jumps[second];
      if (reliable_only && !clear) return false;
      if (jumps[best] != jumps[second]) {
        order = static_cast<DateOrder>(best);
      } else {
        // Undecidable: iOS in US style writes month first with slashes; most of the world day first.
        order = separator_ == '/' && bracketed_ ? DateOrder::kMonthDayYear : DateOrder::kDayMonthYear;
        if (!candidate[static_cast<int>(order)]) order = static_cast<DateOrder>(best);
      }
    }
    out->order_when_unknown = order;
    out->day_first = order != DateOrder::kMonthDayYear;
    if (order == DateOrder::kYearMonthDay) out->day_first = invalid_[0] <= invalid_[1];
    return true;
  }

 private:
  struct Sample {
    int a, b, c;
    bool year_unknown, short_last, short_first;
  };
  static long Days(const Sample& s, int order) {
    int y, m, d;
    switch (order) {
      case 0:
        d = s.a, m = s.b, y = s.c + (s.short_last ? 2000 : 0);
        break;
      case 1:
        m = s.a, d = s.b, y = s.c + (s.short_last ? 2000 : 0);
        break;
      default:
        y = s.a + (s.short_first ? 2000 : 0), m = s.b, d = s.c;
        break;
    }
    return y * 372L + m * 31L + d;
  }

  size_t seen_ = 0;
  size_t invalid_[3] = {0, 0, 0};  // dates impossible as day-month-year, month-day-year, year-month-day
  std::vector<Sample> samples_;
  char separator_ = 0;
  bool bracketed_ = false;
};

// --- Messages ---------------------------------------------------------------

bool IsMark(const std::string& s, size_t i) {
  if (i + 3 > s.size()) return false;
  const auto c0 = static_cast<unsigned char>(s[i]), c1 = static_cast<unsigned char>(s[i + 1]),
             c2 = static_cast<unsigned char>(s[i + 2]);
  return c0 == 0xE2 && c1 == 0x80 && (c2 == 0x8E || c2 == 0x8F || (c2 >= 0xAA && c2 <= 0xAE));
}

// Drops bidi marks at either end of a body, and trailing spaces, in place.
void StripMarks(std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && IsMark(s, b)) b += 3;
  while (e >= b + 3 && IsMark(s, e - 3)) e -= 3;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
  s.erase(e);
  s.erase(0, b);
}

// A name as shown: invisible marks and isolates dropped wherever they are
// (phones wrap numbers and foreign-script names in them), odd spaces made
// plain ("+90 531 411 38 99"), spaces trimmed. Quotes, apostrophes, emoji
// and a leading "~" (a name the contact chose) stay.
std::string CleanName(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    const auto c1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    const auto c2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
    if (c0 == 0xE2 && c1 == 0x80 && (c2 == 0x8E || c2 == 0x8F || c2 == 0x8B || (c2 >= 0xAA && c2 <= 0xAE))) {
      i += 3;
    } else if ((c0 == 0xE2 && c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9) || (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF)) {
      i += 3;
    } else if (c0 == 0xD8 && c1 == 0x9C) {
      i += 2;
    } else if (c0 == 0xC2 && c1 == 0xA0) {
      out.push_back(' ');
      i += 2;
    } else if (c0 == 0xE2 && c1 == 0x80 && (c2 == 0xAF || (c2 >= 0x80 && c2 <= 0x8A))) {
      out.push_back(' ');
      i += 3;
    } else {
      out.push_back(static_cast<char>(c0));
      ++i;
    }
  }
  const size_t b = out.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  out.erase(out.find_last_not_of(' ') + 1);
  out.erase(0, b);
  return out;
}

// Message bodies that are not something the author wrote.
bool IsDeletedText(const std::string& body) {
  static constexpr std::string_view kPhrases[] = {"This message was deleted",
                                                  "You deleted this message",
                                                  "Diese Nachricht wurde gelöscht",
                                                  "Du hast diese Nachricht gelöscht",
                                                  "Se eliminó este mensaje",
                                                  "Eliminaste este mensaje",
                                                  "Ce message a été supprimé",
                                                  "Vous avez supprimé ce message",
                                                  "Questo messaggio è stato eliminato",
                                                  "Hai eliminato questo messaggio",
                                                  "Esta mensagem foi apagada",
                                                  "Apagaste esta mensagem",
                                                  "Это сообщение удалено",
                                                  "Вы удалили это сообщение",
                                                  "Deze berichten is verwijderd",
                                                  "Dit bericht is verwijderd",
                                                  "Tato zpráva byla smazána"};
  if (body.empty()) return false;
  for (std::string_view p : kPhrases) {
    if (p[0] == body[0] && body.compare(0, p.size(), p) == 0) return true;
  }
  return false;
}

bool IsMediaText(const std::string& body) {
  if (body.size() >= 2 && body.front() == '<' && body.back() == '>' && body.find('\n') == std::string::npos)
    return true;
  if (body.find('(') == std::string::npos) return false;
  static constexpr std::string_view kMarkers[] = {"(file attached)",     "(Datei angehängt)", "(archivo adjunto)",
                                                  "(fichier joint)",     "(file allegato)",   "(arquivo anexado)",
                                                  "(bestand bijgevoegd)"};
  for (std::string_view m : kMarkers) {
    if (body.find(m) != std::string::npos) return true;
  }
  return false;
}

void Finish(ChatMessage& m) {
  if (m.kind == MessageKind::kEvent) return;
  // iOS marks what the app wrote in the author's name (media, deletions,
  // the encryption notice) with a left-to-right mark before the text.
  const bool app_text = m.text.compare(0, 3, "\xE2\x80\x8E") == 0 || m.text.compare(0, 3, "\xE2\x80\x8F") == 0;
  StripMarks(m.text);
  if (m.text.empty())
    m.kind = MessageKind::kEmpty;
  else if (IsDeletedText(m.text))
    m.kind = MessageKind::kDeleted;
  else if (IsMediaText(m.text))
    m.kind = MessageKind::kMedia;
  else if (app_text)
    m.kind = m.text.size() > 60 ? MessageKind::kEvent : MessageKind::kMedia;
  else if (m.text == "null" || m.text == "<Media omitted>")
    m.kind = MessageKind::kMedia;
  if (m.kind == MessageKind::kEvent) m.author.clear();
}

// Fills `m` from a header line: time, and author and text or a system text.
void StartMessage(const Layout& layout, std::string_view line, const WhatsAppHeader& h, size_t line_number,
                  ChatMessage& m, std::vector<std::string>& problems) {
  m.source = layout.name;
  m.line = line_number;
  int year, month, day;
  const int hour = ApplyDayPeriod(h.hour, h.period_hours);
  if (ResolveDate(h.date, layout.dates, &year, &month, &day) && hour < 24 && h.minute < 60 && h.second < 61) {
    FormatIsoTime(year, month, day, hour, h.minute, h.second, m.time);
  } else {
    std::string stamp(line.substr(0, std::min(h.rest, line.size())));
    while (!stamp.empty() && (stamp.back() == ' ' || stamp.back() == '-' || stamp.back() == ']')) stamp.pop_back();
    problems.push_back(At(layout.name, line_number) + ": '" + stamp +
                       "' is no possible date and time (read with the day/month order of the rest of the file); "
                       "the message is kept without a time");
  }
  // "Name: text" — the name ends at the first ": " (or a final ":").
  const std::string_view rest = line.substr(std::min(h.rest, line.size()));
  size_t colon = rest.find(": ");
  if (colon == std::string_view::npos && !rest.empty() && rest.back() == ':') colon = rest.size() - 1;
  if (colon == std::string_view::npos) {
    const size_t c = rest.find(':');  // "John Doe:." — no space after the colon
    if (c != std::string_view::npos && c + 1 < rest.size() && rest[c + 1] != ' ' && rest[c + 1] != '/' &&
        rest.find('"') == std::string_view::npos) {
      colon = c;
    }
  }
  if (colon != std::string_view::npos) {
    const std::string_view name = rest.substr(0, colon);
    // A colon inside an open quotation, or a "name" as long as a sentence,
    // is a system line ("Alex changed the subject to "us: again"").
    if (!QuotesBalanced(name) || CountCodePoints(name) > 64) colon = std::string_view::npos;
  }
  if (colon != std::string_view::npos) m.author = CleanName(rest.substr(0, colon));
  if (m.author.empty()) {  // no name, or ": text" — nobody: a system line
    m.kind = MessageKind::kEvent;
    m.text.assign(rest);
    StripMarks(m.text);
    return;
  }
  size_t body = colon + 1;
  if (body < rest.size() && rest[body] == ' ') ++body;
  m.text.assign(rest.substr(body));
}

// Parses one chunk: lines starting with a header begin a message, the others
// continue it. Appends messages to `out` up to an error.
Status ParseChunk(const Layout& layout, const TextChunk& chunk, std::vector<ChatMessage>& out,
                  std::vector<std::string>& problems) {
  bool pending = false;
  size_t line_number = chunk.first_line - 1;
  out.reserve(out.size() + chunk.text.size() / 64);
  Status error;
  WhatsAppHeader h;
  ForEachLine(chunk.text, [&](std::string_view line) {
    ++line_number;
    if (ScanWhatsAppHeader(line, layout.allow_colon, &h)) {
      if (pending) Finish(out.back());
      out.emplace_back();
      StartMessage(layout, line, h, line_number, out.back(), problems);
      pending = true;
      return true;
    }
    if (!pending) {
      if (!line.empty()) problems.push_back(At(layout.name, line_number) + ": text before the first message; skipped");
      return true;
    }
    ChatMessage& m = out.back();
    if (m.text.size() + line.size() > layout.max_message_bytes) {
      error = Status(StatusCode::kResourceExhausted, At(layout.name, m.line) + ": a message longer than " +
                                                         std::to_string(layout.max_message_bytes >> 20) + " MiB");
      out.pop_back();
      pending = false;
      return false;
    }
    if (StartsWithDate(line)) {
      problems.push_back(At(layout.name, line_number) +
                         ": looks like a broken message header; kept as text of the message above");
    }
    m.text += '\n';
    m.text.append(line);
    return true;
  });
  if (pending) Finish(out.back());
  return error;
}

class WhatsAppChunk : public ChatChunk {
 public:
  WhatsAppChunk(std::shared_ptr<const Layout> layout, TextChunk chunk)
      : layout_(std::move(layout)), chunk_(std::move(chunk)) {}
  Status Parse(std::vector<ChatMessage>& out, std::vector<std::string>& problems) override {
    const Status s = ParseChunk(*layout_, chunk_, out, problems);
    chunk_ = TextChunk();
    return s;
  }

 private:
  std::shared_ptr<const Layout> layout_;
  TextChunk chunk_;
};

class WhatsAppReader : public ChatReader {
 public:
  WhatsAppReader(std::unique_ptr<ChunkReader> chunks, std::shared_ptr<const Layout> layout, size_t chunk_bytes,
                 std::vector<std::string> problems)
      : chunks_(std::move(chunks)), layout_(std::move(layout)), chunk_bytes_(chunk_bytes) {
    problems_ = std::move(problems);
    const bool allow_colon = layout_->allow_colon;
    starts_message_ = [allow_colon](std::string_view line) {
      WhatsAppHeader h;
      return ScanWhatsAppHeader(line, allow_colon, &h);
    };
  }

  ChatFormat format() const override { return ChatFormat::kWhatsApp; }

  Result<bool> Next(ChatMessage& out) override {
    while (next_ >= parsed_.size()) {
      if (!error_.ok()) return error_;
      parsed_.clear();
      next_ = 0;
      TextChunk chunk;
      Result<bool> more = chunks_->Next(chunk_bytes_, starts_message_, chunk);
      if (!more.ok()) return more.status();
      if (!*more) return false;
      error_ = ParseChunk(*layout_, chunk, parsed_, problems_);
    }
    out = std::move(parsed_[next_++]);
    return true;
  }

  Result<std::unique_ptr<ChatChunk>> NextChunk() override {
    if (next_ < parsed_.size() || !error_.ok()) {  // what Next() has parsed and not yet returned
      std::vector<ChatMessage> rest(std::make_move_iterator(parsed_.begin() + static_cast<std::ptrdiff_t>(next_)),
                                    std::make_move_iterator(parsed_.end()));
      parsed_.clear();
      next_ = 0;
      Status error = error_;
      error_ = Status();
      return std::unique_ptr<ChatChunk>(new ParsedChunk(std::move(rest), std::move(error)));
    }
    TextChunk chunk;
    Result<bool> more = chunks_->Next(chunk_bytes_, starts_message_, chunk);
    if (!more.ok()) return more.status();
    if (!*more) return std::unique_ptr<ChatChunk>();
    return std::unique_ptr<ChatChunk>(new WhatsAppChunk(layout_, std::move(chunk)));
  }

 private:
  std::unique_ptr<ChunkReader> chunks_;
  std::shared_ptr<const Layout> layout_;
  size_t chunk_bytes_;
  ChunkReader::StartsMessage starts_message_;
  std::vector<ChatMessage> parsed_;
  size_t next_ = 0;
  Status error_;
};

// --- Looking at the start of the file --------------------------------------

// Everything the first part of a file tells about its layout.
class Survey {
 public:
  // Looks at one line; false once enough is known.
  void Add(std::string_view line, size_t line_number) {
    WhatsAppHeader h;
    if (!ScanWhatsAppHeader(line, /*allow_colon=*/true, &h)) {
      if (first_date_line_ == 0 && StartsWithDate(line)) {
        first_date_line_ = line_number;
        first_date_text_ = std::string(line.substr(0, 120));
      }
      return;
    }
    ++headers_;
    if (h.separator == HeaderSeparator::kColon) ++colon_;
    if (h.unknown_period && unknown_line_ == 0) {
      unknown_line_ = line_number;
      unknown_word_ = std::string(h.period_word);
    }
    const bool bracketed = h.separator == HeaderSeparator::kBracket;
    vote_.Add(h.date, bracketed);
  }
  bool Enough() const { return headers_ >= kSurveyHeaders && vote_.Settled(); }
  size_t headers() const { return headers_; }
  bool allow_colon() const { return colon_ * 2 > headers_; }
  const OrderVote& vote() const { return vote_; }
  OrderVote& vote() { return vote_; }
  size_t first_date_line() const { return first_date_line_; }
  const std::string& first_date_text() const { return first_date_text_; }
  size_t unknown_line() const { return unknown_line_; }
  const std::string& unknown_word() const { return unknown_word_; }

 private:
  size_t headers_ = 0, colon_ = 0;
  OrderVote vote_;
  size_t first_date_line_ = 0;
  std::string first_date_text_;
  size_t unknown_line_ = 0;
  std::string unknown_word_;
};

// The export's own date, for headers without a year.
void SetReferenceDate(std::time_t when, ResolvedDateContext* dates) {
  if (when <= 0) when = std::time(nullptr);
  std::tm tm{};
  localtime_r(&when, &tm);
  dates->reference_year = tm.tm_year + 1900;
  dates->reference_month = tm.tm_mon + 1;
  dates->reference_day = tm.tm_mday;
}

}  // namespace

bool LooksLikeWhatsApp(const std::string& line) {
  WhatsAppHeader h;
  return ScanWhatsAppHeader(line, /*allow_colon=*/true, &h);
}

bool LooksLikeDateLine(const std::string& line) { return StartsWithDate(line); }

Result<std::unique_ptr<ChatReader>> OpenWhatsApp(SourceOpener opener, const ChatOptions& options) {
  Result<std::unique_ptr<ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  auto chunks = std::make_unique<ChunkReader>(std::move(*src), options.max_message_bytes);
  auto layout = std::make_shared<Layout>();
  layout->name = chunks->name();
  layout->max_message_bytes = options.max_message_bytes;
  SetReferenceDate(chunks->source().modified(), &layout->dates);

  // Look at the start until it tells enough (or up to kSurveyBytes); it stays
  // buffered and is cut into chunks like the rest.
  Survey survey;
  size_t scanned = 0, line_number = 0;
  for (;;) {
    const std::string_view buffered = chunks->buffered();
    size_t end = buffered.size();
    if (!chunks->exhausted()) {
      const size_t last_nl = buffered.rfind('\n');
      end = last_nl == std::string_view::npos || last_nl < scanned ? scanned : last_nl + 1;
    }
    ForEachLine(buffered.substr(scanned, end - scanned), [&](std::string_view line) {
      survey.Add(line, ++line_number);
      return true;
    });
    scanned = end;
    if (survey.Enough() || chunks->exhausted() || buffered.size() >= kSurveyBytes) break;
    if (Status s = chunks->Fill(buffered.size() + (size_t{64} << 10)); !s.ok()) return s;
  }
  if (survey.headers() == 0) {
    if (survey.first_date_line()) {
      return Status(StatusCode::kDataError, At(layout->name, survey.first_date_line()) +
                                                ": not a WhatsApp export reframe can read: the line starts "
                                                "with a date but fits no message header shape it knows: '" +
                                                survey.first_date_text() + "'");
    }
    return Status(StatusCode::kDataError, layout->name +
                                              ":1: not a WhatsApp export: expected lines like "
                                              "'31/12/21, 21:15 - Name: text' or '[12/31/21, 9:15:00 PM] Name: text'");
  }
  layout->allow_colon = survey.allow_colon();
  if (!survey.vote().Decide(/*reliable_only=*/!chunks->exhausted(), &layout->dates)) {
    // The start cannot tell the day/month order: read on for a deciding date.
    Result<std::unique_ptr<ByteSource>> again = opener();
    if (!again.ok()) return again.status();
    ChunkReader rest(std::move(*again), options.max_message_bytes);
    OrderVote vote;
    const ChunkReader::StartsMessage any_line = [](std::string_view) { return true; };
    for (;;) {
      TextChunk chunk;
      Result<bool> more = rest.Next(size_t{1} << 20, any_line, chunk);
      if (!more.ok()) return more.status();
      if (!*more) break;
      bool settled = false;
      ForEachLine(chunk.text, [&](std::string_view line) {
        WhatsAppHeader h;
        if (ScanWhatsAppHeader(line, layout->allow_colon, &h))
          vote.Add(h.date, h.separator == HeaderSeparator::kBracket);
        settled = vote.Settled();
        return !settled;
      });
      if (settled) break;
    }
    vote.Decide(/*reliable_only=*/false, &layout->dates);
  }
  std::vector<std::string> problems;
  if (survey.unknown_line()) {
    problems.push_back(At(layout->name, survey.unknown_line()) + ": '" + survey.unknown_word() +
                       "' after the time is no day period reframe knows (like AM/PM); hours are read as written");
  }
  const size_t chunk_bytes = options.chunk_bytes ? options.chunk_bytes : size_t{64} << 10;
  return std::unique_ptr<ChatReader>(
      new WhatsAppReader(std::move(chunks), std::move(layout), chunk_bytes, std::move(problems)));
}

}  // namespace reframe::internal
