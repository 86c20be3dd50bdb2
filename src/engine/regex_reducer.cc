// The regex reducer (engine/regex_reducer.h): RE2 syntax read as text, each
// piece reduced to the literal strings its matches must contain.
#include "engine/regex_reducer.h"

#include <algorithm>

#include "text/encoding.h"

namespace reframe::internal {

// While a piece of regex matches only a few strings, keep them exactly
// ("you " x "always"|"never" = "you always", "you never"); past this many the
// product is cut into an AND of its parts.
constexpr size_t kMaxExactProduct = 16;

struct AtomTree::Info {
  bool exact = true;
  // "x+": every match starts with a match of x, so x joins the strings to
  // its left, but nothing joins on the right (the text may hold more x).
  bool open_end = false;
  std::vector<std::string> strings;  // when exact: the strings this piece matches
  int node = 0;                      // when not exact: a tree every match satisfies

  static Info Exact(std::vector<std::string> s) {
    Info i;
    i.strings = std::move(s);
    return i;
  }
  static Info Literal(std::string s) {
    Info i;
    i.strings.push_back(std::move(s));
    return i;
  }
  static Info Node(int n) {
    Info i;
    i.exact = false;
    i.node = n;
    return i;
  }
};

// A recursive-descent reader of RE2 syntax that reduces each piece to an Info.
// Anything it does not understand sets `failed`, and the regex is unfiltered.
class AtomTree::Reducer {
 public:
  Reducer(AtomTree& owner, std::string_view re) : p_(owner), re_(re) {}

  int Run() {
    Info info = Alternation();
    if (failed_ || pos_ != re_.size()) return 0;
    // A whole regex that is a few short strings ("jk", ",") is better
    // screened by them than run on every text.
    if (info.exact) return p_.ExactToNode(std::move(info.strings), 1);
    return info.node;
  }

 private:
  AtomTree& p_;
  std::string_view re_;
  size_t pos_ = 0;
  bool failed_ = false;

  bool AtEnd() const { return pos_ >= re_.size(); }
  char Peek() const { return re_[pos_]; }
  Info Fail() {
    failed_ = true;
    return Info::Node(0);
  }

  int ToNode(Info info) { return info.exact ? p_.ExactToNode(std::move(info.strings)) : info.node; }

  Info Alternation() {
    std::vector<Info> alternatives;
    alternatives.push_back(Concatenation());
    while (!failed_ && !AtEnd() && Peek() == '|') {
      ++pos_;
      alternatives.push_back(Concatenation());
    }
    if (failed_) return Info::Node(0);
    if (alternatives.size() == 1) return std::move(alternatives[0]);
    bool all_exact = std::all_of(alternatives.begin(), alternatives.end(), [](const Info& i) { return i.exact; });
    if (all_exact) {
      std::vector<std::string> strings;
      for (Info& a : alternatives) {
        for (std::string& s : a.strings) strings.push_back(std::move(s));
      }
      std::sort(strings.begin(), strings.end());
      strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
      return Info::Exact(std::move(strings));
    }
    std::vector<int> children;
    for (Info& a : alternatives) children.push_back(ToNode(std::move(a)));
    return Info::Node(p_.MakeNode(Op::kOr, std::move(children)));
  }

  // A concatenation keeps an exact tail as long as the product stays small,
  // and ANDs finished parts into `done`.
  Info Concatenation() {
    std::vector<int> done;
    std::vector<std::string> tail(1);
    bool cut = false;
    while (!failed_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      Info item = LiteralRun();
      if (item.strings.empty()) item = Repetition();
      if (failed_) break;
      if (item.open_end) {
        // Join x to the tail (cutting first if the product is too big), then cut.
        if (tail.size() * item.strings.size() > kMaxExactProduct) {
          done.push_back(p_.ExactToNode(std::move(tail)));
          tail.assign(1, std::string());
        }
        std::vector<std::string> product;
        for (const std::string& a : tail) {
          for (const std::string& b : item.strings) product.push_back(a + b);
        }
        done.push_back(p_.ExactToNode(std::move(product)));
        tail.assign(1, std::string());
        cut = true;
        continue;
      }
      if (item.exact && tail.size() * item.strings.size() <= kMaxExactProduct) {
        std::vector<std::string> product;
        product.reserve(tail.size() * item.strings.size());
        for (const std::string& a : tail) {
          for (const std::string& b : item.strings) product.push_back(a + b);
        }
        std::sort(product.begin(), product.end());
        product.erase(std::unique(product.begin(), product.end()), product.end());
        tail = std::move(product);
        continue;
      }
      done.push_back(p_.ExactToNode(std::move(tail)));
      if (item.exact) {
        tail = std::move(item.strings);
      } else {
        done.push_back(item.node);
        tail.assign(1, std::string());
      }
    }
    if (failed_) return Info::Node(0);
    if (done.empty() && !cut) return Info::Exact(std::move(tail));
    done.push_back(p_.ExactToNode(std::move(tail)));
    return Info::Node(p_.MakeNode(Op::kAnd, std::move(done)));
  }

