#include "engine/prefilter.h"

#include "snapshot/snapshot.h"

#include <algorithm>

namespace reframe::internal {

// While a piece of regex matches only a few strings, keep them exactly
// ("you " x "always"|"never" = "you always", "you never"); past this many the
// product is cut into an AND of its parts.
constexpr size_t kMaxExactProduct = 16;

struct Prefilter::Info {
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
class Prefilter::Reducer {
 public:
  Reducer(Prefilter& owner, std::string_view re) : p_(owner), re_(re) {}

  int Run() {
    Info info = Alternation();
    if (failed_ || pos_ != re_.size()) return 0;
    // A whole regex that is a few short strings ("jk", ",") is better
    // screened by them than run on every text.
    if (info.exact) return p_.ExactToNode(std::move(info.strings), 1);
    return info.node;
  }

 private:
  Prefilter& p_;
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
      case '\\': case '(': case ')': case '[': case ']': case '{': case '}': case '|': case '.':
      case '*': case '+': case '?': case '^': case '$':
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
      while (end > pos_ && (static_cast<unsigned char>(re_[end]) & 0xC0) == 0x80) --end;
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
    if (lead >= 0xF0) len = 4;
    else if (lead >= 0xE0) len = 3;
    else if (lead >= 0xC0) len = 2;
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
      case 'b': case 'B': case 'A': case 'z':
        *empty_width = true;
        return false;
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W': case 'C':
        return false;
      case 'p': case 'P':
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
      case 'a': *literal = "\a"; return true;
      case 'f': *literal = "\f"; return true;
      case 't': *literal = "\t"; return true;
      case 'n': *literal = "\n"; return true;
      case 'r': *literal = "\r"; return true;
      case 'v': *literal = "\v"; return true;
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
          int v = (h >= '0' && h <= '9') ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
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
      case '(': return Group();
      case '[': return Class();
      case '.': ++pos_; return Info::Node(0);
      case '^': case '$': ++pos_; return Info::Exact({""});
      case '*': case '+': case '?': return Fail();  // nothing to repeat: RE2 rejects it
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
      default: return Info::Exact({Character()});
    }
  }
};

int Prefilter::AtomNode(const std::string& atom) {
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

int Prefilter::MakeNode(Op op, std::vector<int> children) {
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

int Prefilter::ExactToNode(std::vector<std::string> strings, size_t min_length) {
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
    bool covered = std::any_of(kept.begin(), kept.end(),
                               [&](const std::string& k) { return s.find(k) != std::string::npos; });
    if (!covered) kept.push_back(std::move(s));
  }
  std::vector<int> children;
  children.reserve(kept.size());
  for (const std::string& s : kept) children.push_back(AtomNode(s));
  return MakeNode(Op::kOr, std::move(children));
}

int Prefilter::Add(std::string_view regex) {
  const int root = Reducer(*this, regex).Run();
  roots_.push_back(root);
  const int id = static_cast<int>(roots_.size()) - 1;
  if (root == 0) unfiltered_.push_back(id);
  return id;
}

void Prefilter::Build() {
  const size_t n = nodes_.size();
  node_count_ = static_cast<uint32_t>(n);
  max_atom_length_ = 0;
  for (const std::string& a : atoms_) max_atom_length_ = std::max(max_atom_length_, static_cast<uint32_t>(a.size()));
  // Parents and roots as compressed rows.
  std::vector<std::vector<uint32_t>> parents(n), regexes(n);
  need_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (int c : nodes_[i].children) parents[c].push_back(static_cast<uint32_t>(i));
    if (nodes_[i].op == Op::kAnd) need_[i] = static_cast<uint32_t>(nodes_[i].children.size());
  }
  for (size_t r = 0; r < roots_.size(); ++r) {
    if (roots_[r] != 0) regexes[roots_[r]].push_back(static_cast<uint32_t>(r));
  }
  auto compress = [n](const std::vector<std::vector<uint32_t>>& rows, std::vector<uint32_t>& begin,
                      std::vector<uint32_t>& flat) {
    begin.assign(n + 1, 0);
    flat.clear();
    for (size_t i = 0; i < n; ++i) {
      begin[i] = static_cast<uint32_t>(flat.size());
      flat.insert(flat.end(), rows[i].begin(), rows[i].end());
    }
    begin[n] = static_cast<uint32_t>(flat.size());
  };
  compress(parents, parent_begin_, parents_);
  compress(regexes, regex_begin_, regexes_);

  // Byte classes: each byte used in an atom is its own class, the rest share 0.
  std::fill(std::begin(byte_class_), std::end(byte_class_), 0);
  class_count_ = 1;
  for (const std::string& a : atoms_) {
    for (char ch : a) {
      auto& cls = byte_class_[static_cast<unsigned char>(ch)];
      if (cls == 0) cls = static_cast<uint8_t>(class_count_++);
    }
  }
  // The trie as sparse edges, then the dense table (FillTable).
  std::vector<std::vector<Edge>> edges(1);
  state_atom_.assign(1, -1);
  for (size_t a = 0; a < atoms_.size(); ++a) {
    uint32_t s = 0;
    for (char ch : atoms_[a]) {
      const uint32_t cls = byte_class_[static_cast<unsigned char>(ch)];
      auto it = std::find_if(edges[s].begin(), edges[s].end(), [cls](const Edge& e) { return e.cls == cls; });
      if (it != edges[s].end()) {
        s = it->child;
        continue;
      }
      const auto child = static_cast<uint32_t>(edges.size());
      edges[s].push_back({cls, child});
      edges.emplace_back();
      state_atom_.push_back(-1);
      s = child;
    }
    state_atom_[s] = static_cast<int32_t>(a);
  }
  state_count_ = static_cast<uint32_t>(edges.size());
  // Number states breadth-first: the scan spends most of its time near the
  // root, and those rows then sit together in cache.
  {
    std::vector<uint32_t> bfs{0}, renumber(state_count_, 0);
    bfs.reserve(state_count_);
    for (size_t q = 0; q < bfs.size(); ++q) {
      for (const Edge& e : edges[bfs[q]]) bfs.push_back(e.child);
    }
    for (uint32_t i = 0; i < state_count_; ++i) renumber[bfs[i]] = i;
    std::vector<std::vector<Edge>> renumbered(state_count_);
    std::vector<int32_t> atoms(state_count_, -1);
    for (uint32_t old = 0; old < state_count_; ++old) {
      for (Edge e : edges[old]) {
        e.child = renumber[e.child];
        renumbered[renumber[old]].push_back(e);
      }
      atoms[renumber[old]] = state_atom_[old];
    }
    edges = std::move(renumbered);
    state_atom_ = std::move(atoms);
  }
  std::vector<uint32_t> fail(state_count_, 0);
  output_link_.assign(state_count_, -1);
  next_output_.assign(state_count_, -1);
  if (state_count_ < 0x8000) {
    FillTable(edges, fail, table16_);
    // Entries: the next state, bit 15 set when it completes an atom.
    for (uint16_t& next : table16_) next = static_cast<uint16_t>(next | (output_link_[next] >= 0 ? 0x8000 : 0));
    table32_.clear();
    t16_ = table16_.data();
    t32_ = nullptr;
  } else {
    FillTable(edges, fail, table32_);
    // Entries: the next state's row offset, shifted, with the low bit set
    // when it completes an atom (no multiply in the scan loop).
    for (uint32_t& next : table32_) next = ((next * class_count_) << 1) | (output_link_[next] >= 0 ? 1u : 0u);
    table16_.clear();
    t16_ = nullptr;
    t32_ = table32_.data();
  }
}

