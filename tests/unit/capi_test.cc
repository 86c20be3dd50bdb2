#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "reframe/reframe_c.h"
#include "reframe/version.h"

namespace {

TEST(CApi, AnalyzesToTheDesignJson) {
  reframe_analyzer* a = reframe_analyzer_new();
  ASSERT_NE(a, nullptr) << reframe_last_error();
  const char* text = "I want to connect, but I am too busy.";
  char* json = reframe_analyze_json(a, text, std::strlen(text));
  ASSERT_NE(json, nullptr);
  auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["findings"][0]["category"], "mixed-message");
  EXPECT_EQ(j["findings"][0]["start"], 0);
  EXPECT_STREQ(reframe_last_error(), "");
  reframe_string_free(json);
  // NUL-terminated form.
  json = reframe_analyze_json(a, "Thank you.", static_cast<size_t>(-1));
  ASSERT_NE(json, nullptr);
  EXPECT_EQ(nlohmann::json::parse(json)["strengths"][0]["kind"], "appreciation");
  reframe_string_free(json);
  reframe_analyzer_free(a);
}

TEST(CApi, ErrorsAreReportedNotThrown) {
  EXPECT_EQ(reframe_analyzer_new_from_dir("/no/such/dir", 0), nullptr);
  EXPECT_NE(std::string(reframe_last_error()).find("/no/such/dir"), std::string::npos);
  EXPECT_EQ(reframe_analyzer_new_from_dir(nullptr, 0), nullptr);
  EXPECT_EQ(reframe_analyze_json(nullptr, "x", 1), nullptr);
  EXPECT_NE(std::string(reframe_last_error()), "");
  reframe_analyzer_free(nullptr);
  reframe_string_free(nullptr);
  EXPECT_STREQ(reframe_version(), REFRAME_VERSION_STRING);
}

TEST(CApi, CustomLexiconDirectory) {
  reframe_analyzer* a = reframe_analyzer_new_from_dir(REFRAME_LEXICON_DIR, 1);
  ASSERT_NE(a, nullptr) << reframe_last_error();
  char* json = reframe_analyze_json(a, "I feel numb.", static_cast<size_t>(-1));
  EXPECT_NE(std::string(json).find("withdrawal"), std::string::npos);
  reframe_string_free(json);
  reframe_analyzer_free(a);
}

TEST(CApi, ReadsTheMessageAReplyAnswers) {
  reframe_analyzer* a = reframe_analyzer_new();
  ASSERT_NE(a, nullptr);
  char* after_complaint =
      reframe_analyze_reply_json(a, "ok", static_cast<size_t>(-1), "You never listen to me.", static_cast<size_t>(-1));
  char* after_plan =
      reframe_analyze_reply_json(a, "ok", static_cast<size_t>(-1), "Dinner at 7?", static_cast<size_t>(-1));
  char* alone = reframe_analyze_reply_json(a, "ok", 2, nullptr, 0);
  ASSERT_NE(after_complaint, nullptr);
  ASSERT_NE(after_plan, nullptr);
  ASSERT_NE(alone, nullptr);
  EXPECT_NE(std::string(after_complaint).find("\"withdrawal/curt-reply\""), std::string::npos) << after_complaint;
  EXPECT_NE(std::string(after_plan).find("\"findings\":[]"), std::string::npos) << after_plan;
  EXPECT_NE(std::string(alone).find("\"findings\":[]"), std::string::npos) << alone;
  reframe_string_free(after_complaint);
  reframe_string_free(after_plan);
  reframe_string_free(alone);
  reframe_analyzer_free(a);
}

}  // namespace