  static bool Plain(char c) {
    switch (c) {
      case '\\':
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case '|':
      case '.':
      case '*':
      case '+':
      case '?':
      case '^':
      case '$':
        return false;
      default:
        return true;
    }
  }

  // A run of plain characters, as one exact string, leaving the last one out
  // when a quantifier follows it ("abc?" is "ab" then "c?"). Empty if none.
  Info LiteralRun() {
    size_t end = pos_;
    while (end < re_.size() && Plain(re_[end])) ++end;
    if (end < re_.size() && (re_[end] == '*' || re_[end] == '+' || re_[end] == '?' || re_[end] == '{')) {
      // Back up to the start of the last character (UTF-8 aware).
      if (end == pos_) return Info{};
      --end;
      while (end > pos_ && IsUtf8Continuation(static_cast<unsigned char>(re_[end]))) --end;
    }
    if (end == pos_) return Info{};
    Info run = Info::Literal(std::string(re_.substr(pos_, end - pos_)));
    pos_ = end;
    return run;
  }

  // Parses "{n}", "{n,}" or "{n,m}" at pos_; false (pos_ unchanged) if the
  // brace is not a repetition, which RE2 then reads as a literal "{".
  bool RepeatBounds(int* min) {
    size_t i = pos_ + 1;
    auto digits = [&] {
      size_t start = i;
      while (i < re_.size() && re_[i] >= '0' && re_[i] <= '9') ++i;
      return i > start;
    };
    size_t min_start = i;
    if (!digits()) return false;
    const std::string_view min_text = re_.substr(min_start, i - min_start);
    if (i < re_.size() && re_[i] == ',') {
      ++i;
      digits();
    }
    if (i >= re_.size() || re_[i] != '}') return false;
    *min = min_text.size() > 4 ? 1000 : std::stoi(std::string(min_text));
    pos_ = i + 1;
    return true;
  }

  Info Repetition() {
    Info info = Atom();
    while (!failed_ && !AtEnd()) {
      const char c = Peek();
      int min = -1;
      if (info.open_end && (c == '*' || c == '+' || c == '?' || c == '{')) {
        info = Info::Node(p_.ExactToNode(std::move(info.strings)));  // "(x+)*": no longer exact
      }
      if (c == '*' || c == '+' || c == '?') {
        ++pos_;
        min = c == '+' ? 1 : 0;
        if (c == '?' && info.exact) {  // optional: the strings, or nothing
          info.strings.emplace_back();
          std::sort(info.strings.begin(), info.strings.end());
          info.strings.erase(std::unique(info.strings.begin(), info.strings.end()), info.strings.end());
          min = -2;
        }
      } else if (c == '{' && RepeatBounds(&min)) {
      } else {
        break;
      }
      if (!AtEnd() && Peek() == '?') ++pos_;  // non-greedy: same language
      if (min == -2) continue;
      if (min >= 1 && info.exact) {
        info.open_end = true;  // at least once: starts with one of the strings
        continue;
      }
      // Repeated at least once: every match contains a match of the piece.
      info = min >= 1 ? Info::Node(ToNode(std::move(info))) : Info::Node(0);
    }
    return info;
  }

  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // One UTF-8 character at pos_, copied whole.
  std::string Character() {
    size_t len = 1;
    const auto lead = static_cast<unsigned char>(re_[pos_]);
    if (lead >= 0xF0)
      len = 4;
    else if (lead >= 0xE0)
      len = 3;
    else if (lead >= 0xC0)
      len = 2;
    len = std::min(len, re_.size() - pos_);
    std::string s(re_.substr(pos_, len));
    pos_ += len;
    return s;
  }