// The dense table, in BFS order: each state's row starts as a copy of its
// failure state's row (already final), and its own trie edges overwrite it.
template <typename T>
void Prefilter::FillTable(const std::vector<std::vector<Edge>>& edges, std::vector<uint32_t>& fail,
                          std::vector<T>& table) {
  const uint32_t classes = class_count_;
  table.assign(static_cast<size_t>(state_count_) * classes, 0);
  std::vector<uint32_t> order;
  order.reserve(state_count_);
  for (const Edge& e : edges[0]) {
    table[e.cls] = static_cast<T>(e.child);
    order.push_back(e.child);
  }
  for (size_t q = 0; q < order.size(); ++q) {
    const uint32_t s = order[q];
    // Outputs: this state's atom, then the atoms of its suffixes.
    const int32_t suffix_output = output_link_[fail[s]];
    if (state_atom_[s] >= 0) {
      output_link_[s] = static_cast<int32_t>(s);
      next_output_[s] = suffix_output;
    } else {
      output_link_[s] = suffix_output;
    }
    T* row = &table[static_cast<size_t>(s) * classes];
    const T* fail_row = &table[static_cast<size_t>(fail[s]) * classes];
    std::copy(fail_row, fail_row + classes, row);
    for (const Edge& e : edges[s]) {
      fail[e.child] = fail_row[e.cls];
      row[e.cls] = static_cast<T>(e.child);
      order.push_back(e.child);
    }
  }
}

