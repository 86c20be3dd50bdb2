// WhatsApp "Export chat" text, Android and iOS, in every header shape of
// ../shared/data/FORMATS.md. Streams the file twice: once to decide the
// day/month order from the whole file, once to read messages.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "readers/headered_reader.h"
#include "readers/readers.h"

namespace reframe::internal {
namespace {

// Invisible and look-alike characters phones put into headers, and what they
// become for parsing: bidi marks and BOMs vanish, odd spaces become spaces,
// Arabic-Indic digits become ASCII. `map[i]` is the original offset of
// cleaned byte i.
void CleanForHeader(const std::string& in, std::string& out, std::vector<uint32_t>& map) {
  out.clear();
  map.clear();
  for (size_t i = 0; i < in.size();) {
    const auto c0 = static_cast<unsigned char>(in[i]);
    const auto c1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const auto c2 = i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    auto emit = [&](char c, size_t len) {
      out.push_back(c);
      map.push_back(static_cast<uint32_t>(i));
      i += len;
    };
    if (c0 == 0xE2 && c1 == 0x80 && (c2 == 0x8E || c2 == 0x8F || (c2 >= 0xAA && c2 <= 0xAE))) { i += 3; continue; }
    if (c0 == 0xE2 && c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9) { i += 3; continue; }  // isolates
    if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF) { i += 3; continue; }                  // BOM
    if (c0 == 0xE2 && c1 == 0x80 && (c2 == 0xAF || c2 == 0x89 || c2 == 0x8A)) { emit(' ', 3); continue; }
    if (c0 == 0xC2 && c1 == 0xA0) { emit(' ', 2); continue; }
    if (c0 == 0xD9 && c1 >= 0xA0 && c1 <= 0xA9) { emit(static_cast<char>('0' + (c1 - 0xA0)), 2); continue; }
    if (c0 == 0xDB && c1 >= 0xB0 && c1 <= 0xB9) { emit(static_cast<char>('0' + (c1 - 0xB0)), 2); continue; }
    if (c0 == 0xD8 && c1 == 0x8C) { emit(',', 2); continue; }  // Arabic comma
    if (c0 == 0xE2 && c1 == 0x80 && (c2 == 0x93 || c2 == 0x94)) { emit('-', 3); continue; }  // en/em dash separator
    if (c0 == 0xD8 && c1 == 0xB5) { emit('A', 0); emit('M', 2); continue; }  // Arabic "ص" (a.m.)
    if (c0 == 0xD9 && c1 == 0x85) { emit('P', 0); emit('M', 2); continue; }  // Arabic "م" (p.m.)
    emit(static_cast<char>(c0), 1);
  }
  map.push_back(static_cast<uint32_t>(in.size()));
}

const char kDate[] =
    R"((?:\d{1,4}|[RHST]\d{1,2})[./-]\d{1,2}[./-](?:\d{1,4}|[RHST]\d{1,2})(?: BE)?|\d{1,2} [A-Za-z]{3,9}\.? \d{4}|[A-Za-z]{3,9} \d{1,2},? \d{4})";
const char kTime[] = R"(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\.?(?: ?[AaPp]\.? ?[Mm]\.?)?)";

struct HeaderPatterns {
  std::array<std::unique_ptr<RE2>, 4> re;  // [date time], [time date], date time -, time date -
  std::array<bool, 4> time_first = {false, true, false, true};
  std::unique_ptr<RE2> loose;              // looks like it meant to be a header
  HeaderPatterns() {
    const std::string d = std::string("(") + kDate + ")", t = std::string("(") + kTime + ")";
    re[0] = std::make_unique<RE2>("^\\[" + d + ",? " + t + "\\] ?(.*)$");
    re[1] = std::make_unique<RE2>("^\\[" + t + ",? " + d + "\\] ?(.*)$");
    re[2] = std::make_unique<RE2>("^" + d + ",? (?:klo )?" + t + " - (.*)$");
    re[3] = std::make_unique<RE2>("^" + t + ",? " + d + " - (.*)$");
    loose = std::make_unique<RE2>(R"(^\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[ ,])");
  }
};

const HeaderPatterns& Patterns() {
  static const HeaderPatterns p;
  return p;
}

struct Header {
  std::string date, time, rest;
  size_t rest_offset = 0;  // in the original line
};

bool ParseHeader(const std::string& line, std::string& clean, std::vector<uint32_t>& map, Header& h) {
  // A header fits in the first 120 bytes; the message after it is taken
  // from the original line, so only that prefix needs cleaning.
  size_t cut = std::min<size_t>(line.size(), 120);
  while (cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) ++cut;
  CleanForHeader(line.substr(0, cut), clean, map);
  if (clean.empty() || !(clean[0] == '[' || (clean[0] >= '0' && clean[0] <= '9') || clean[0] == 'R' ||
                         clean[0] == 'H' || clean[0] == 'S' || clean[0] == 'T')) {
    return false;
  }
  const HeaderPatterns& p = Patterns();
  re2::StringPiece a, b, rest;
  const size_t first = clean[0] == '[' ? 0 : 2;  // bracketed (iOS) or dash (Android) shapes
  for (size_t i = first; i < first + 2; ++i) {
    if (RE2::FullMatch(clean, *p.re[i], &a, &b, &rest)) {
      h.date = std::string(p.time_first[i] ? b : a);
      h.time = std::string(p.time_first[i] ? a : b);
      h.rest_offset = map[static_cast<size_t>(rest.data() - clean.data())];
      if (h.rest_offset > line.size()) h.rest_offset = line.size();
      h.rest = line.substr(h.rest_offset);
      return true;
    }
  }
  return false;
}

// Splits a date into its three parts; month names become numbers.
struct DateParts {
  std::string p[3];
  char sep = 0;
  bool year_first = false;
  bool named_month = false;
};

int MonthNumber(std::string m) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int i = 0; i < 12; ++i) {
    if (m.compare(0, 3, names[i]) == 0) return i + 1;
  }
  return 0;
}

