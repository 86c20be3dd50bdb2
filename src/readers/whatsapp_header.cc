#include "readers/whatsapp_header.h"

#include <algorithm>
#include <cstring>

namespace reframe::internal {
namespace {

struct DayPeriod {
  const char* word;
  uint32_t hours;
};

constexpr DayPeriod kDayPeriods[] = {
#include "readers/day_periods.inc"
};

constexpr uint32_t kMorning = 0x000FFF, kAfternoon = 0xFFF000;  // AM, PM

// Words written beside a 24-hour time that name no part of the day: "21:25
// ч." (Bulgarian), "21:25 Uhr", "21h25".
constexpr std::string_view kNeutralWords[] = {"ч", "uhr", "h", "hs", "hrs", "godz", "hod", "óra", "klo"};

// Logical characters, after the look-alikes are mapped.
constexpr int kEnd = -1;
constexpr int kOther = 0x100;  // a non-ASCII character that is none of the below

// A position in a line, reading characters the way a header means them.
class Cursor {
 public:
  explicit Cursor(std::string_view s)
      : begin_(reinterpret_cast<const unsigned char*>(s.data())), p_(begin_), end_(begin_ + s.size()) {}

  // The character at the cursor, skipping invisible marks; `len` is how many
  // bytes (marks included) to advance past it.
  int Peek(size_t* len) const {
    const unsigned char* q = p_;
    for (;;) {
      if (q >= end_) {
        *len = static_cast<size_t>(q - p_);
        return kEnd;
      }
      const unsigned c0 = q[0];
      if (c0 < 0x80) {
        *len = static_cast<size_t>(q - p_) + 1;
        return static_cast<int>(c0);
      }
      const unsigned c1 = q + 1 < end_ ? q[1] : 0, c2 = q + 2 < end_ ? q[2] : 0;
      size_t n = 1;
      int out = kOther;
      if (c0 == 0xE2 && c1 == 0x80) {
        // LRM, RLM, LRE..RLO, ZWSP: invisible
        if (c2 == 0x8E || c2 == 0x8F || (c2 >= 0xAA && c2 <= 0xAE) || c2 == 0x8B) {
          q += 3;
          continue;
        }
        n = 3;
        if (c2 >= 0x80 && c2 <= 0x8A)
          out = ' ';  // en quad .. hair space
        else if (c2 == 0xAF)
          out = ' ';  // narrow no-break space (before "PM")
        else if (c2 == 0x93 || c2 == 0x94)
          out = '-';                                                      // en and em dash
      } else if (c0 == 0xE2 && c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9) {  // isolates
        q += 3;
        continue;
      } else if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF) {  // BOM / zero-width no-break space
        q += 3;
        continue;
      } else if (c0 == 0xD8 && c1 == 0x9C) {  // Arabic letter mark
        q += 2;
        continue;
      } else if (c0 == 0xC2 && c1 == 0xA0) {
        n = 2;
        out = ' ';
      } else if (c0 == 0xD9 && c1 >= 0xA0 && c1 <= 0xA9) {  // Arabic-Indic digits
        n = 2;
        out = static_cast<int>('0' + (c1 - 0xA0));
      } else if (c0 == 0xDB && c1 >= 0xB0 && c1 <= 0xB9) {  // Persian digits
        n = 2;
        out = static_cast<int>('0' + (c1 - 0xB0));
      } else if (c0 == 0xD8 && c1 == 0x8C) {  // Arabic comma
        n = 2;
        out = ',';
      } else {
        n = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC0 ? 2 : 1;
      }
      q += n;
      if (q > end_) q = end_;
      *len = static_cast<size_t>(q - p_);
      return out;
    }
  }
  int Peek() const {
    size_t len;
    return Peek(&len);
  }
  int Get() {
    size_t len;
    const int c = Peek(&len);
    p_ += len;
    return c;
  }
  bool Accept(int want) {
    size_t len;
    if (Peek(&len) != want) return false;
    p_ += len;
    return true;
  }
  int SkipSpaces() {
    int n = 0;
    while (Accept(' ')) ++n;
    return n;
  }
  // Reads 1..max_digits digits; fails (reading nothing) on none or on more.
  bool Number(int max_digits, int* value, uint8_t* digits) {
    Cursor start = *this;
    int v = 0, n = 0;
    for (;;) {
      size_t len;
      const int c = Peek(&len);
      if (c < '0' || c > '9') break;
      if (++n > max_digits) {
        *this = start;
        return false;
      }
      v = v * 10 + (c - '0');
      p_ += len;
    }
    if (n == 0) return false;
    *value = v;
    if (digits) *digits = static_cast<uint8_t>(n);
    return true;
  }
  bool ExactDigits(int count, int* value) {
    Cursor start = *this;
    uint8_t n = 0;
    if (!Number(count, value, &n) || n != count) {
      *this = start;
      return false;
    }
    return true;
  }
  // A run of word characters: letters of any script, dots, apostrophes and
  // inner hyphens ("après-midi"). Stops at spaces, digits and punctuation
  // that separates header parts.
  bool Word() {
    const unsigned char* start = p_;
    for (;;) {
      size_t len;
      const int c = Peek(&len);
      if (c == kEnd || c == ' ' || (c >= '0' && c <= '9') || c == ']' || c == '[' || c == ',' || c == ':') break;
      if (c == '-' && p_ == start) break;
      if (c == '-') {  // inner hyphen only if a letter follows
        Cursor next = *this;
        next.p_ += len;
        const int d = next.Peek();
        if (!(d == kOther || (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z'))) break;
      }
      if (c != kOther && c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '.' && c != '\'' &&
          c != '-') {
        break;
      }
      p_ += len;
    }
    return p_ != start;
  }
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  const char* data() const { return reinterpret_cast<const char*>(p_); }

 private:
  const unsigned char* begin_;
  const unsigned char* p_;
  const unsigned char* end_;
};

bool IsEraLetter(int c) { return c == 'R' || c == 'H' || c == 'S' || c == 'T'; }
bool IsAsciiLetter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// English month names and abbreviations (old Android "28 Aug 2013").
int MonthNumber(std::string_view word) {
  char w[12];
  size_t n = 0;
  for (char c : word) {
    if (c == '.') continue;
    if (n == sizeof w || !IsAsciiLetter(c)) return 0;
    w[n++] = static_cast<char>(c | 0x20);
  }
  static constexpr std::string_view kNames[12] = {"january",   "february", "march",    "april",
                                                  "may",       "june",     "july",     "august",
                                                  "september", "october",  "november", "december"};
  for (int i = 0; i < 12; ++i) {
    const std::string_view name = kNames[i], got(w, n);
    if (got == name || got == name.substr(0, 3) || (i == 8 && got == "sept")) return i + 1;
  }
  return 0;
}

// Normalises a day-period word for the table (as tests/tools/day_periods_gen.cc does):
// ASCII lower case; dots, commas, spaces and invisible marks dropped.
// Returns false if it does not fit in `cap` bytes.
bool NormalizeDayPeriod(std::string_view raw, char* out, size_t cap, size_t* size) {
  size_t n = 0;
  for (size_t i = 0; i < raw.size();) {
    const auto c0 = static_cast<unsigned char>(raw[i]);
    if (c0 < 0x80) {
      ++i;
      if (c0 == '.' || c0 == ',' || c0 == ' ') continue;
      if (n == cap) return false;
      out[n++] = static_cast<char>(c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0);
      continue;
    }
    const size_t len = std::min(raw.size() - i, size_t{c0 >= 0xF0 ? 4u : c0 >= 0xE0 ? 3u : c0 >= 0xC0 ? 2u : 1u});
    // What the cursor reads as a space or skips as a mark is dropped.
    Cursor probe(raw.substr(i, len));
    size_t used;
    const int ch = probe.Peek(&used);
    if (ch != kOther) {
      i += len;
      continue;
    }
    if (n + len > cap) return false;
    std::memcpy(out + n, raw.data() + i, len);
    n += len;
    i += len;
  }
  *size = n;
  return true;
}

// Words that may stand between a date and its time: connectors ("klo",
// "à", "um", "г.") — day periods written before the time are looked up in
// the table instead.
constexpr std::string_view kConnectors[] = {"klo", "kl", "à",    "a",   "um", "às", "as", "alle", "om", "г",
                                            "в",   "o",  "saat", "lúc", "at", "le", "el", "de",   "の"};

bool IsConnectorOrDayPeriod(std::string_view raw) {
  char key[64];
  size_t size;
  if (!NormalizeDayPeriod(raw, key, sizeof key, &size) || size == 0) return false;
  const std::string_view k(key, size);
  for (std::string_view w : kConnectors) {
    if (k == w) return true;
  }
  return LookUpDayPeriod(k) != 0;
}

bool IsNeutralWord(std::string_view key) {
  for (std::string_view w : kNeutralWords) {
    if (key == w) return true;
  }
  return false;
}

bool ScanDate(Cursor& c, HeaderDate* d) {
  int ch = c.Peek();
  Cursor era = c;
  if (IsEraLetter(era.Get())) {  // "R4/3/18": a Japanese era year first
    const int next = era.Peek();
    if (next >= '0' && next <= '9') {
      d->era = static_cast<char>(ch);
      d->era_first = true;
      c = era;
      ch = next;
    }
  }
  if (ch >= '0' && ch <= '9') {
    if (!c.Number(4, &d->part[0], &d->digits[0])) return false;
    const int sep = c.Peek();
    if (sep == '/' || sep == '.' || sep == '-') {
      Cursor q = c;
      q.Get();
      q.Accept(' ');  // "2018. 6. 13."
      int sep2 = 0;
      if (q.Number(2, &d->part[1], &d->digits[1]) && ((sep2 = q.Peek()) == '/' || sep2 == '.' || sep2 == '-')) {
        q.Get();
        q.Accept(' ');
        Cursor last_era = q;
        const int e = last_era.Get();
        if (IsEraLetter(e) && d->era == 0) {  // "3/18/R4"
          const int next = last_era.Peek();
          if (next >= '0' && next <= '9') {
            d->era = static_cast<char>(e);
            q = last_era;
          }
        }
        if (q.Number(4, &d->part[2], &d->digits[2])) {
          d->separator = static_cast<char>(sep);
          c = q;
          // A trailing dot ("13.6.18.", "2018. 6. 13.") before a space or comma.
          Cursor dot = c;
          if (dot.Accept('.')) {
            const int after = dot.Peek();
            if (after == ' ' || after == ',' || after == kEnd) c = dot;
          }
          // A Thai Buddhist-era year: "3/18/2565 BE".
          Cursor be = c;
          if (be.SkipSpaces() > 0 && be.Accept('B') && be.Accept('E') && !IsAsciiLetter(be.Peek())) {
            d->buddhist = true;
            c = be;
          }
          return true;
        }
      }
    }
    if (d->era || d->digits[0] > 2) return false;
    // "28 Aug 2013", "18 Mar" (no year)
    Cursor named = c;
    named.Accept('.');
    if (named.SkipSpaces() == 0) return false;
    const char* word_start = named.data();
    if (!named.Word()) return false;
    const int month = MonthNumber(std::string_view(word_start, static_cast<size_t>(named.data() - word_start)));
    if (month == 0) return false;
    d->named_month = true;
    d->part[2] = d->part[0];
    d->part[1] = month;
    d->part[0] = 0;
    c = named;
    Cursor year = c;
    int y;
    uint8_t digits;
    if (year.SkipSpaces() > 0 && year.Number(4, &y, &digits) && digits == 4) {
      // "18 Mar 2013" has a year; in "18 Mar 12:14" the number is the time.
      Cursor after = year;
      const int a = after.Get();
      const int b = after.Peek();
      if (!((a == ':' || a == '.') && b >= '0' && b <= '9')) {
        d->part[0] = y;
        c = year;
        return true;
      }
    }
    d->has_year = false;
    return true;
  }
  if (IsAsciiLetter(ch)) {  // "Aug 28, 2013"
    const char* word_start = c.data();
    if (!c.Word()) return false;
    const int month = MonthNumber(std::string_view(word_start, static_cast<size_t>(c.data() - word_start)));
    if (month == 0 || c.SkipSpaces() == 0) return false;
    int day, y;
    uint8_t digits;
    if (!c.Number(2, &day, nullptr)) return false;
    c.Accept(',');
    if (c.SkipSpaces() == 0 || !c.Number(4, &y, &digits) || digits != 4) return false;
    d->named_month = true;
    d->part[0] = y;
    d->part[1] = month;
    d->part[2] = day;
    return true;
  }
  return false;
}

// Between date and time: ", ", " ", connecting words ("klo", "à", "г.,")
// and day periods written before the time ("오후", "下午"), which go to `word`.
bool ScanGap(Cursor& c, std::string_view* word) {
  bool any = c.Accept(',');
  for (int i = 0; i < 2; ++i) {
    any |= c.SkipSpaces() > 0;
    const int ch = c.Peek();
    if (ch >= '0' && ch <= '9') break;
    Cursor w = c;
    const char* start = w.data();
    if (!w.Word()) break;
    const std::string_view raw(start, static_cast<size_t>(w.data() - start));
    if (!IsConnectorOrDayPeriod(raw)) return false;
    *word = raw;
    c = w;
    any = true;
    c.Accept(',');
  }
  c.SkipSpaces();
  const int ch = c.Peek();
  return any && ch >= '0' && ch <= '9';
}

bool ScanTime(Cursor& c, WhatsAppHeader* h) {
  if (!c.Number(2, &h->hour, nullptr)) return false;
  Cursor q = c;
  const int sep = q.Get();
  if (sep == ':' || sep == '.') {
    if (!q.ExactDigits(2, &h->minute)) return false;
    Cursor s = q;
    const int sep2 = s.Get();
    if ((sep2 == ':' || sep2 == '.') && s.ExactDigits(2, &h->second)) {
      const int after = s.Peek();
      if (after < '0' || after > '9') q = s;
    }
  } else if (sep == 'h' || (sep == ' ' && q.Accept('h') && q.Accept(' '))) {  // "21h25", "21 h 25"
    if (!q.ExactDigits(2, &h->minute)) return false;
  } else {
    return false;
  }
  c = q;
  // "13:34." — a dot after the time before the separator
  Cursor dot = c;
  if (dot.Accept('.')) {
    const int after = dot.Peek();
    if (after == ' ' || after == ']') c = dot;
  }
  return true;
}

// What ends the stamp: "]", " - " or ": ".
bool ScanSeparator(Cursor& c, bool bracket, bool allow_colon, WhatsAppHeader* h) {
  Cursor q = c;
  const int spaces = q.SkipSpaces();
  const int ch = q.Peek();
  if (bracket) {
    if (ch != ']') return false;
    q.Get();
    q.Accept(' ');
    h->separator = HeaderSeparator::kBracket;
  } else if (ch == '-' && spaces > 0) {
    q.Get();
    if (!q.Accept(' ') && q.Peek() != kEnd) return false;
    h->separator = HeaderSeparator::kDash;
  } else if (ch == ':' && spaces == 0 && allow_colon) {
    q.Get();
    if (!q.Accept(' ') && q.Peek() != kEnd) return false;
    h->separator = HeaderSeparator::kColon;
  } else {
    return false;
  }
  c = q;
  return true;
}

// After the time: a day-period word ("PM", "p. m.", "in the morning", "م")
// and the separator. Known words are matched longest first; a word we do not
// know is accepted only before a bracket or " - ".
bool ScanSuffixAndSeparator(Cursor& c, bool bracket, bool allow_colon, bool before_date, WhatsAppHeader* h) {
  struct Token {
    Cursor end;
    const char* start;
  };
  Token tokens[4] = {{c, nullptr}, {c, nullptr}, {c, nullptr}, {c, nullptr}};
  int n = 0;
  Cursor q = c;
  while (n < 4) {
    Cursor t = q;
    t.SkipSpaces();
    const int ch = t.Peek();
    if (ch == kEnd || (ch >= '0' && ch <= '9') || ch == '-') break;
    const char* start = t.data();
    if (!t.Word()) break;
    tokens[n].start = start;
    tokens[n].end = t;
    ++n;
    q = t;
  }
  // Ends the stamp at `at` (moving it past the separator); time-first
  // stamps go on with ", " and the date.
  auto finish = [&](Cursor& at) { return before_date || ScanSeparator(at, bracket, allow_colon, h); };
  for (int k = n; k >= 1; --k) {
    const std::string_view raw(tokens[0].start, static_cast<size_t>(tokens[k - 1].end.data() - tokens[0].start));
    char key[64];
    size_t size;
    if (!NormalizeDayPeriod(raw, key, sizeof key, &size)) continue;
    const std::string_view k_view(key, size);
    const uint32_t hours = LookUpDayPeriod(k_view);
    const bool neutral = hours == 0 && IsNeutralWord(k_view);
    if (hours == 0 && !neutral) continue;
    Cursor at = tokens[k - 1].end;
    WhatsAppHeader saved = *h;
    h->period_hours = hours;
    if (finish(at)) {
      // "21:25:15 a: m" is a name "a", not "AM": before a bare ": " take
      // only a word of two letters or more that fits the hour.
      if (h->separator == HeaderSeparator::kColon && !before_date && (size < 2 || (hours && h->hour > 12))) {
        *h = saved;
        continue;
      }
      h->period_word = raw;
      c = at;
      return true;
    }
    *h = saved;
  }
  Cursor plain = c;
  if (finish(plain)) {
    c = plain;
    return true;
  }
  if (!before_date) {
    // An unknown word: only where a bracket or " - " clearly ends the stamp.
    for (int k = 1; k <= n && k <= 3; ++k) {
      Cursor at = tokens[k - 1].end;
      WhatsAppHeader saved = *h;
      if (ScanSeparator(at, bracket, /*allow_colon=*/false, h)) {
        h->unknown_period = true;
        h->period_word =
            std::string_view(tokens[0].start, static_cast<size_t>(tokens[k - 1].end.data() - tokens[0].start));
        c = at;
        return true;
      }
      *h = saved;
    }
  }
  return false;
}

bool ScanStamp(Cursor& c, bool bracket, bool allow_colon, bool time_first, WhatsAppHeader* h) {
  if (!time_first) {
    std::string_view before;
    if (!ScanDate(c, &h->date) || !ScanGap(c, &before) || !ScanTime(c, h)) return false;
    if (!ScanSuffixAndSeparator(c, bracket, allow_colon, /*before_date=*/false, h)) return false;
    if (h->period_hours == 0 && !h->unknown_period && !before.empty()) {
      char key[64];
      size_t size;
      if (NormalizeDayPeriod(before, key, sizeof key, &size)) {
        h->period_hours = LookUpDayPeriod(std::string_view(key, size));
        if (h->period_hours) h->period_word = before;
      }
    }
    return true;
  }
  // "19:23, 28 Aug 2013 - ", "[14:56:01, 3/18/22] "
  if (!ScanTime(c, h) || !ScanSuffixAndSeparator(c, bracket, false, /*before_date=*/true, h)) return false;
  c.Accept(',');
  if (c.SkipSpaces() == 0 || !ScanDate(c, &h->date)) return false;
  h->time_first = true;
  return ScanSeparator(c, bracket, allow_colon, h);
}

}  // namespace

YearPosition HeaderDate::year_position() const {
  if (named_month) return YearPosition::kFirst;
  if (era) return era_first ? YearPosition::kFirst : YearPosition::kLast;
  if (buddhist) return YearPosition::kLast;
  if (digits[0] >= 3 || part[0] > 31) return YearPosition::kFirst;
  if (digits[2] >= 3 || part[2] > 31) return YearPosition::kLast;
  return YearPosition::kUnknown;
}

uint32_t LookUpDayPeriod(std::string_view word) {
  if (word == "am") return kMorning;
  if (word == "pm") return kAfternoon;
  const DayPeriod* end = kDayPeriods + sizeof kDayPeriods / sizeof kDayPeriods[0];
  const DayPeriod* it = std::lower_bound(
      kDayPeriods, end, word, [](const DayPeriod& e, std::string_view w) { return std::string_view(e.word) < w; });
  return it != end && std::string_view(it->word) == word ? it->hours : 0;
}

int ApplyDayPeriod(int hour, uint32_t period_hours) {
  if (period_hours == 0 || hour > 12 || hour < 0) return hour;
  const int am = hour % 12, pm = am + 12;
  const bool in_am = (period_hours >> am) & 1, in_pm = (period_hours >> pm) & 1;
  if (in_am != in_pm) return in_am ? am : pm;
  // Neither (or both): the reading nearest to the hours the word names.
  auto distance = [&](int h) {
    int best = 24;
    for (int b = 0; b < 24; ++b) {
      if (!((period_hours >> b) & 1)) continue;
      const int d = std::abs(h - b);
      best = std::min(best, std::min(d, 24 - d));
    }
    return best;
  };
  return distance(pm) < distance(am) ? pm : am;
}

bool ScanWhatsAppHeader(std::string_view line, bool allow_colon, WhatsAppHeader* header) {
  Cursor c(line);
  const int first = c.Peek();
  const bool bracket = first == '[';
  if (!bracket && !(first >= '0' && first <= '9') && !IsAsciiLetter(first)) return false;
  if (bracket) c.Get();
  const Cursor start = c;
  *header = WhatsAppHeader();
  if (ScanStamp(c, bracket, allow_colon, /*time_first=*/false, header)) {
    header->rest = c.offset();
    return true;
  }
  const int lead = start.Peek();
  if (lead < '0' || lead > '9') return false;
  c = start;
  *header = WhatsAppHeader();
  if (ScanStamp(c, bracket, allow_colon, /*time_first=*/true, header)) {
    header->rest = c.offset();
    return true;
  }
  return false;
}

bool StartsWithDate(std::string_view line) {
  Cursor c(line);
  c.Accept('[');
  HeaderDate d;
  const int lead = c.Peek();
  if (lead < '0' || lead > '9') return false;
  if (!ScanDate(c, &d) || d.named_month) return false;
  const int after = c.Peek();
  return after == ' ' || after == ',' || after == ']';
}

bool ResolveDate(const HeaderDate& date, const ResolvedDateContext& context, int* year, int* month, int* day) {
  int y = 0, m = 0, d = 0;
  if (date.named_month) {
    m = date.part[1];
    d = date.part[2];
    if (date.has_year) {
      y = date.part[0];
    } else {
      // The export left the year out: the one of the export's date, or the
      // year before for a month-day still to come.
      y = context.reference_year;
      if (m > context.reference_month || (m == context.reference_month && d > context.reference_day)) --y;
    }
  } else {
    DateOrder order = context.order_when_unknown;
    switch (date.year_position()) {
      case YearPosition::kFirst:
        order = DateOrder::kYearMonthDay;
        break;
      case YearPosition::kLast:
        order = context.day_first ? DateOrder::kDayMonthYear : DateOrder::kMonthDayYear;
        break;
      case YearPosition::kUnknown:
        break;
    }
    int year_part = 2;
    switch (order) {
      case DateOrder::kDayMonthYear:
        d = date.part[0], m = date.part[1], y = date.part[2];
        break;
      case DateOrder::kMonthDayYear:
        m = date.part[0], d = date.part[1], y = date.part[2];
        break;
      case DateOrder::kYearMonthDay:
        y = date.part[0], m = date.part[1], d = date.part[2], year_part = 0;
        break;
    }
    if (date.era) {
      const int base = date.era == 'R' ? 2018 : date.era == 'H' ? 1988 : date.era == 'S' ? 1925 : 1911;
      y += base;
    } else if (date.digits[year_part] <= 2) {
      y += 2000;
    }
    if (date.buddhist) y -= 543;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false;
  *year = y;
  *month = m;
  *day = d;
  return true;
}

void FormatIsoTime(int year, int month, int day, int hour, int minute, int second, std::string& out) {
  char buf[19] = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0'};
  auto put = [&buf](int at, int width, int v) {
    for (int i = width - 1; i >= 0; --i) {
      buf[at + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, 4, year);
  put(5, 2, month);
  put(8, 2, day);
  put(11, 2, hour);
  put(14, 2, minute);
  put(17, 2, second);
  out.assign(buf, sizeof buf);
}

}  // namespace reframe::internal
