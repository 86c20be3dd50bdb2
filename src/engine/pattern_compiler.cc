#include "engine/pattern_compiler.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <unordered_set>

#include "language/word_table.h"
#include "text/encoding.h"
#include "text/fold.h"

namespace reframe::internal {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Length of a "{name}" reference at s[i] (0 if none). "{2,3}" is RE2 repetition.
size_t RefLength(const std::string& s, size_t i, std::string* name) {
  if (s[i] != '{' || i + 1 >= s.size()) return 0;
  char first = s[i + 1];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return 0;
  size_t j = i + 1;
  while (j < s.size() && IsNameChar(s[j])) ++j;
  if (j >= s.size() || s[j] != '}') return 0;
  *name = s.substr(i + 1, j - i - 1);
  return j - i + 1;
}

// Regex syntax a folded literal may produce ("…" -> "...", "﹣" -> "-",
// "～" -> "~"): escaped, so it stays literal.
bool IsRegexSyntax(char c) {
  switch (c) {
    case '\\':
    case '^':
    case '$':
    case '.':
    case '|':
    case '?':
    case '*':
    case '+':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '-':
    case '~':
      return true;
    default:
      return false;
  }
}

void AppendEscaped(std::string_view folded, std::string& out) {
  for (char c : folded) {
    if (IsRegexSyntax(c)) out.push_back('\\');
    out.push_back(c);
  }
}

bool IsQuantifier(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

// Appends literal text `run` (no regex syntax in it) folded as input is. A
// character that folds to several ("ß" -> "ss") keeps a quantifier after it
// to itself: "ß+" -> "(?:ss)+".
void AppendFoldedRun(std::string_view run, bool quantified, std::string& out) {
  if (std::all_of(run.begin(), run.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    for (char c : run) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    return;
  }
  if (quantified) {
    size_t last = run.size() - 1;
    while (last > 0 && IsUtf8Continuation(static_cast<unsigned char>(run[last]))) --last;
    const std::string tail = FoldText(run.substr(last));
    if (CountCodePoints(tail) > 1) {
      AppendEscaped(FoldText(run.substr(0, last)), out);
      out += "(?:";
      AppendEscaped(tail, out);
      out += ')';
      return;
    }
  }
  AppendEscaped(FoldText(run), out);
}

}  // namespace

std::string FoldLiterals(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  bool in_class = false;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out.push_back(c);
      // The escaped character whole, should it be a multi-byte one.
      const size_t len = std::min(Utf8SequenceLength(static_cast<unsigned char>(s[i + 1])), s.size() - i - 1);
      out.append(s, i + 1, len);
      i += len;
      if ((s[i] == 'p' || s[i] == 'P') && i + 1 < s.size() && s[i + 1] == '{') {
        const size_t close = s.find('}', i);
        if (close != std::string::npos) {
          out.append(s, i + 1, close - i);
          i = close;
        }
      }
      ++i;
      continue;
    }
    if (c == '(' && !in_class && s.compare(i, 4, "(?P<") == 0) {
      const size_t close = s.find('>', i);
      if (close != std::string::npos) {
        out.append(s, i, close - i + 1);
        i = close + 1;
        continue;
      }
    }
    if (IsRegexSyntax(c) || c == '\\') {
      if (c == '[' && !in_class) {
        in_class = true;
        out.push_back(c);
        ++i;
        if (i < s.size() && s[i] == '^') out.push_back(s[i++]);
        if (i < s.size() && s[i] == ']') out.push_back(s[i++]);  // "[]...]": a literal "]"
        continue;
      }
      if (c == ']') in_class = false;
      out.push_back(c);
      ++i;
      continue;
    }
    size_t end = i;
    while (end < s.size() && !IsRegexSyntax(s[end]) && s[end] != '\\') ++end;
    AppendFoldedRun(std::string_view(s).substr(i, end - i), !in_class && end < s.size() && IsQuantifier(s[end]), out);
    i = end;
  }
  return out;
}

