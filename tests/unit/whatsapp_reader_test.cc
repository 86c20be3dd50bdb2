// The WhatsApp header scanner and reader: header shapes, day periods, names,
// day/month order, and chunked reading that must give exactly what reading
// in one go gives. All inputs are self-made.
#include <gtest/gtest.h>
#include <unistd.h>
#include <utime.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "readers/whatsapp_header.h"
#include "reframe/chat.h"

namespace reframe::internal {
namespace {

// "YYYY-MM-DDTHH:MM:SS|rest" for a header, or "-" if the line is none.
std::string Read(const std::string& line, bool allow_colon = false, bool day_first = true,
                 DateOrder unknown = DateOrder::kDayMonthYear) {
  WhatsAppHeader h;
  if (!ScanWhatsAppHeader(line, allow_colon, &h)) return "-";
  ResolvedDateContext context;
  context.day_first = day_first;
  context.order_when_unknown = unknown == DateOrder::kDayMonthYear && !day_first ? DateOrder::kMonthDayYear : unknown;
  context.reference_year = 2024;
  context.reference_month = 6;
  context.reference_day = 1;
  int y, m, d;
  if (!ResolveDate(h.date, context, &y, &m, &d)) return "bad date|" + line.substr(h.rest);
  std::string iso;
  FormatIsoTime(y, m, d, ApplyDayPeriod(h.hour, h.period_hours), h.minute, h.second, iso);
  return iso + "|" + line.substr(h.rest);
}

TEST(WhatsAppHeader, ReadsEveryKnownShape) {
  struct Case {
    const char* line;
    bool day_first;
    const char* want;
  } cases[] = {
      {"3/6/18, 1:55 PM - Name: text", false, "2018-03-06T13:55:00|Name: text"},
      {"23/06/2018, 01:55 p.m. - Name: text", true, "2018-06-23T13:55:00|Name: text"},
      {"06/03/2017, 00:45 - You created group \"Test\"", true, "2017-03-06T00:45:00|You created group \"Test\""},
      {"03-06-2018, 01.55 PM - Name: text", true, "2018-06-03T13:55:00|Name: text"},
      {"13.6.2018 klo 21.25.15 - Name: text", true, "2018-06-13T21:25:15|Name: text"},
      {"[3/6/18 1:55:00 p. m.] Name: text", false, "2018-03-06T13:55:00|Name: text"},
      {"[2018/06/13, 21:25:15] Name: text", true, "2018-06-13T21:25:15|Name: text"},
      {"[06.13.18 21:25:15] Name: text", false, "2018-06-13T21:25:15|Name: text"},
      {"19:23, 28 Aug 2013 - Name: text", true, "2013-08-28T19:23:00|Name: text"},
      {"[14:56:01, 3/18/22] Name: text", false, "2022-03-18T14:56:01|Name: text"},
      {"[3/18/R4, 14:56:01] Name: text", false, "2022-03-18T14:56:01|Name: text"},
      {"[3/18/2565 BE, 14:56:01] Name: text", false, "2022-03-18T14:56:01|Name: text"},
      {"2022/12/14, 13:34. - Name: text", true, "2022-12-14T13:34:00|Name: text"},
      {"12/07/2017 à 22:35 - Name: text", true, "2017-07-12T22:35:00|Name: text"},
      {"13.07.17, 10:36 PM  - R: Yes", true, "2017-07-13T22:36:00|R: Yes"},
      {"9/24/2019 11:30 p.m. - Name: text", false, "2019-09-24T23:30:00|Name: text"},
      {"18 Mar 12:14 - Name: text", true, "2024-03-18T12:14:00|Name: text"},
      {"2 Dec 23:59 - Name: text", true, "2023-12-02T23:59:00|Name: text"},
      {"Aug 28, 2013, 7:23 PM - Name: text", true, "2013-08-28T19:23:00|Name: text"},
      {"12/03/20, 9:15\u202fin the morning - Name: text", true, "2020-03-12T09:15:00|Name: text"},
      {"12/03/20, 9:15 in the evening - Name: text", true, "2020-03-12T21:15:00|Name: text"},
      {"12/03/20, 12:30 at night - Name: text", true, "2020-03-12T00:30:00|Name: text"},
      {"12/03/20, 12:05 noon - Name: text", true, "2020-03-12T12:05:00|Name: text"},
      {"12/03/20, 4:10 de la tarde - Name: text", true, "2020-03-12T16:10:00|Name: text"},
      {"2018/6/13 \u4e0b\u53489:25 - Name: text", true, "2018-06-13T21:25:00|Name: text"},
      {"13.06.18 \u0433., 21:25 \u0447. - Name: text", true, "2018-06-13T21:25:00|Name: text"},
      {"21/10/21, 15:21 \u2013 Name: en dash", true, "2021-10-21T15:21:00|Name: en dash"},
      // Arabic-Indic digits, RLM marks, the Arabic comma and "م" (PM) after a no-break space.
      {"[\u0661\u0668\u200f/\u0663\u200f/\u0662\u0660\u0662\u0662\u060c \u0662:\u0665\u0666:\u0660\u0660\u00a0\u0645] "
       "Name: text",
       true, "2022-03-18T14:56:00|Name: text"},
      {"\u200e[3/27/22, 21:41:55] Name: \u200eimage omitted", false, "2022-03-27T21:41:55|Name: \u200eimage omitted"},
  };
  for (const Case& c : cases) EXPECT_EQ(Read(c.line, false, c.day_first), c.want) << c.line;
}

TEST(WhatsAppHeader, ColonShapeOnlyWhereTheFileUsesIt) {
  EXPECT_EQ(Read("4/26/16, 16:23:03: Name: text", true, false), "2016-04-26T16:23:03|Name: text");
  EXPECT_EQ(Read("13/06/15 10:59:59: Name: text", true), "2015-06-13T10:59:59|Name: text");
  EXPECT_EQ(Read("12.07.2017, 22:35: Johannes Gruber: Was it good?", true),
            "2017-07-12T22:35:00|Johannes Gruber: Was it good?");
  EXPECT_EQ(Read("4/26/16, 16:23:03: Name: text", false), "-");
  // "a" here is a name, not "AM".
  EXPECT_EQ(Read("13. 6. 2018. 21:25:15 a: m", true), "-");
}

TEST(WhatsAppHeader, TwoDigitYearFirst) {
  EXPECT_EQ(Read("18. 6. 13. \uc624\ud6c4 9:25 - Name: text", false, true, DateOrder::kYearMonthDay),
            "2018-06-13T21:25:00|Name: text");
  EXPECT_EQ(Read("18. 6. 13. \uc624\uc804 12:10 - Name: text", false, true, DateOrder::kYearMonthDay),
            "2018-06-13T00:10:00|Name: text");
}

TEST(WhatsAppHeader, RefusesWhatIsNoHeader) {
  for (const char* line : {"Hello there", "", "2016-04-29 10:30:00", "12/05/2020 meeting at 10:00 - bring: snacks",
                           "12/24/19 the plan - Ann: x", "See you at 10:30 - ok", "March 3 was fun - really",
                           "May 17, 2022  5:29:42 PM", "[2019-12-24, 12:23 Jane Doe: no bracket", "1/1/24, 9:00"}) {
    EXPECT_EQ(Read(line, true), "-") << line;
  }
}

TEST(WhatsAppHeader, StartsWithDate) {
  EXPECT_TRUE(StartsWithDate("2/11/19, 14:48 Ann broken: lost header"));
  EXPECT_TRUE(StartsWithDate("[2023. 5. 10. 오후 9:23] x"));
  EXPECT_TRUE(StartsWithDate("\u200e[\u0662\u0667/\u0663/\u0662\u0660\u0662\u0662\u060c x"));
  EXPECT_FALSE(StartsWithDate("18 March we went"));
  EXPECT_FALSE(StartsWithDate("10:30 works"));
}

TEST(WhatsAppHeader, DayPeriods) {
  const uint32_t morning = LookUpDayPeriod("inthemorning"), night = LookUpDayPeriod("atnight");
  ASSERT_NE(morning, 0u);
  ASSERT_NE(night, 0u);
  EXPECT_EQ(ApplyDayPeriod(9, morning), 9);
  EXPECT_EQ(ApplyDayPeriod(12, night), 0);
  EXPECT_EQ(ApplyDayPeriod(11, night), 23);
  EXPECT_EQ(ApplyDayPeriod(2, night), 2);
  EXPECT_EQ(ApplyDayPeriod(12, LookUpDayPeriod("pm")), 12);
  EXPECT_EQ(ApplyDayPeriod(12, LookUpDayPeriod("am")), 0);
  EXPECT_EQ(ApplyDayPeriod(13, LookUpDayPeriod("pm")), 13);  // "13:37 p.m." stays
  EXPECT_EQ(ApplyDayPeriod(9, LookUpDayPeriod("vorm")), 9);  // nearest to 10-11
  EXPECT_NE(LookUpDayPeriod("\u4e0b\u5348"), 0u);            // 下午
  EXPECT_EQ(LookUpDayPeriod("teatime"), 0u);
}

// --- Reading files ----------------------------------------------------------

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/reframe-wa-test-XXXXXX";
    const int fd = mkstemp(name);
    close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Reading {
  std::vector<ChatMessage> messages;
  std::vector<std::string> problems;
  std::string error;
};

std::string Describe(const ChatMessage& m) {
  return std::to_string(m.line) + " " + std::string(MessageKindName(m.kind)) + " [" + m.author + "] " + m.time + " " +
         m.text;
}

// Reads with Next() (chunk_bytes = 0: the default) or, chunk_bytes > 0, with
// NextChunk() in chunks of about that size.
Reading ReadAll(const std::string& path, size_t chunk_bytes, size_t max_message = size_t{16} << 20) {
  Reading r;
  ChatOptions options;
  options.chunk_bytes = chunk_bytes;
  options.max_message_bytes = max_message;
  auto reader = OpenChat(path, ChatFormat::kWhatsApp, options);
  if (!reader.ok()) {
    r.error = reader.status().message();
    return r;
  }
  r.problems = (*reader)->problems();
  if (chunk_bytes == 0) {
    for (;;) {
      ChatMessage m;
      auto more = (*reader)->Next(m);
      if (!more.ok()) {
        r.error = more.status().message();
        break;
      }
      if (!*more) break;
      r.messages.push_back(std::move(m));
    }
    const auto& all = (*reader)->problems();
    r.problems.assign(all.begin(), all.end());
    return r;
  }
  for (;;) {
    auto chunk = (*reader)->NextChunk();
    if (!chunk.ok()) {
      r.error = chunk.status().message();
      break;
    }
    if (!*chunk) break;
    Status s = (*chunk)->Parse(r.messages, r.problems);
    if (!s.ok()) {
      r.error = s.message();
      break;
    }
  }
  return r;
}

void ExpectSame(const Reading& a, const Reading& b, const std::string& what) {
  ASSERT_EQ(a.messages.size(), b.messages.size()) << what;
  for (size_t i = 0; i < a.messages.size(); ++i) EXPECT_EQ(Describe(a.messages[i]), Describe(b.messages[i])) << what;
  EXPECT_EQ(a.problems, b.problems) << what;
  EXPECT_EQ(a.error, b.error) << what;
}

// A messy export: multi-line messages, blank lines, CRLF, events, broken
// headers, media, and text before the first message.
std::string MessyExport(int messages, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out = "\xEF\xBB\xBFsome preamble\n";
  for (int i = 0; i < messages; ++i) {
    const int day = 1 + (i / 40) % 28, month = 1 + (i / 1120) % 12;
    char header[64];
    std::snprintf(header, sizeof header, "%d/%d/21, %d:%02d - ", month, day, 1 + i % 12, i % 60);
    out += header;
    const unsigned kind = rng() % 10;
    if (kind == 0) {
      out += "Ann changed the subject to \"plans: " + std::to_string(i) + "\"\n";
    } else if (kind == 1) {
      out += "Ben: <Media omitted>\r\n";
    } else {
      out += (kind % 2 ? "Ann" : "Thandi \"T\" Z") + std::string(": message ") + std::to_string(i) + "\n";
      for (unsigned extra = rng() % 4; extra > 0 && kind > 6; --extra) {
        out += extra == 2   ? "\n"
               : extra == 3 ? "2/31/21, broken: header\n"
                            : "more text " + std::to_string(extra) + "\n";
      }
    }
  }
  return out;
}

TEST(WhatsAppReader, ChunksReadExactlyWhatOneReadingReads) {
  TempFile file(MessyExport(3000, 7));
  const Reading whole = ReadAll(file.path(), 0);
  ASSERT_TRUE(whole.error.empty()) << whole.error;
  ASSERT_EQ(whole.messages.size(), 3000u);
  EXPECT_EQ(whole.problems.front(), file.path() + ":1: text before the first message; skipped");
  for (size_t bytes : {size_t{1}, size_t{2}, size_t{7}, size_t{64}, size_t{100}, size_t{999}, size_t{4096},
                       size_t{65536}, size_t{1} << 24}) {
    ExpectSame(whole, ReadAll(file.path(), bytes), "chunk_bytes " + std::to_string(bytes));
  }
}

TEST(WhatsAppReader, NextThenNextChunkLoseNothing) {
  TempFile file(MessyExport(500, 3));
  const Reading whole = ReadAll(file.path(), 0);
  ChatOptions options;
  options.chunk_bytes = 300;
  auto reader = OpenChat(file.path(), ChatFormat::kWhatsApp, options);
  ASSERT_TRUE(reader.ok());
  std::vector<ChatMessage> got;
  std::vector<std::string> problems;
  for (int i = 0; i < 3; ++i) {
    ChatMessage m;
    ASSERT_TRUE(*(*reader)->Next(m));
    got.push_back(m);
  }
  for (;;) {
    auto chunk = (*reader)->NextChunk();
    ASSERT_TRUE(chunk.ok());
    if (!*chunk) break;
    ASSERT_TRUE((*chunk)->Parse(got, problems).ok());
  }
  ASSERT_EQ(got.size(), whole.messages.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(Describe(got[i]), Describe(whole.messages[i]));
}

TEST(WhatsAppReader, NamesOfEveryForm) {
  TempFile file(
      "02/05/2023, 14:22 - \u202a+90 531 411 38 99\u202c: Merhaba\n"
      "02/05/2023, 14:23 - \u202a+40\u00a0521\u00a0028\u00a061\u00a088\u202c: hi\n"
      "02/05/2023, 14:24 - Thandi \"Twin Thandi\" T: You never listen.\n"
      "02/05/2023, 14:25 - Sin\u00e9ad O'Brien: Thank you!\n"
      "02/05/2023, 14:26 - D\u2019Arcy: Fine.\n"
      "02/05/2023, 14:27 - Zo\u00eb \U0001F338: ok\n"
      "02/05/2023, 14:28 - ~\u202fSipho: hi all\n"
      "02/05/2023, 14:29 - \u2068\u0646\u0648\u0631\u2069: \u0645\u0631\u062d\u0628\u0627\n"
      "02/05/2023, 14:30 - Ann changed the subject from \"a\" to \"b: c\"\n"
      "02/05/2023, 14:31 - Ann changed the subject to \u201cTrip: May\u201d\n"
      "13/05/2023, 14:32 - Jonas hat den Betreff zu \u201eReise: Mai\u201c ge\u00e4ndert\n");
  const Reading r = ReadAll(file.path(), 0);
  ASSERT_EQ(r.messages.size(), 11u) << r.error;
  const char* authors[] = {"+90 531 411 38 99",
                           "+40 521 028 61 88",
                           "Thandi \"Twin Thandi\" T",
                           "Sin\u00e9ad O'Brien",
                           "D\u2019Arcy",
                           "Zo\u00eb \U0001F338",
                           "~ Sipho",
                           "\u0646\u0648\u0631",
                           "",
                           "",
                           ""};
  for (size_t i = 0; i < 11; ++i) {
    EXPECT_EQ(r.messages[i].author, authors[i]) << i;
    EXPECT_EQ(r.messages[i].kind == MessageKind::kEvent, i >= 8) << i;
  }
  EXPECT_EQ(r.messages[10].text, "Jonas hat den Betreff zu \u201eReise: Mai\u201c ge\u00e4ndert");
}

TEST(WhatsAppReader, DayMonthOrderFromDateGaps) {
  // No day above 12: consecutive messages are days apart read one way, months the other.
  TempFile us("[1/2/21, 09:00:00] A: x\n[1/3/21, 09:00:00] B: y\n[1/4/21, 09:00:00] A: z\n");
  EXPECT_EQ(ReadAll(us.path(), 0).messages[2].time, "2021-01-04T09:00:00");
  TempFile eu("01/02/21, 09:00 - A: x\n02/02/21, 09:00 - B: y\n03/02/21, 09:00 - A: z\n");
  EXPECT_EQ(ReadAll(eu.path(), 0).messages[2].time, "2021-02-03T09:00:00");
  // Two-digit year first (Korean): only the gaps can tell.
  TempFile ko("18. 6. 13. \uc624\ud6c4 9:25 - A: x\n18. 6. 14. \uc624\uc804 8:02 - B: y\n");
  EXPECT_EQ(ReadAll(ko.path(), 0).messages[1].time, "2018-06-14T08:02:00");
}

TEST(WhatsAppReader, DayMonthOrderDecidedByADateFarIntoTheFile) {
  // More than the part of the file that is looked at first, all on one day
  // that reads either way (and iOS with slashes would default to month
  // first); the deciding date comes at the very end.
  std::string text;
  while (text.size() < (size_t{5} << 20)) text += "[05/06/21, 10:00:00] Ann: the same day, over and over again\n";
  text += "[25/06/21, 10:00:00] Ben: a day above twelve\n";
  TempFile file(text);
  const Reading r = ReadAll(file.path(), 0);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.messages.front().time, "2021-06-05T10:00:00");
  EXPECT_EQ(r.messages.back().time, "2021-06-25T10:00:00");
  EXPECT_TRUE(r.problems.empty());
}

TEST(WhatsAppReader, YearlessDatesUseTheExportsDate) {
  TempFile file("18 Mar 12:14 - Ann: x\n2 Dec 23:59 - Ben: y\n");
  std::tm tm{};
  tm.tm_year = 2024 - 1900;
  tm.tm_mon = 5;
  tm.tm_mday = 1;
  tm.tm_hour = 12;
  const utimbuf times{std::mktime(&tm), std::mktime(&tm)};
  ASSERT_EQ(utime(file.path().c_str(), &times), 0);
  const Reading r = ReadAll(file.path(), 0);
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].time, "2024-03-18T12:14:00");
  EXPECT_EQ(r.messages[1].time, "2023-12-02T23:59:00");  // December is still to come in June
}

