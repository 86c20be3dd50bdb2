// Language detection (reframe/language.h).
#include "reframe/language.h"

#include <gtest/gtest.h>

#include <string>

namespace reframe {
namespace {

TEST(Language, TellsEnglishAndOthersApart) {
  EXPECT_EQ(DetectLanguage("I want to connect with you, but I am too busy this week.").code, "en");
  EXPECT_EQ(DetectLanguage("Я хочу быть ближе к тебе, но я сейчас очень занят на работе.").code, "ru");
  EXPECT_EQ(DetectLanguage("Eu quero ficar mais perto de você, mas estou muito ocupado agora.").code, "pt");
  EXPECT_EQ(DetectLanguage("Ich möchte dir näher sein, aber ich habe gerade sehr viel zu tun.").code, "de");
  EXPECT_EQ(DetectLanguage("Quiero estar más cerca de ti, pero ahora estoy muy ocupado con el trabajo.").code, "es");
}

TEST(Language, ShortMessagesAreNotGuessed) {
  EXPECT_EQ(DetectLanguage("ok").code, "");
  EXPECT_EQ(DetectLanguage("no se").code, "");
  EXPECT_EQ(DetectLanguage("Hola, ¿qué tal?").code, "");
  EXPECT_EQ(DetectLanguage("😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂").code, "");
}

TEST(Language, LettersSkipPunctuationAndEmoji) {
  EXPECT_EQ(CountLetters("ab, cd!"), 4u);
  EXPECT_EQ(CountLetters("привет"), 6u);
  EXPECT_EQ(CountLetters("“a” — 😂"), 1u);
}

TEST(Language, InvalidUtf8IsSafe) {
  std::string bad = "Я хочу быть ближе к тебе, но я сейчас очень занят";
  bad[3] = '\xff';
  bad += "\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80\xe0\x80";
  EXPECT_EQ(DetectLanguage(bad).code, "ru");
  EXPECT_EQ(DetectLanguage(std::string(100, '\xe2')).code, "");
}

TEST(Language, SampleIsBoundedAndFindsTheMainLanguage) {
  LanguageSample sample;
  for (int i = 0; i < 5000; ++i) {
    sample.Add(i % 10 == 0 ? "I will call you tonight when I get home from work."
                           : "Я позвоню тебе вечером, когда приду домой с работы.");
  }
  sample.Add("ok");  // too short to be offered
  EXPECT_EQ(sample.offered(), 5000u);
  EXPECT_EQ(sample.sampled(), LanguageSample::kSlots);
  const std::vector<Language> main = sample.Detect();
  ASSERT_FALSE(main.empty());
  EXPECT_EQ(main.front().code, "ru");
  EXPECT_EQ(main.front().name, "Russian");
  EXPECT_GT(main.front().percent, 70);
  EXPECT_EQ(LanguageNote(main, "This chat").rfind("This chat looks Russian; reframe's rules are English-only", 0), 0u);
}

TEST(Language, NoteOnlyWhenNotEnglish) {
  EXPECT_EQ(LanguageNote({}, "This chat"), "");
  EXPECT_EQ(LanguageNote({Language{"en", "English", 100, true}}, "This chat"), "");
  EXPECT_EQ(LanguageNote({Language{"en", "English", 70, true}, Language{"pt", "Portuguese", 30, true}}, "This chat"),
            "About 30% of this chat looks Portuguese; reframe's rules are English-only and do not read that part.");
  EXPECT_EQ(LanguageNote({Language{"ru", "Russian", 100, true}}, "These drafts", true),
            "These drafts look Russian; reframe's rules are English-only, so 0 findings means nothing here.");
  EXPECT_EQ(LanguageName("pt"), "Portuguese");
  EXPECT_EQ(LanguageName(""), "");
}

}  // namespace
}  // namespace reframe
