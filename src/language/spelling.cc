#include "language/spelling.h"

#include <vector>

namespace reframe::internal {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

void CollectLiteralWords(std::string_view regex, std::set<std::string>& out, size_t min_length) {
  size_t i = 0;
  while (i < regex.size()) {
    const char c = regex[i];
    if (c == '\\') {  // an escape: "\s", "\p{L}"
      i += 2;
      if (i < regex.size() && regex[i - 1] == 'p' && regex[i] == '{') {
        while (i < regex.size() && regex[i] != '}') ++i;
      }
      continue;
    }
    if (c == '{') {  // a "{list}" reference or a repetition count
      while (i < regex.size() && regex[i] != '}') ++i;
      continue;
    }
    if (c == '[') {  // a character class: its letters are not a word
      while (i < regex.size() && regex[i] != ']') i += regex[i] == '\\' ? 2 : 1;
      ++i;
      continue;
    }
    if (c == '(' && regex.compare(i, 4, "(?P<") == 0) {  // a group name
      while (i < regex.size() && regex[i] != '>') ++i;
      continue;
    }
    if (!IsLower(c)) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < regex.size() && IsLower(regex[i])) ++i;
    // A word followed by a quantifier ("lol+") is not spelled out whole.
    if (i < regex.size() && (regex[i] == '+' || regex[i] == '*' || regex[i] == '?' || regex[i] == '{')) continue;
    if (start > 0 && (regex[start - 1] == '\'' || IsLower(regex[start - 1]))) continue;
    if (i - start >= min_length) out.insert(std::string(regex.substr(start, i - start)));
  }
}

std::map<std::string, std::string> MisspellingMap(const std::set<std::string>& vocabulary, const WordTable& words,
                                                  const Grammar& grammar, const std::set<std::string>& keep) {
  std::map<std::string, std::string> out;
  std::set<std::string> ambiguous;
  auto consider = [&](const std::string& variant, const std::string& word) {
    if (variant == word || variant.size() > 8 || keep.count(variant) || vocabulary.count(variant)) return;
    if (ambiguous.count(variant)) return;
    auto [it, added] = out.emplace(variant, word);
    if (!added && it->second != word) {  // two rule words share it: use neither
      out.erase(it);
      ambiguous.insert(variant);
    }
  };
  std::vector<std::string> candidates;
  for (const std::string& word : vocabulary) {
    if (word.size() < 3 || word.size() > 8) continue;
    candidates.clear();
    // Two neighbouring letters swapped.
    // (Not the first two: "avin" is texting for "having", not "vain".)
    for (size_t i = 1; i + 1 < word.size(); ++i) {
      if (word[i] == word[i + 1]) continue;
      std::string v = word;
      std::swap(v[i], v[i + 1]);
      candidates.push_back(v);
    }
    // A letter doubled ("busyy", "tiredd").
    for (size_t i = 0; i < word.size(); ++i) {
      if (i + 1 < word.size() && word[i] == word[i + 1]) continue;
      candidates.push_back(word.substr(0, i + 1) + word[i] + word.substr(i + 1));
    }
    // An inner letter dropped, in longer words only ("tird", "beacuse" is a swap).
    if (word.size() >= 5) {
      for (size_t i = 1; i + 1 < word.size(); ++i) {
        if (word[i] == word[i - 1]) continue;
        candidates.push_back(word.substr(0, i) + word.substr(i + 1));
      }
    }
    for (const std::string& v : candidates) {
      if (ambiguous.count(v) || out.count(v)) {
        consider(v, word);
        continue;
      }
      if (grammar.ClassesOf(v) || words.Find(v).known() || words.IsWord(v)) continue;
      consider(v, word);
    }
  }
  return out;
}

}  // namespace reframe::internal