TEST(WhatsAppReader, LimitsNameTheLine) {
  std::string text = "1/1/24, 9:00 - A: hi\n1/1/24, 9:01 - B: long\n";
  for (int i = 0; i < 30000; ++i) text += "0123456789012345678901234567890123456789\n";
  text += "1/1/24, 9:02 - A: after\n";
  TempFile file(text);
  for (size_t chunk : {size_t{0}, size_t{64}, size_t{100000}}) {
    const Reading r = ReadAll(file.path(), chunk, size_t{1} << 20);
    EXPECT_EQ(r.error, file.path() + ":2: a message longer than 1 MiB") << chunk;
    EXPECT_EQ(r.messages.size(), 1u) << chunk;
  }
  TempFile line("1/1/24, 9:00 - A: hi\n" + std::string(size_t{3} << 20, 'x') + "\n");
  const Reading r = ReadAll(line.path(), 64, size_t{1} << 20);
  EXPECT_NE(r.error.find(":2: a line longer than"), std::string::npos) << r.error;
}

TEST(WhatsAppReader, NoHeaderNamesADateLineIfThereIsOne) {
  TempFile kakao("2023. 5. 10. \uc624\ud6c4 9:23, Ann : hello\n");
  EXPECT_EQ(ReadAll(kakao.path(), 0).error.rfind(kakao.path() + ":1: not a WhatsApp export reframe can read", 0), 0u);
  TempFile notes("# notes\nnothing\n");
  EXPECT_EQ(ReadAll(notes.path(), 0).error.rfind(notes.path() + ":1: not a WhatsApp export: expected", 0), 0u);
}

}  // namespace
}  // namespace reframe::internal