namespace {

// "want~" is any form of the verb: "(?:want|wants|wanted|wanting)", from the
// word table's inflection (irregular forms from WordNet: "go~" has "went").
std::string InflectMarked(std::string s) {
  if (s.find('~') == std::string::npos) return s;
  std::string out;
  out.reserve(s.size() * 2);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '~') {
      out.push_back(s[i]);
      if (s[i] == '\\' && i + 1 < s.size()) out.push_back(s[++i]);  // "\~" stays literal
      continue;
    }
    size_t start = out.size();
    while (start > 0 && out[start - 1] >= 'a' && out[start - 1] <= 'z') --start;
    if (start == out.size() || (start > 0 && out[start - 1] == '\\')) {
      out.push_back('~');
      continue;
    }
    const std::string word = out.substr(start);
    out.resize(start);
    out += "(?:";
    bool first = true;
    for (const std::string& form : WordTable::Builtin().Inflect(word, kPosVerb)) {
      if (!first) out.push_back('|');
      out += form;
      first = false;
    }
    out.push_back(')');
  }
  return out;
}

// `where` is built only for an error: expanding is on the start-up path.
Status Expand(const std::string& pattern, const LexiconData& data, std::vector<const std::string*>& stack,
              const std::function<std::string()>& where, std::string& out) {
  size_t i = 0;
  while (i < pattern.size()) {
    // Copy up to the next "{" or "\\" in one piece.
    const size_t special = pattern.find_first_of("{\\", i);
    const size_t stop = special == std::string::npos ? pattern.size() : special;
    out.append(pattern, i, stop - i);
    i = stop;
    if (i >= pattern.size()) break;
    std::string name;
    size_t len = RefLength(pattern, i, &name);
    if (len == 0) {
      if (pattern[i] == '\\' && i + 1 < pattern.size()) {  // keep escapes whole: "\{" stays literal
        out.append(pattern, i, 2);
        i += 2;
      } else {
        out.push_back(pattern[i++]);
      }
      continue;
    }
    auto it = data.phrases.find(name);
    if (it == data.phrases.end()) {
      return Status(StatusCode::kDataError, where() + ": unknown phrase list '{" + name + "}'");
    }
    for (const std::string* s : stack) {
      if (*s == name) return Status(StatusCode::kDataError, where() + ": phrase list '" + name + "' refers to itself");
    }
    stack.push_back(&it->first);
    out += "(?:";
    const PhraseList& list = it->second;
    const std::function<std::string()> inner = [&list, &name] {
      return list.file + ":" + std::to_string(list.line) + ": phrase list '" + name + "'";
    };
    for (size_t p = 0; p < list.phrases.size(); ++p) {
      if (p) out.push_back('|');
      Status s = Expand(list.phrases[p], data, stack, inner, out);
      if (!s.ok()) return s;
    }
    out.push_back(')');
    stack.pop_back();
    i += len;
  }
  return Status();
}

}  // namespace

Result<std::string> ExpandPattern(const std::string& pattern, const LexiconData& data, const std::string& where) {
  std::string expanded;
  std::vector<const std::string*> stack;
  Status s = Expand(
      pattern, data, stack, [&where] { return where; }, expanded);
  if (!s.ok()) return s;
  expanded = InflectMarked(FoldLiterals(expanded));  // every phrase, nested ones included
  // Rename named groups so that each is unique in the final regex.
  if (expanded.find("(?P<") == std::string::npos) return expanded;
  std::string out;
  out.reserve(expanded.size() + 64);
  int counter = 0;
  size_t i = 0;
  for (size_t at = expanded.find("(?P<"); at != std::string::npos; at = expanded.find("(?P<", i)) {
    const size_t close = expanded.find('>', at + 4);
    if (close == std::string::npos) break;
    out.append(expanded, i, close - i);
    out += "__" + std::to_string(counter++) + ">";
    i = close + 1;
  }
  out.append(expanded, i, std::string::npos);
  return out;
}

