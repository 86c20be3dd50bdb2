// Language detection (reframe/language.h): a cheap test for plain English,
// then Google's Compact Language Detector 2 (Debian's libcld2).
// Debian's compact_lang_det.h uses FILE without including <cstdio>.
#include <cstdio>
// (a block of its own, so that it stays first)
#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/language.h"

namespace reframe {
namespace {

// Whether the UTF-8 character led by `lead` counts as a letter: Latin
// supplements, Greek, Cyrillic, Hebrew, Arabic, Indic, CJK, Hangul... but
// not U+2000-U+2FFF (punctuation, arrows, symbols: lead E2) nor the
// astral planes (emoji: lead F0-F4), nor Latin-1 punctuation (lead C2).
bool LetterLead(unsigned char lead) { return (lead >= 0xC3 && lead <= 0xE1) || (lead >= 0xE3 && lead <= 0xEF); }

bool AsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Frequent English words that are not also everyday words of the languages
// CLD2 confuses English with in short texts (no "is", "of", "was", "will",
// "die", "so", "me", "no", "a", "in": Dutch, German, Spanish, Italian use
// them too), plus texting forms. A message made of ASCII letters where at
// least two words and a quarter of all words are in this list is English
// (tests/language/README.md measures it: 85% of English SMS, 0.2% of
// non-English strings).
// Sorted: looked up by binary search.
constexpr std::string_view kEnglishWords[] = {
    "about",   "again", "all",     "also",     "and",     "any",   "are",   "aren't", "at",     "back",  "be",
    "because", "been",  "but",     "call",     "can",     "can't", "cant",  "could",  "day",    "did",   "didn't",
    "do",      "does",  "doesn't", "don't",    "dont",    "for",   "from",  "get",    "go",     "going", "gonna",
    "good",    "got",   "had",     "has",      "have",    "he",    "hello", "her",    "here",   "hey",   "hi",
    "him",     "his",   "home",    "how",      "how's",   "i'd",   "i'll",  "i'm",    "i've",   "if",    "im",
    "isn't",   "it",    "it's",    "its",      "just",    "know",  "let's", "like",   "lol",    "love",  "miss",
    "more",    "much",  "my",      "need",     "night",   "not",   "now",   "oh",     "ok",     "okay",  "one",
    "only",    "or",    "our",     "out",      "please",  "pls",   "r",     "really", "said",   "say",   "see",
    "send",    "sent",  "she",     "should",   "some",    "sorry", "still", "tell",   "text",   "than",  "thank",
    "thanks",  "that",  "that's",  "the",      "their",   "them",  "then",  "there",  "they",   "think", "this",
    "time",    "to",    "today",   "tomorrow", "tonight", "too",   "u",     "up",     "ur",     "us",    "very",
    "wanna",   "want",  "wasn't",  "we",       "well",    "were",  "what",  "what's", "when",   "where", "who",
    "why",     "with",  "won't",   "work",     "would",   "yeah",  "yes",   "you",    "you're", "your",  "youre",
};

// The words of kEnglishWords by first letter: [begin, end) indexes.
struct FirstLetterIndex {
  std::array<std::pair<uint8_t, uint8_t>, 26> range{};
  FirstLetterIndex() {
    for (size_t i = 0; i < std::size(kEnglishWords); ++i) {
      auto& r = range[static_cast<size_t>(kEnglishWords[i][0] - 'a')];
      if (r.first == r.second) r.first = static_cast<uint8_t>(i);
      r.second = static_cast<uint8_t>(i + 1);
    }
  }
};
static_assert(std::size(kEnglishWords) < 256);

bool IsEnglishWord(std::string_view w) {
  static const FirstLetterIndex index;
  const auto& r = index.range[static_cast<size_t>(w[0] - 'a')];
  return std::binary_search(kEnglishWords + r.first, kEnglishWords + r.second, w);
}

// Plain English, settled without CLD2: only ASCII letters, and at least three
// words, two of them and a quarter of all from kEnglishWords.
bool LooksPlainEnglish(std::string_view text) {
  size_t words = 0, hits = 0;
  char word[9];  // longer words are never in kEnglishWords: only counted
  size_t len = 0;
  auto end_word = [&] {
    while (len > 0 && len <= sizeof word && word[len - 1] == '\'') --len;
    if (len == 0) return;
    ++words;
    if (len <= sizeof word && IsEnglishWord(std::string_view(word, len))) ++hits;
    len = 0;
  };
  auto push = [&](char c) {
    if (len < sizeof word) word[len] = c;
    ++len;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (AsciiLetter(c)) {
      push(static_cast<char>(c | 0x20));
    } else if (c == '\'' && len > 0) {
      push('\'');
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x99 && len > 0) {
      push('\'');  // ’
      i += 2;
    } else if (c >= 0x80 && LetterLead(c)) {
      return false;  // a letter outside ASCII: let CLD2 decide
    } else {
      end_word();
    }
  }
  end_word();
  return words >= 3 && hits >= 2 && hits * 4 >= words;
}

// A copy CLD2 can read: valid UTF-8 (anything else becomes a space), at most
// `max` bytes, cut at a character boundary.
std::string Clean(std::string_view text, size_t max) {
  std::string out;
  out.reserve(std::min(text.size(), max));
  size_t i = 0;
  while (i < text.size() && out.size() < max) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size() && !(n == 2 && c < 0xC2) && !(n == 4 && c > 0xF4);
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && n == 3) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong, surrogates
    }
    if (ok && n == 4) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) {
      out.push_back(' ');
      ++i;
      continue;
    }
    if (out.size() + n > max) break;
    if (c < 0x20 && c != '\n' && c != '\t') {
      out.push_back(' ');  // control characters mean nothing to the detector
    } else {
      out.append(text.data() + i, n);
    }
    i += n;
  }
  return out;
}

