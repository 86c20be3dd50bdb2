#include "language/words.h"

#include "text/text.h"

namespace reframe::internal {

using namespace std::literals;
namespace {

// ASCII inline; the rest asks ICU (text/text.h).
inline bool IsWordChar(int32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return IsWordCodePoint(c);
}

inline bool IsSeparator(int32_t c) {
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  return IsSeparatorCodePoint(c);
}

inline int32_t Decode(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  return NextCodePoint(s, i);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Appends the pieces of one word, contractions spelled out.
void AddWord(std::string_view text, uint32_t b, uint32_t e, std::vector<WordPiece>& out) {
  const std::string_view w = text.substr(b, e - b);
  auto push = [&](uint32_t pb, uint32_t pe, std::string norm, bool clitic) {
    out.push_back({pb, pe, std::move(norm), true, clitic});
  };
  if (w == "cannot"sv) {
    push(b, b + 3, "can", false);
    push(b + 3, e, "not", true);
    return;
  }
  if (EndsWith(w, "n't")) {
    const std::string_view stem = w.substr(0, w.size() - 3);
    std::string norm(stem);
    if (stem == "ca"sv) norm = "can";
    if (stem == "wo"sv) norm = "will";
    if (stem == "sha"sv) norm = "shall";
    if (stem == "ai"sv) norm = "is";
    push(b, e - 3, norm, false);
    push(e - 3, e, "not", true);
    return;
  }
  static constexpr std::pair<std::string_view, std::string_view> kClitics[] = {
      {"'m", "am"}, {"'re", "are"}, {"'ve", "have"}, {"'ll", "will"}, {"'d", "would"}, {"'s", "is"}};
  for (const auto& [clitic, norm] : kClitics) {
    if (!EndsWith(w, clitic)) continue;
    const std::string_view stem = w.substr(0, w.size() - clitic.size());
    const auto cut = static_cast<uint32_t>(e - clitic.size());
    push(b, cut, std::string(stem), false);
    // "let's" is "let us"; a name's "'s" is settled by the tagger (is or possessive).
    push(cut, e, std::string(clitic == "'s"sv && stem == "let"sv ? "us" : norm), true);
    return;
  }
  push(b, e, std::string(w), false);
}

}  // namespace

std::vector<WordPiece> SplitText(std::string_view text) {
  std::vector<WordPiece> out;
  out.reserve(text.size() / 4 + 4);
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const size_t start = i;
    const int32_t c = Decode(text, i);
    if (IsSeparator(c)) continue;
    if (!IsWordChar(c)) {
      out.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i), std::string(text.substr(start, i - start)),
                     false, false});
      continue;
    }
    // A word: letters and digits, with apostrophes or hyphens between them.
    size_t end = i;
    while (end < n) {
      size_t j = end;
      const int32_t d = Decode(text, j);
      if (IsWordChar(d)) {
        end = j;
        continue;
      }
      if (d == '\'' || d == '-') {
        size_t k = j;
        if (k < n && IsWordChar(Decode(text, k))) {
          end = j;
          continue;
        }
      }
      break;
    }
    AddWord(text, static_cast<uint32_t>(start), static_cast<uint32_t>(end), out);
    i = end;
  }
  return out;
}

}  // namespace reframe::internal