bool SplitDate(const std::string& date_in, DateParts& d) {
  std::string date = date_in;
  const bool buddhist = date.size() > 3 && date.compare(date.size() - 3, 3, " BE") == 0;
  if (buddhist) date.resize(date.size() - 3);
  std::string parts[3];
  int n = 0;
  bool in = false;
  for (char c : date) {
    const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (alnum) {
      if (!in && n == 3) return false;
      if (!in) ++n;
      parts[n - 1].push_back(c);
    } else if (in && !d.sep && (c == '/' || c == '.' || c == '-')) {
      d.sep = c;
    }
    in = alnum;
  }
  if (n < 3) return false;
  if (std::isalpha(static_cast<unsigned char>(parts[1][0])) && parts[1].size() >= 3) {  // 28 Aug 2013
    d.named_month = true;
    d.p[0] = parts[2];
    d.p[1] = std::to_string(MonthNumber(parts[1]));
    d.p[2] = parts[0];
    d.year_first = true;
    return MonthNumber(parts[1]) > 0;
  }
  if (std::isalpha(static_cast<unsigned char>(parts[0][0])) && parts[0].size() >= 3) {  // Aug 28, 2013
    d.named_month = true;
    d.p[0] = parts[2];
    d.p[1] = std::to_string(MonthNumber(parts[0]));
    d.p[2] = parts[1];
    d.year_first = true;
    return MonthNumber(parts[0]) > 0;
  }
  for (int i = 0; i < 3; ++i) d.p[i] = parts[i];
  d.year_first = parts[0].size() == 4 || std::isalpha(static_cast<unsigned char>(parts[0][0]));
  if (buddhist) d.p[2] += "BE";
  return true;
}

int Year(const std::string& y) {
  if (y.empty()) return -1;
  const char era = y[0];
  if (era == 'R' || era == 'H' || era == 'S' || era == 'T') {  // Japanese eras: Reiwa, Heisei, Showa, Taisho
    const int n = std::atoi(y.c_str() + 1);
    return (era == 'R' ? 2018 : era == 'H' ? 1988 : era == 'S' ? 1925 : 1911) + n;
  }
  int v = std::atoi(y.c_str());
  if (y.size() >= 2 && y.compare(y.size() - 2, 2, "BE") == 0) return v - 543;  // Buddhist era
  if (y.size() <= 2) v += 2000;
  return v;
}

bool ParseTime(const std::string& t, int& h, int& m, int& s) {
  h = m = s = 0;
  int vals[3] = {0, 0, 0}, n = 0;
  size_t i = 0;
  while (i < t.size() && n < 3) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) break;
    int v = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) v = v * 10 + (t[i++] - '0');
    vals[n++] = v;
    if (i < t.size() && (t[i] == ':' || t[i] == '.') && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1]))) ++i;
    else break;
  }
  if (n < 2) return false;
  h = vals[0];
  m = vals[1];
  s = vals[2];
  std::string rest;
  for (; i < t.size(); ++i) {
    if (std::isalpha(static_cast<unsigned char>(t[i]))) rest.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(t[i]))));
  }
  if (rest == "pm" && h < 12) h += 12;
  if (rest == "am" && h == 12) h = 0;
  return h < 24 && m < 60 && s < 61;
}

