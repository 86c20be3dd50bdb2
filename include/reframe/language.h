// reframe/language.h — which language a message (or a whole chat) is in.
//
//   reframe::Language lang = reframe::DetectLanguage("Я хочу быть ближе, но я очень занят.");
//   if (!lang.code.empty() && lang.code != reframe::kRulesLanguage)
//     std::cout << "looks " << lang.name << ": the rules are English-only\n";
//
//   reframe::LanguageSample sample;              // a chat: bounded, whatever its size
//   for (const auto& m : messages) sample.Add(m.text);
//   std::vector<reframe::Language> main = sample.Detect();   // most first
//
// The rules (the built-in lexicons) are written for English: a message in
// another language gets no findings, and that says nothing about it. These
// functions let a program say so. Detection uses Google's Compact Language
// Detector 2 (Debian's libcld2), after a cheap test that settles most plain
// English messages without it. Short messages are unreliable (a few words
// share spellings across languages): below kMinLanguageLetters letters, or
// when the detector is unsure, the code is empty. Thread-safe.
#ifndef REFRAME_LANGUAGE_H_
#define REFRAME_LANGUAGE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"

namespace reframe {

// The language the built-in rules are written in.
inline constexpr std::string_view kRulesLanguage = "en";

// Fewer letters than this and DetectLanguage does not guess (measured in
// tests/language/README.md: below it a third of the guesses are wrong).
inline constexpr size_t kMinLanguageLetters = 24;

struct Language {
  std::string code;       // ISO 639-1 where there is one ("en", "ru", "pt"), else CLD2's code; "" = unknown
  std::string name;       // "English", "Russian"; "" when unknown
  int percent = 0;        // share of the text's letters in this language (0-100)
  bool reliable = false;  // the detector was sure
};

// The language of one message, or an empty code when it is too short or
// unclear. Costs about 0.3 µs on a plain English message, 5-20 µs otherwise.
REFRAME_EXPORT Language DetectLanguage(std::string_view utf8_text);

// "Russian" for "ru" (any code DetectLanguage returns); "" if unknown.
REFRAME_EXPORT std::string LanguageName(std::string_view code);

// The number of letters DetectLanguage counts in `utf8_text` (ASCII letters
// and non-ASCII characters outside punctuation and emoji).
REFRAME_EXPORT size_t CountLetters(std::string_view utf8_text);

// The main languages of many messages, from a uniform sample of them
// (reservoir sampling with a fixed seed: the same input gives the same
// answer). Memory and the final detection are bounded (at most kSlots
// messages of at most kSlotBytes each) whatever the number of messages.
class REFRAME_EXPORT LanguageSample {
 public:
  static constexpr size_t kSlots = 256;
  static constexpr size_t kSlotBytes = 256;

  LanguageSample();
  LanguageSample(LanguageSample&&) noexcept;
  LanguageSample& operator=(LanguageSample&&) noexcept;
  ~LanguageSample();

  // Offers one message; messages with fewer than 8 letters are not sampled.
  void Add(std::string_view utf8_text);
  // Up to three languages, most first, with their share of the sample; empty
  // when the sample is too small or the detector is unsure.
  [[nodiscard]] std::vector<Language> Detect() const;
  // Messages offered with enough letters, and how many of them were kept.
  [[nodiscard]] size_t offered() const;
  [[nodiscard]] size_t sampled() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A sentence for people when `main` (a LanguageSample's or a draft's
// languages, most first) is not what the rules cover, else "". `what` names
// the text: "This chat", "This draft", or with `plural` "These drafts".
//   "This chat looks Russian; reframe's rules are English-only, so 0 findings means nothing here."
REFRAME_EXPORT std::string LanguageNote(const std::vector<Language>& main, std::string_view what, bool plural = false);

}  // namespace reframe

#endif  // REFRAME_LANGUAGE_H_
