#include "report/reframe_filler.h"

#include <cctype>

namespace reframe::internal {
namespace {

std::string_view TrimValue(std::string_view v) {
  auto junk = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '.' ||
                                  c == ';' || c == ':' || c == '!' || c == '?'; };
  while (!v.empty() && junk(v.front())) v.remove_prefix(1);
  while (!v.empty() && junk(v.back())) v.remove_suffix(1);
  return v;
}

// "I", "I'm", "I'll"... keep their capital anywhere in a sentence.
bool IsFirstPersonI(std::string_view v) {
  return !v.empty() && v[0] == 'I' && (v.size() == 1 || v[1] == ' ' || v[1] == '\'');
}

std::string Tidy(std::string_view raw, bool sentence_start) {
  std::string v(TrimValue(raw));
  size_t letters = 0, upper = 0;
  for (unsigned char c : v) {
    if (std::isalpha(c)) {
      ++letters;
      upper += std::isupper(c) != 0;
    }
  }
  if (letters >= 2 && upper == letters) {  // SHOUTED: keep the words, drop the volume
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // ...but "I" stays a capital.
    for (size_t i = 0; i < v.size(); ++i) {
      bool start = i == 0 || v[i - 1] == ' ';
      bool end = i + 1 == v.size() || v[i + 1] == ' ' || v[i + 1] == '\'';
      if (v[i] == 'i' && start && end) v[i] = 'I';
    }
  } else if (!sentence_start && v.size() > 1 && std::isupper(static_cast<unsigned char>(v[0])) &&
             std::islower(static_cast<unsigned char>(v[1])) && !IsFirstPersonI(v)) {
    v[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(v[0])));
  }
  return v;
}

}  // namespace

bool FillReframe(std::string_view tmpl, const SlotValues& slots, std::string* out) {
  std::string result;
  size_t i = 0;
  while (i < tmpl.size()) {
    size_t open = tmpl.find('{', i);
    size_t close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) {
      result.append(tmpl.substr(i));
      break;
    }
    result.append(tmpl.substr(i, open - i));
    std::string_view body = tmpl.substr(open + 1, close - open - 1);
    size_t bar = body.find('|');
    std::string_view name = body.substr(0, bar);
    std::string_view value;
    for (const auto& [slot, text] : slots) {
      if (slot == name && !TrimValue(text).empty()) {
        value = text;
        break;
      }
    }
    if (!value.empty()) {
      size_t k = result.find_last_not_of(' ');
      bool sentence_start = k == std::string::npos || result[k] == '.' || result[k] == '!' ||
                            result[k] == '?' || result[k] == '"';
      result += Tidy(value, sentence_start);
    } else if (bar != std::string_view::npos) {
      result.append(body.substr(bar + 1));
    } else {
      return false;
    }
    i = close + 1;
  }
  if (!result.empty() && std::islower(static_cast<unsigned char>(result[0]))) {
    result[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(result[0])));
  }
  *out = std::move(result);
  return true;
}

}  // namespace reframe::internal