// Message bodies that are not something the author wrote.
bool IsDeletedText(const std::string& body) {
  static const char* phrases[] = {"This message was deleted", "You deleted this message", "Diese Nachricht wurde gelöscht",
                                  "Du hast diese Nachricht gelöscht", "Se eliminó este mensaje", "Eliminaste este mensaje",
                                  "Ce message a été supprimé", "Vous avez supprimé ce message", "Questo messaggio è stato eliminato",
                                  "Hai eliminato questo messaggio", "Esta mensagem foi apagada", "Apagaste esta mensagem",
                                  "Это сообщение удалено", "Вы удалили это сообщение", "Deze berichten is verwijderd",
                                  "Dit bericht is verwijderd", "Tato zpráva byla smazána"};
  for (const char* p : phrases) {
    if (body.compare(0, std::strlen(p), p) == 0) return true;
  }
  return false;
}

bool IsMediaText(const std::string& body) {
  if (body.size() >= 2 && body.front() == '<' && body.back() == '>' && body.find('\n') == std::string::npos) return true;
  static const char* markers[] = {"(file attached)", "(Datei angehängt)", "(archivo adjunto)", "(fichier joint)",
                                  "(file allegato)", "(arquivo anexado)", "(bestand bijgevoegd)"};
  for (const char* m : markers) {
    if (body.find(m) != std::string::npos) return true;
  }
  return false;
}

// Pass 1: which comes first, day or month? A number above 12 decides.
Status DecideDayFirst(const SourceOpener& opener, const ChatOptions& options, bool* day_first_out) {
  Result<std::unique_ptr<ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  LineReader lines(std::move(*src), options.max_message_bytes);
  std::string line, clean;
  std::vector<uint32_t> map;
  Header h;
  int max_first = 0, max_second = 0;
  bool any = false, bracketed = false;
  struct Sample {
    int a, b, year;
  };
  std::vector<Sample> samples;  // the first few thousand dates, for the gap test below
  char sep = 0;
  size_t checked = 0;
  for (;;) {
    Result<bool> more = lines.Next(line);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (!ParseHeader(line, clean, map, h)) {
      if (!any && checked++ > 200) break;  // no header in the first lines: not WhatsApp
      continue;
    }
    any = true;
    if ((max_first > 12 || max_second > 12) && samples.size() >= 64) break;  // decided
    DateParts d;
    if (!SplitDate(h.date, d) || d.year_first || d.named_month) continue;
    max_first = std::max(max_first, std::atoi(d.p[0].c_str()));
    max_second = std::max(max_second, std::atoi(d.p[1].c_str()));
    if (samples.size() < 5000) samples.push_back({std::atoi(d.p[0].c_str()), std::atoi(d.p[1].c_str()), Year(d.p[2])});
    sep = d.sep;
    bracketed = clean[0] == '[';
  }
  if (!any) {
    return Status(StatusCode::kDataError, lines.name() + ":1: not a WhatsApp export: expected lines like "
                                                         "'31/12/21, 21:15 - Name: text' or '[12/31/21, 9:15:00 PM] Name: text'");
  }
  if (max_first > 12) {
    *day_first_out = true;
  } else if (max_second > 12) {
    *day_first_out = false;
  } else {
    // No day above 12: messages follow each other closely, so the reading
    // with the smaller jumps between consecutive dates is the right one.
    auto jumps = [&](bool day_first) {
      long total = 0;
      for (size_t i = 1; i < samples.size(); ++i) {
        auto days = [&](const Sample& s) {
          const int day = day_first ? s.a : s.b, month = day_first ? s.b : s.a;
          return s.year * 372L + month * 31L + day;
        };
        total += std::labs(days(samples[i]) - days(samples[i - 1]));
      }
      return total;
    };
    const long day_first = jumps(true), month_first = jumps(false);
    if (day_first != month_first) *day_first_out = day_first < month_first;
    else *day_first_out = !(sep == '/' && bracketed);  // undecidable: iOS US style vs. the rest of the world
  }
  return Status();
}


class WhatsAppReader : public HeaderedReader {
 public:
  WhatsAppReader(std::unique_ptr<LineReader> lines, const ChatOptions& options, bool day_first)
      : HeaderedReader(std::move(lines), options), day_first_(day_first) {}

  ChatFormat format() const override { return ChatFormat::kWhatsApp; }