// "RUSSIAN" -> "Russian", "CHINESE_T" -> "Chinese (traditional)".
std::string DisplayName(CLD2::Language lang) {
  std::string name = CLD2::LanguageName(lang);
  if (name == "CHINESE_T") return "Chinese (traditional)";
  bool start = true;
  for (char& c : name) {
    if (c == '_') {
      c = ' ';
      start = true;
      continue;
    }
    c = start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
              : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    start = false;
  }
  return name;
}

Language Make(CLD2::Language lang, int percent, bool reliable) {
  Language out;
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return out;
  out.code = CLD2::LanguageCode(lang);
  out.name = DisplayName(lang);
  out.percent = percent;
  out.reliable = reliable;
  return out;
}

// The top three languages of `text` (at most `max` bytes of it).
std::vector<Language> Detect3(std::string_view text, size_t max) {
  const std::string clean = Clean(text, max);
  CLD2::Language langs[3];
  int percents[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::ExtDetectLanguageSummary(clean.data(), static_cast<int>(clean.size()), true, langs, percents, &text_bytes,
                                 &reliable);
  std::vector<Language> out;
  for (int i = 0; i < 3; ++i) {
    Language l = Make(langs[i], percents[i], reliable);
    if (!l.code.empty() && percents[i] > 0) out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

size_t CountLetters(std::string_view text) {
  size_t n = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    n += AsciiLetter(c) || LetterLead(c);
  }
  return n;
}

std::string LanguageName(std::string_view code) {
  if (code.empty()) return "";
  const CLD2::Language lang = CLD2::GetLanguageFromName(std::string(code).c_str());
  return lang == CLD2::UNKNOWN_LANGUAGE ? std::string() : DisplayName(lang);
}

Language DetectLanguage(std::string_view text) {
  if (CountLetters(text) < kMinLanguageLetters) return {};
  if (LooksPlainEnglish(text)) return Language{"en", "English", 100, true};
  // A message is read whole up to 4 KiB: enough to tell, and a bound on the cost.
  std::vector<Language> top = Detect3(text, 4096);
  if (top.empty() || !top.front().reliable) return {};
  return top.front();
}

struct LanguageSample::Impl {
  std::vector<std::string> slots;
  size_t offered = 0;
  uint64_t rng = 0x9E3779B97F4A7C15ULL;  // fixed seed: the same chat, the same sample

  uint64_t Next() {  // xorshift64*
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1DULL;
  }
};

LanguageSample::LanguageSample() : impl_(std::make_unique<Impl>()) {}
LanguageSample::LanguageSample(LanguageSample&&) noexcept = default;
LanguageSample& LanguageSample::operator=(LanguageSample&&) noexcept = default;
LanguageSample::~LanguageSample() = default;

void LanguageSample::Add(std::string_view text) {
  // Cheap before the letter count: most chat messages are short.
  if (text.size() < 8 || CountLetters(text.substr(0, kSlotBytes)) < 8) return;
  Impl& s = *impl_;
  ++s.offered;
  std::string_view kept = text.substr(0, kSlotBytes);
  if (s.slots.size() < kSlots) {
    s.slots.emplace_back(kept);
    return;
  }
  // Reservoir sampling (Algorithm R): each message is kept with probability kSlots / offered.
  const uint64_t j = s.Next() % s.offered;
  if (j < kSlots) s.slots[j].assign(kept.data(), kept.size());
}

std::vector<Language> LanguageSample::Detect() const {
  std::string all;
  size_t letters = 0;
  for (const std::string& s : impl_->slots) {
    all += s;
    all += '\n';
    letters += CountLetters(s);
  }
  if (letters < 2 * kMinLanguageLetters) return {};
  std::vector<Language> top = Detect3(all, all.size() + 1);
  if (top.empty() || !top.front().reliable) return {};
  return top;
}

size_t LanguageSample::offered() const { return impl_->offered; }
size_t LanguageSample::sampled() const { return impl_->slots.size(); }

std::string LanguageNote(const std::vector<Language>& main, std::string_view what, bool plural) {
  if (main.empty()) return "";
  const Language& top = main.front();
  if (top.code != kRulesLanguage) {
    return std::string(what) + (plural ? " look " : " looks ") + top.name +
           "; reframe's rules are English-only, so 0 findings means nothing here" +
           (main.size() > 1 && main[1].code == kRulesLanguage && main[1].percent >= 10
                ? " (only the English part, about " + std::to_string(main[1].percent) + "%, was read)."
                : ".");
  }
  for (size_t i = 1; i < main.size(); ++i) {
    if (main[i].percent >= 20) {
      return "About " + std::to_string(main[i].percent) + "% of " +
             (what.empty() ? std::string("it")
                           : std::string(1, static_cast<char>(std::tolower(what[0]))) + std::string(what.substr(1))) +
             (plural ? " look " : " looks ") + main[i].name +
             "; reframe's rules are English-only and do not read that part.";
    }
  }
  return "";
}

}  // namespace reframe
