// The header that starts each message of a WhatsApp "Export chat" file,
// read by hand (no regex): every shape of ../shared/data/FORMATS.md and the
// parsers' fixtures, in any locale's digits, separators and day-period words.
//
//   3/6/18, 1:55 PM - Name: text            [3/6/18 1:55:00 p. m.] Name: text
//   13.6.2018 klo 21.25.15 - Name: text     [14:56:01, 3/18/22] Name: text
//   2018. 6. 13. 오후 9:25 - Name: text      19:23, 28 Aug 2013 - Name: text
//   4/26/16, 16:23:03: Name: text           18 Mar 12:14 - Name: text
//   12/03/20, 9:15 in the morning - Name: text
//
// Bidi marks, isolates and BOMs are skipped wherever they occur; odd spaces
// (U+00A0, U+202F, U+2009) read as spaces; Arabic-Indic and Persian digits
// as digits; the Arabic comma as a comma; en and em dashes as "-".
#ifndef REFRAME_READERS_WHATSAPP_HEADER_H_
#define REFRAME_READERS_WHATSAPP_HEADER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace reframe::internal {

// What follows the time stamp: "]" (iOS), " - " (Android) or ": " (old iOS
// without brackets, which a file must use throughout to be read that way).
enum class HeaderSeparator : uint8_t { kBracket, kDash, kColon };

// Where a date shows its year, when the line itself tells.
enum class YearPosition : uint8_t { kUnknown, kFirst, kLast };

struct HeaderDate {
  int part[3] = {0, 0, 0};        // numbers as written, left to right; named months: year, month, day
  uint8_t digits[3] = {0, 0, 0};  // digits of each part
  char era = 0;                   // Japanese era letter (R, H, S, T) on the year, or 0
  bool era_first = false;         // ...on the first part ("R4/3/18") rather than the last ("3/18/R4")
  bool buddhist = false;          // " BE" after the date (Thai calendar)
  bool named_month = false;       // "28 Aug 2013", "Aug 28, 2013", "18 Mar"
  bool has_year = true;           // false for "18 Mar 12:14"
  char separator = 0;             // '/', '.' or '-' between numeric parts

  YearPosition year_position() const;
};

struct WhatsAppHeader {
  HeaderDate date;
  int hour = 0, minute = 0, second = 0;  // as written
  uint32_t period_hours = 0;             // hours of the day the day-period word names (bit h), 0 if none
  bool unknown_period = false;           // a word beside the time that is no known day period
  std::string_view period_word;          // the word as written (for reporting)
  HeaderSeparator separator = HeaderSeparator::kDash;
  bool time_first = false;
  size_t rest = 0;  // byte offset in the line where "Name: text" (or a system text) starts
};

// Reads a header at the start of `line`. Accepts the colon shape only if
// `allow_colon`. Allocates nothing.
bool ScanWhatsAppHeader(std::string_view line, bool allow_colon, WhatsAppHeader* header);

// True if `line` starts with something like a numeric date ("12/31/21",
// "2018. 6. 13.", optionally after "[" and marks) — a header that did not
// parse, or a line of an export in a shape not known here.
bool StartsWithDate(std::string_view line);

// The 24-hour hour for `hour` as written with a day-period word covering
// `period_hours` (bit h = hour h): "9" + "in the evening" = 21, "12" +
// "at night" = 0. Hours above 12 are already 24-hour and stay.
int ApplyDayPeriod(int hour, uint32_t period_hours);

// The hours a day-period word names (bit h = h:00-h:59), or 0 if unknown.
// Case, dots and spaces do not matter ("p. m." = "PM").
uint32_t LookUpDayPeriod(std::string_view word);

// Year-month-day of a parsed date. `order_when_unknown` applies to dates
// that do not show where their year is ("05/06/07"); `day_first` to dates
// with the year last. `reference_year/month/day` date headers without a
// year (the export's own date: a month-day after it is from the year
// before). False if the date is impossible (month 13, day 32).
enum class DateOrder : uint8_t { kDayMonthYear, kMonthDayYear, kYearMonthDay };
struct ResolvedDateContext {
  DateOrder order_when_unknown = DateOrder::kDayMonthYear;
  bool day_first = true;
  int reference_year = 2000, reference_month = 1, reference_day = 1;
};
bool ResolveDate(const HeaderDate& date, const ResolvedDateContext& context, int* year, int* month, int* day);

// "2022-03-27T21:41:35" into `out` (19 characters).
void FormatIsoTime(int year, int month, int day, int hour, int minute, int second, std::string& out);

}  // namespace reframe::internal

#endif  // REFRAME_READERS_WHATSAPP_HEADER_H_