 protected:
  bool StartsMessage(const std::string& line, ChatMessage& out) override {
    Header h;
    if (!ParseHeader(line, clean_, map_, h)) return false;
    out.time = IsoTime(h);
    // "Name: text" — the author ends at the first ": " (or a final ":").
    const std::string& rest = h.rest;
    size_t colon = rest.find(": ");
    if (colon == std::string::npos && !rest.empty() && rest.back() == ':') colon = rest.size() - 1;
    if (colon == std::string::npos) {
      size_t c = rest.find(':');  // "John Doe:." — no space after the colon
      if (c != std::string::npos && c + 1 < rest.size() && rest[c + 1] != ' ' && rest[c + 1] != '/' &&
          rest.find('"') == std::string::npos) {
        colon = c;
      }
    }
    std::string author = colon == std::string::npos ? "" : rest.substr(0, colon);
    if (author.size() > 80 || author.find('"') != std::string::npos || author.find("\xE2\x80\x9C") != std::string::npos) {
      author.clear();
      colon = std::string::npos;
    }
    if (colon == std::string::npos) {
      out.kind = MessageKind::kEvent;
      out.text = StripMarks(rest);
      return true;
    }
    out.author = StripMarks(author);
    size_t body = colon + 1;
    if (body < rest.size() && rest[body] == ' ') ++body;
    out.text = rest.substr(body);
    return true;
  }

  void Continue(const std::string& line) override {
    // clean_ holds this line's header prefix, cleaned by StartsMessage.
    if (RE2::PartialMatch(clean_, *Patterns().loose)) {
      problems_.push_back(Where(lines_->name(), lines_->line_number()) +
                          ": looks like a broken message header; kept as text of the message above");
    }
    pending_.text += '\n';
    pending_.text += line;
  }

  void Finish(ChatMessage& m) override {
    if (m.kind == MessageKind::kEvent) return;
    // iOS marks what the app wrote in the author's name (media, deletions,
    // the encryption notice) with a left-to-right mark before the text.
    const bool app_text = m.text.compare(0, 3, "\xE2\x80\x8E") == 0 || m.text.compare(0, 3, "\xE2\x80\x8F") == 0;
    m.text = StripMarks(m.text);
    if (m.text.empty()) m.kind = MessageKind::kEmpty;
    else if (IsDeletedText(m.text)) m.kind = MessageKind::kDeleted;
    else if (IsMediaText(m.text)) m.kind = MessageKind::kMedia;
    else if (app_text) m.kind = m.text.size() > 60 ? MessageKind::kEvent : MessageKind::kMedia;
    else if (m.text == "null" || m.text == "<Media omitted>") m.kind = MessageKind::kMedia;
    if (m.kind == MessageKind::kEvent) m.author.clear();
  }

 private:
  // Drops bidi marks at either end of a name or body.
  static std::string StripMarks(const std::string& s) {
    size_t b = 0, e = s.size();
    auto mark_at = [&](size_t i) {
      return i + 3 <= s.size() && static_cast<unsigned char>(s[i]) == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
             (static_cast<unsigned char>(s[i + 2]) == 0x8E || static_cast<unsigned char>(s[i + 2]) == 0x8F ||
              (static_cast<unsigned char>(s[i + 2]) >= 0xAA && static_cast<unsigned char>(s[i + 2]) <= 0xAE));
    };
    while (b < e && mark_at(b)) b += 3;
    while (e >= b + 3 && mark_at(e - 3)) e -= 3;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
  }

  std::string IsoTime(const Header& h) const {
    DateParts d;
    int hour, minute, second;
    if (!SplitDate(h.date, d) || !ParseTime(h.time, hour, minute, second)) return "";
    int year, month, day;
    if (d.year_first) {
      year = Year(d.p[0]);
      month = std::atoi(d.p[1].c_str());
      day = std::atoi(d.p[2].c_str());
    } else {
      year = Year(d.p[2]);
      day = std::atoi(d.p[day_first_ ? 0 : 1].c_str());
      month = std::atoi(d.p[day_first_ ? 1 : 0].c_str());
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
    return buf;
  }

  bool day_first_;
  std::string clean_;
  std::vector<uint32_t> map_;
};

}  // namespace

bool LooksLikeWhatsApp(const std::string& line) {
  std::string clean;
  std::vector<uint32_t> map;
  Header h;
  return ParseHeader(line, clean, map, h);
}

Result<std::unique_ptr<ChatReader>> OpenWhatsApp(SourceOpener opener, const ChatOptions& options) {
  bool day_first = true;
  if (Status s = DecideDayFirst(opener, options, &day_first); !s.ok()) return s;
  Result<std::unique_ptr<ByteSource>> src = opener();
  if (!src.ok()) return src.status();
  return std::unique_ptr<ChatReader>(
      new WhatsAppReader(std::make_unique<LineReader>(std::move(*src), options.max_message_bytes), options, day_first));
}

}  // namespace reframe::internal