void Prefilter::Candidates(std::string_view text, Scratch& s, std::vector<int>* out) const {
  const size_t n = node_count_;
  if (s.nodes.size() != n || ++s.generation == 0) {
    s.nodes.assign(n, Scratch::NodeState{});
    s.generation = 1;
  }
  const uint32_t gen = s.generation;
  out->insert(out->end(), unfiltered_.begin(), unfiltered_.end());
  s.queue.clear();

  // One pass of the automaton: every atom that occurs, once.
  const uint32_t classes = class_count_;
  auto emit = [&](uint32_t state) {
    for (int32_t o = output_link_[state]; o >= 0; o = next_output_[o]) {
      const int node = atom_node_[state_atom_[o]];  // atoms and their nodes are one to one
      if (s.nodes[node].triggered == gen) continue;
      s.nodes[node].triggered = gen;
      s.queue.push_back(node);
    }
  };
  if (t16_ != nullptr) {
    const uint16_t* table = t16_;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const size_t length = text.size();
    auto step = [&](uint32_t& state, size_t i) {
      const uint32_t next = table[state * classes + byte_class_[bytes[i]]];
      state = next & 0x7FFF;
      if (next & 0x8000) emit(state);
    };
    // Each step waits for the previous one's table load. Two walks, over the
    // first half and over the second half (started early enough that every
    // atom ending there lies wholly inside it), overlap those waits.
    const size_t overlap = max_atom_length_ > 0 ? max_atom_length_ - 1 : 0;
    size_t mid = length / 2;
    if (length < 4 * (overlap + 1)) mid = length;  // short texts: one walk
    uint32_t a = 0, b = 0;
    size_t j = mid - std::min(mid, overlap);
    for (size_t i = 0; i < mid; ++i, ++j) {
      step(a, i);
      if (j < length) step(b, j);
    }
    for (; j < length; ++j) step(b, j);
  } else {
    const uint32_t* table = t32_;
    uint32_t row = 0;
    for (const char ch : text) {
      const uint32_t next = table[row + byte_class_[static_cast<unsigned char>(ch)]];
      row = next >> 1;
      if (next & 1) emit(row / classes);
    }
  }

  // Trigger the trees bottom-up: an OR node with its first child, an AND
  // node with its last.
  for (size_t q = 0; q < s.queue.size(); ++q) {
    const auto node = static_cast<uint32_t>(s.queue[q]);
    for (uint32_t i = regex_begin_[node]; i < regex_begin_[node + 1]; ++i) out->push_back(static_cast<int>(regexes_[i]));
    for (uint32_t i = parent_begin_[node]; i < parent_begin_[node + 1]; ++i) {
      const uint32_t p = parents_[i];
      Scratch::NodeState& state = s.nodes[p];
      if (state.triggered == gen) continue;
      if (need_[p] > 0) {
        if (state.counted != gen) {
          state.counted = gen;
          state.count = 0;
        }
        if (++state.count < need_[p]) continue;
      }
      state.triggered = gen;
      s.queue.push_back(static_cast<int>(p));
    }
  }
}

std::string Prefilter::DescribeNode(int node) const {
  const Node& n = nodes_[node];
  switch (n.op) {
    case Op::kAll: return "*";
    case Op::kAtom: return "'" + atoms_[n.atom] + "'";
    case Op::kAnd:
    case Op::kOr: {
      std::vector<std::string> parts;
      for (int c : n.children) parts.push_back(DescribeNode(c));
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

std::string Prefilter::Describe(int id) const {
  return nodes_.size() == node_count_ ? DescribeNode(roots_[id]) : "(loaded: not kept)";
}

void Prefilter::Save(SnapshotWriter& w) const {
  w.U32(node_count_);
  w.Pods(atom_node_);
  w.Pods(unfiltered_);
  w.Pods(parent_begin_);
  w.Pods(parents_);
  w.Pods(regex_begin_);
  w.Pods(regexes_);
  w.Pods(need_);
  w.Raw(byte_class_, sizeof byte_class_);
  w.U32(class_count_);
  w.U32(state_count_);
  w.U32(max_atom_length_);
  w.AlignedPods(table16_);
  w.AlignedPods(table32_);
  w.Pods(state_atom_);
  w.Pods(output_link_);
  w.Pods(next_output_);
}

bool Prefilter::Load(SnapshotReader& r) {
  node_count_ = r.U32();
  atom_node_ = r.Pods<int>();
  unfiltered_ = r.Pods<int>();
  parent_begin_ = r.Pods<uint32_t>();
  parents_ = r.Pods<uint32_t>();
  regex_begin_ = r.Pods<uint32_t>();
  regexes_ = r.Pods<uint32_t>();
  need_ = r.Pods<uint32_t>();
  r.Raw(byte_class_, sizeof byte_class_);
  class_count_ = r.U32();
  state_count_ = r.U32();
  max_atom_length_ = r.U32();
  table16_.clear();
  table32_.clear();
  size_t n16 = 0, n32 = 0;
  t16_ = r.View<uint16_t>(&n16);
  t32_ = r.View<uint32_t>(&n32);
  if (n16 == 0) t16_ = nullptr;
  if (n32 == 0) t32_ = nullptr;
  state_atom_ = r.Pods<int32_t>();
  output_link_ = r.Pods<int32_t>();
  next_output_ = r.Pods<int32_t>();
  nodes_.clear();
  // The shapes must agree, or Candidates would read out of bounds.
  const size_t table = static_cast<size_t>(state_count_) * class_count_;
  return r.ok() && parent_begin_.size() == node_count_ + 1 && regex_begin_.size() == node_count_ + 1 &&
         need_.size() == node_count_ && state_atom_.size() == state_count_ &&
         output_link_.size() == state_count_ && next_output_.size() == state_count_ &&
         (n16 == table) != (n32 == table);
}

}  // namespace reframe::internal