std::string SlotOfGroupName(const std::string& group_name) {
  size_t cut = group_name.rfind("__");
  return cut == std::string::npos ? group_name : group_name.substr(0, cut);
}

std::vector<std::string> NamedGroupSlots(const std::string& regex) {
  std::vector<std::string> slots;
  for (size_t i = regex.find("(?P<"); i != std::string::npos; i = regex.find("(?P<", i + 4)) {
    if (i > 0 && regex[i - 1] == '\\') continue;  // "\(?P<" is literal text
    const size_t close = regex.find('>', i + 4);
    if (close == std::string::npos) break;
    slots.push_back(SlotOfGroupName(regex.substr(i + 4, close - i - 4)));
  }
  return slots;
}

namespace {

// Positions of the top-level "|" in `regex` and whether its groups balance.
bool TopLevelBars(std::string_view regex, std::vector<size_t>* bars) {
  int depth = 0;
  for (size_t i = 0; i < regex.size(); ++i) {
    const char c = regex[i];
    if (c == '\\') {
      if (i + 1 < regex.size() && regex[i + 1] == 'Q') return false;  // \Q...\E may quote a "|"
      ++i;
    } else if (c == '[') {  // a class: "]" first is literal, "[:alpha:]" nests
      size_t j = i + 1;
      if (j < regex.size() && regex[j] == '^') ++j;
      if (j < regex.size() && regex[j] == ']') ++j;
      for (; j < regex.size() && regex[j] != ']'; ++j) {
        if (regex[j] == '\\')
          ++j;
        else if (regex.compare(j, 2, "[:") == 0) {
          const size_t close = regex.find(":]", j + 2);
          if (close == std::string_view::npos) return false;
          j = close + 1;
        }
      }
      if (j >= regex.size()) return false;
      i = j;
    } else if (c == '(') {
      // Flags ("(?i)") reach across "|": splitting would change the meaning.
      if (regex.compare(i, 3, "(?:") != 0 && regex.compare(i, 4, "(?P<") != 0 && regex.compare(i, 2, "(?") == 0) {
        return false;
      }
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return false;
    } else if (c == '|' && depth == 0) {
      bars->push_back(i);
    }
  }
  return depth == 0;
}

void Split(std::string_view regex, std::vector<std::string>& out) {
  std::vector<size_t> bars;
  if (!TopLevelBars(regex, &bars)) {
    out.emplace_back(regex);
    return;
  }
  if (bars.empty()) {
    // "(?:a|b)" as a whole: split inside. "(?:a|b)c" or "(?:a|b)+" stay one.
    if (regex.size() > 4 && regex.compare(0, 3, "(?:") == 0 && regex.back() == ')') {
      std::vector<size_t> inner_bars;
      const std::string_view inner = regex.substr(3, regex.size() - 4);
      if (TopLevelBars(inner, &inner_bars)) {
        Split(inner, out);
        return;
      }
    }
    out.emplace_back(regex);
    return;
  }
  size_t begin = 0;
  bars.push_back(regex.size());
  for (size_t bar : bars) {
    Split(regex.substr(begin, bar - begin), out);
    begin = bar + 1;
  }
}

}  // namespace

std::vector<std::string> SplitAlternatives(const std::string& regex) {
  std::vector<std::string> out;
  Split(regex, out);
  std::vector<std::string> unique;  // first occurrence wins: order is a tie-break
  std::unordered_set<std::string_view> seen;
  for (const std::string& r : out) {
    if (seen.insert(r).second) unique.push_back(r);
  }
  return unique;
}

std::string ElementListName(const std::string& element) {
  std::string name;
  if (!element.empty() && RefLength(element, 0, &name) == element.size()) return name;
  return "";
}

}  // namespace reframe::internal