  // An escape at pos_ (just after the backslash). Sets *literal to the
  // character it stands for, or returns false for a class such as \d, \pL.
  // Sets failed_ for escapes it does not know.
  bool Escape(std::string* literal, bool* empty_width) {
    *empty_width = false;
    if (AtEnd()) {
      failed_ = true;
      return false;
    }
    const char c = re_[pos_++];
    switch (c) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        *empty_width = true;
        return false;
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
      case 'C':
        return false;
      case 'p':
      case 'P':
        if (!AtEnd() && Peek() == '{') {
          const size_t close = re_.find('}', pos_);
          if (close == std::string_view::npos) {
            failed_ = true;
            return false;
          }
          pos_ = close + 1;
        } else if (!AtEnd()) {
          ++pos_;
        }
        return false;
      case 'a':
        *literal = "\a";
        return true;
      case 'f':
        *literal = "\f";
        return true;
      case 't':
        *literal = "\t";
        return true;
      case 'n':
        *literal = "\n";
        return true;
      case 'r':
        *literal = "\r";
        return true;
      case 'v':
        *literal = "\v";
        return true;
      case 'x': {
        uint32_t cp = 0;
        std::string_view hex;
        if (!AtEnd() && Peek() == '{') {
          const size_t close = re_.find('}', pos_);
          if (close == std::string_view::npos) break;
          hex = re_.substr(pos_ + 1, close - pos_ - 1);
          pos_ = close + 1;
        } else {
          if (pos_ + 2 > re_.size()) break;
          hex = re_.substr(pos_, 2);
          pos_ += 2;
        }
        if (hex.empty() || hex.size() > 6) break;
        for (char h : hex) {
          int v = (h >= '0' && h <= '9')   ? h - '0'
                  : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                  : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                           : -1;
          if (v < 0) {
            failed_ = true;
            return false;
          }
          cp = cp * 16 + static_cast<uint32_t>(v);
        }
        if (cp > 0x10FFFF) break;
        literal->clear();
        AppendUtf8(cp, *literal);
        return true;
      }
      default: {
        const auto u = static_cast<unsigned char>(c);
        // Punctuation stands for itself; letters and digits we don't know
        // (octal, \Q) make the regex unfiltered.
        if (u < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
          *literal = std::string(1, c);
          return true;
        }
        break;
      }
    }
    failed_ = true;
    return false;
  }

  // "[...]": a few characters stay exact, anything larger is "any character".
  Info Class() {
    ++pos_;  // '['
    bool negated = false, big = false;
    if (!AtEnd() && Peek() == '^') {
      negated = true;
      ++pos_;
    }
    std::vector<std::string> chars;
    bool first = true;
    while (!AtEnd() && (Peek() != ']' || first)) {
      first = false;
      std::string lo;
      if (re_.compare(pos_, 2, "[:") == 0) {
        const size_t close = re_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) return Fail();
        pos_ = close + 2;
        big = true;
        continue;
      }
      if (Peek() == '\\') {
        ++pos_;
        bool empty_width = false;
        if (!Escape(&lo, &empty_width)) {
          if (failed_ || empty_width) return Fail();
          big = true;
          continue;
        }
      } else {
        lo = Character();
      }
      if (pos_ + 1 < re_.size() && Peek() == '-' && re_[pos_ + 1] != ']') {
        ++pos_;
        std::string hi;
        if (Peek() == '\\') {
          ++pos_;
          bool empty_width = false;
          if (!Escape(&hi, &empty_width)) return Fail();
        } else {
          hi = Character();
        }
        // Small ASCII ranges ("0-3") stay exact; others are "any character".
        if (lo.size() == 1 && hi.size() == 1 && hi[0] >= lo[0] && hi[0] - lo[0] < 4) {
          for (char ch = lo[0]; ch <= hi[0]; ++ch) chars.emplace_back(1, ch);
        } else {
          big = true;
        }
        continue;
      }
      chars.push_back(lo);
    }
    if (AtEnd()) return Fail();
    ++pos_;  // ']'
    std::sort(chars.begin(), chars.end());
    chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
    if (negated || big || chars.empty() || chars.size() > 4) return Info::Node(0);
    return Info::Exact(std::move(chars));
  }

  Info Group() {
    ++pos_;  // '('
    if (!AtEnd() && Peek() == '?') {
      ++pos_;
      if (re_.compare(pos_, 2, "P<") == 0 || (!AtEnd() && Peek() == '<')) {
        const size_t close = re_.find('>', pos_);
        if (close == std::string_view::npos) return Fail();
        pos_ = close + 1;
      } else {
        // Flags: "(?s)", "(?m:...)". Case-insensitivity would break exact
        // literals, so "i" makes the regex unfiltered.
        bool colon = false;
        while (!AtEnd()) {
          const char f = Peek();
          ++pos_;
          if (f == ':') {
            colon = true;
            break;
          }
          if (f == ')') break;
          if (f != 's' && f != 'm' && f != 'U' && f != '-') return Fail();
        }
        if (!colon) return Info::Exact({""});  // flags for the rest: no text
      }
    }
    Info inner = Alternation();
    if (failed_ || AtEnd() || Peek() != ')') return Fail();
    ++pos_;
    return inner;
  }

  Info Atom() {
    const char c = Peek();
    switch (c) {
      case '(':
        return Group();
      case '[':
        return Class();
      case '.':
        ++pos_;
        return Info::Node(0);
      case '^':
      case '$':
        ++pos_;
        return Info::Exact({""});
      case '*':
      case '+':
      case '?':
        return Fail();  // nothing to repeat: RE2 rejects it
      case '\\': {
        ++pos_;
        if (!AtEnd() && Peek() == 'Q') {  // \Q...\E: literal text
          ++pos_;
          size_t end = re_.find("\\E", pos_);
          if (end == std::string_view::npos) end = re_.size();
          std::string text(re_.substr(pos_, end - pos_));
          pos_ = std::min(re_.size(), end + 2);
          return Info::Exact({text});
        }
        std::string literal;
        bool empty_width = false;
        if (Escape(&literal, &empty_width)) return Info::Exact({literal});
        if (failed_) return Info::Node(0);
        return empty_width ? Info::Exact({""}) : Info::Node(0);
      }
      default:
        return Info::Exact({Character()});
    }
  }
};

