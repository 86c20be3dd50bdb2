#include "lexicon/example.h"

#include "reframe/lexicon.h"

namespace reframe {
namespace internal {

bool ParseExample(std::string_view example, std::string* text, size_t* begin, size_t* end,
                  std::optional<std::string>* reply_to) {
  *begin = *end = 0;
  if (reply_to) reply_to->reset();
  if (example.substr(0, 2) == "> ") {  // the message it answers
    const size_t nl = example.find('\n');
    if (nl != std::string_view::npos) {
      if (reply_to) *reply_to = std::string(example.substr(2, nl - 2));
      example.remove_prefix(nl + 1);
    }
  }
  const size_t open = example.find("[[");
  const size_t close = open == std::string_view::npos ? open : example.find("]]", open + 2);
  if (close == std::string_view::npos) {
    *text = std::string(example);
    return false;
  }
  *text = std::string(example.substr(0, open)) + std::string(example.substr(open + 2, close - open - 2)) +
          std::string(example.substr(close + 2));
  *begin = open;
  *end = close - 2;
  return true;
}

}  // namespace internal

std::string ExampleReplyTo(std::string_view example) {
  std::string text;
  size_t begin, end;
  std::optional<std::string> reply_to;
  internal::ParseExample(example, &text, &begin, &end, &reply_to);
  return reply_to.value_or("");
}

std::string ExampleText(std::string_view example) {
  std::string text;
  size_t begin, end;
  internal::ParseExample(example, &text, &begin, &end);
  return text;
}

}  // namespace reframe
