#include "language/grammar.h"

#include <algorithm>

#include "language/words.h"
#include "text/fold.h"

namespace reframe::internal {
namespace {

constexpr const char* kClassNames[kGrammarClassCount] = {
    "pronoun_i",       "pronoun_we",  "pronoun_you",    "pronoun_third",
    "generic_subject", "possessive",  "possessive_you", "possessive_i",
    "determiner",      "be",          "have",           "do",
    "modal",           "past_aux",    "negator",        "negative_quantifier",
    "negated_frame",   "coordinator", "contrast",       "sub_cause",
    "sub_condition",   "sub_time",    "sub_concession", "relative",
    "question_word",   "preposition", "frequency",      "intensifier",
    "discourse",       "saying_verb", "thinking_verb",  "wish_frame",
    "advice",          "generic_you", "rhetorical",     "proposal",
    "playful",         "extra_verb",  "time_word",      "person_noun",
};

}  // namespace

const char* GrammarClassName(int cls) { return cls >= 0 && cls < kGrammarClassCount ? kClassNames[cls] : nullptr; }

int GrammarClassByName(std::string_view name) {
  for (int i = 0; i < kGrammarClassCount; ++i) {
    if (name == kClassNames[i]) return i;
  }
  return -1;
}

std::vector<std::string> SplitIntoWords(std::string_view text) {
  std::vector<std::string> out;
  for (const WordPiece& piece : SplitText(text)) out.push_back(piece.norm);
  return out;
}

Grammar::Grammar(const std::map<std::string, std::vector<std::string>>& classes) {
  std::map<std::string, uint64_t> single;
  std::vector<std::pair<int, std::vector<std::string>>> multi;
  for (const auto& [name, entries] : classes) {
    const int cls = GrammarClassByName(name);
    if (cls < 0) continue;
    for (const std::string& entry : entries) {
      std::vector<std::string> words = SplitIntoWords(FoldText(entry));  // as the text is folded
      if (words.size() == 1) {
        single[words[0]] |= uint64_t{1} << cls;
      } else if (words.size() > 1) {
        multi.push_back({cls, std::move(words)});
      }
    }
  }
  // Longest first, so MatchAt can stop at the first hit.
  std::stable_sort(multi.begin(), multi.end(),
                   [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  size_t key_count = single.size();
  for (const auto& m : multi) key_count += m.second.size();
  keys_.reserve(key_count);  // never reallocates: the views below stay valid
  for (const auto& [word, bits] : single) {
    keys_.push_back(word);
    words_[keys_.back()] = bits;
  }
  phrases_.reserve(multi.size());
  for (auto& [cls, words] : multi) {
    phrases_.push_back(words);
    keys_.push_back(words[0]);
    by_first_[cls][keys_.back()].push_back(static_cast<int>(phrases_.size() - 1));
    starts_[keys_.back()] |= uint64_t{1} << cls;
  }
}

uint64_t Grammar::StartsOf(std::string_view word) const {
  auto it = starts_.find(word);
  return (it == starts_.end() ? 0 : it->second) | ClassesOf(word);
}

uint64_t Grammar::ClassesOf(std::string_view word) const {
  auto it = words_.find(word);
  return it == words_.end() ? 0 : it->second;
}

size_t Grammar::MatchAt(const std::vector<std::string_view>& words, size_t at, GrammarClass cls) const {
  if (at >= words.size()) return 0;
  auto it = by_first_[cls].find(words[at]);
  if (it != by_first_[cls].end()) {
    for (int p : it->second) {
      const std::vector<std::string>& phrase = phrases_[p];
      if (at + phrase.size() > words.size()) continue;
      bool match = true;
      for (size_t k = 1; k < phrase.size() && match; ++k) match = words[at + k] == phrase[k];
      if (match) return phrase.size();
    }
  }
  return Is(words[at], cls) ? 1 : 0;
}

bool Grammar::Contains(const std::vector<std::string_view>& words, size_t begin, size_t end, GrammarClass cls) const {
  end = std::min(end, words.size());
  for (size_t i = begin; i < end; ++i) {
    const size_t n = MatchAt(words, i, cls);
    if (n > 0 && i + n <= end) return true;
  }
  return false;
}

}  // namespace reframe::internal