int AtomTree::AtomNode(const std::string& atom) {
  auto [it, added] = atom_ids_.emplace(atom, static_cast<int>(atoms_.size()));
  if (!added) return atom_node_[it->second];
  atoms_.push_back(atom);
  Node n;
  n.op = Op::kAtom;
  n.atom = it->second;
  nodes_.push_back(std::move(n));
  atom_node_.push_back(static_cast<int>(nodes_.size()) - 1);
  return atom_node_.back();
}

int AtomTree::MakeNode(Op op, std::vector<int> children) {
  std::vector<int> flat;
  for (int c : children) {
    if (nodes_[c].op == op) {
      flat.insert(flat.end(), nodes_[c].children.begin(), nodes_[c].children.end());
    } else if (nodes_[c].op == Op::kAll) {
      if (op == Op::kOr) return 0;  // anything OR x: anything
    } else {
      flat.push_back(c);  // anything AND x: x
    }
  }
  std::sort(flat.begin(), flat.end());
  flat.erase(std::unique(flat.begin(), flat.end()), flat.end());
  if (flat.empty()) return 0;
  if (flat.size() == 1) return flat[0];
  auto key = std::make_pair(op, flat);
  if (auto it = node_ids_.find(key); it != node_ids_.end()) return it->second;
  Node n;
  n.op = op;
  n.children = std::move(flat);
  nodes_.push_back(std::move(n));
  const int id = static_cast<int>(nodes_.size()) - 1;
  node_ids_.emplace(std::move(key), id);
  return id;
}

int AtomTree::ExactToNode(std::vector<std::string> strings, size_t min_length) {
  // Shortest first, so that a string containing a kept one can be dropped:
  // wherever "never ever" occurs, "never" does.
  std::sort(strings.begin(), strings.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  if (strings.empty() || strings.front().size() < min_length) return 0;
  // A prefix of an atom is as necessary as the atom; short ones keep the
  // automaton small enough to stay in cache.
  for (std::string& s : strings) {
    if (s.size() > kMaxAtomLength) s.resize(kMaxAtomLength);
  }
  std::vector<std::string> kept;
  for (std::string& s : strings) {
    bool covered =
        std::any_of(kept.begin(), kept.end(), [&](const std::string& k) { return s.find(k) != std::string::npos; });
    if (!covered) kept.push_back(std::move(s));
  }
  std::vector<int> children;
  children.reserve(kept.size());
  for (const std::string& s : kept) children.push_back(AtomNode(s));
  return MakeNode(Op::kOr, std::move(children));
}

int AtomTree::Reduce(std::string_view regex) { return Reducer(*this, regex).Run(); }

std::string AtomTree::Describe(int node) const {
  const Node& n = nodes_[node];
  switch (n.op) {
    case Op::kAll:
      return "*";
    case Op::kAtom:
      return "'" + atoms_[n.atom] + "'";
    case Op::kAnd:
    case Op::kOr: {
      std::vector<std::string> parts;
      for (int c : n.children) parts.push_back(Describe(c));
      std::sort(parts.begin(), parts.end());
      std::string out = "(";
      for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += n.op == Op::kAnd ? " AND " : " OR ";
        out += parts[i];
      }
      return out + ")";
    }
  }
  return "?";
}

}  // namespace reframe::internal
