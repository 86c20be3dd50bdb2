// The rule engine. A prefilter finds which patterns can occur at all: one
// automaton pass over the text for the literal "atoms" every pattern needs
// (engine/prefilter.h), then only those patterns are located with their full
// regex, and rules combine the located matches by order, scope, negation,
// quotation and `unless` exceptions.
//
// Regexes are compiled on first use: start-up then costs what one draft
// needs, not the whole lexicon. Lexicons other than the built-in one (which
// the test suite compiles whole) are compiled at once, so that a bad pattern
// is reported when the lexicon is loaded.
#include "reframe/analyzer.h"

#include <re2/re2.h>

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>
#include <mutex>
#include <string>

#include "engine/pattern_compiler.h"
#include "engine/prefilter.h"
#include "snapshot/snapshot.h"
#include "report/reframe_filler.h"
#include "text/text.h"
#include "lexicon/lexicon_data.h"

namespace reframe {

using internal::LexiconData;
using internal::PreparedText;
using internal::RuleDef;
using internal::Scope;
using internal::Span;

namespace {

// One rule element: a regex, located as the union of its top-level
// alternatives (phrases), each of which the prefilter screens on its own.
struct Entry {
  std::string regex;       // expanded and case-folded
  std::string pattern;     // as written, for error messages
  std::string where;
  std::vector<std::string> slots;  // its named groups' slots, in order
  std::vector<int> alternatives;   // ids into Impl::alternatives, in order
};

// An alternative's RE2, built on first use (any thread; std::call_once).
struct Alternative {
  std::string regex;
  bool literal = false;  // no regex syntax at all: located with a plain search
  std::vector<int> entries;  // the entries it belongs to
  std::once_flag once;
  std::unique_ptr<RE2> re;
  std::vector<std::string> capture_slots;  // per capturing group index (1..n): slot name or ""
  bool has_captures = false;
};

struct Element {
  int entry = -1;
  std::string slot;  // the phrase list name, when the element is "{list}"
};

struct CompiledRule {
  const RuleDef* def = nullptr;
  std::vector<Element> pattern;
  std::vector<Element> unless;
};

struct Capture {
  std::string slot;
  Span span;
};

struct Occurrence {
  Span span;
  std::vector<Capture> captures;
};

// Per-call scratch space, kept per thread so the hot path reuses buffers.
struct Scratch {
  PreparedText text;
  internal::Prefilter::Scratch prefilter;
  std::vector<int> potentials;       // alternatives that may occur
  std::vector<uint8_t> hit;          // by entry: may occur
  std::vector<uint8_t> possible;     // by alternative: may occur
  std::vector<int> candidates;       // Locate: the entry's possible alternatives
  std::vector<Span> next_match;      // Locate: each candidate's next match
  std::vector<std::vector<Occurrence>> occurrences;  // by entry
  std::vector<uint8_t> located;                      // by entry
  std::vector<Span> masks;
  std::vector<uint32_t> clause_starts;
};

RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(true);  // patterns and text are both case-folded (ExpandPattern)
  o.set_longest_match(true);
  o.set_max_mem(64 << 20);
  return o;
}

}  // namespace

struct Analyzer::Impl {
  Lexicon lexicon;
  AnalyzerOptions options;
  internal::TextPreparer preparer;
  std::vector<Entry> entries;
  std::deque<Alternative> alternatives;  // by prefilter id; a deque: once_flag does not move
  // The prefilter. Matching every pattern in one RE2::Set was measured at
  // ~17 us per short message (its DFA states multiply); literal atoms cost a
  // fraction of that, and most patterns are never run.
  internal::Prefilter prefilter;
  std::vector<CompiledRule> rules;
  int negation = -1, clause_break = -1, reported = -1;
  int negation_window = 3;

  Impl(Lexicon lex, AnalyzerOptions opts)
      : lexicon(std::move(lex)),
        options(std::move(opts)),
        preparer(lexicon.data().shorthand, lexicon.data().abbreviations) {}

  Status Compile();
  void Save(internal::SnapshotWriter& w) const;
  bool Load(internal::SnapshotReader& r);
  const Alternative& Get(int alternative) const;
  Status Validate(int entry) const;
  // `seen` and `alternative_ids` map regex text to ids, so that equal
  // elements and equal phrases are compiled once.
  Result<int> AddEntry(const std::string& pattern, const std::string& where, std::map<std::string, int>& seen,
                       std::unordered_map<std::string, int>& alternative_ids);
  void Locate(int entry, Scratch& s) const;
  bool Masked(uint32_t pos, const Scratch& s) const;
  bool Negated(const Span& span, const Scratch& s) const;
  const Occurrence* FirstValid(const Element& e, uint32_t from, uint32_t to, bool check_masks,
                               bool check_negation, const Scratch& s) const;
  Span ClauseAt(uint32_t pos, const Scratch& s) const;
  Span UnitAt(Scope scope, uint32_t pos, const Scratch& s) const;
  void Evaluate(std::string_view input, Scratch& s, Report& report) const;
};

Result<int> Analyzer::Impl::AddEntry(const std::string& pattern, const std::string& where,
                                     std::map<std::string, int>& seen,
                                     std::unordered_map<std::string, int>& alternative_ids) {
  Result<std::string> regex = internal::ExpandPattern(pattern, lexicon.data(), where);
  if (!regex.ok()) return regex.status();
  if (auto it = seen.find(*regex); it != seen.end()) return it->second;
  const int id = static_cast<int>(entries.size());
  Entry entry;
  entry.slots = internal::NamedGroupSlots(*regex);
  entry.pattern = pattern;
  entry.where = where;
  for (std::string& alt : internal::SplitAlternatives(*regex)) {
    auto [it, added] = alternative_ids.emplace(alt, static_cast<int>(alternatives.size()));
    if (added) {
      const int prefilter_id = prefilter.Add(alt);
      (void)prefilter_id;  // == it->second: both count from 0 in the same order
      Alternative& added_alt = alternatives.emplace_back();
      added_alt.literal = alt.find_first_of("\\()[]{}|.*+?^$") == std::string::npos;
      added_alt.regex = std::move(alt);
    }
    alternatives[it->second].entries.push_back(id);
    entry.alternatives.push_back(it->second);
  }
  entry.regex = std::move(*regex);
  seen[entry.regex] = id;
  entries.push_back(std::move(entry));
  return id;
}

const Alternative& Analyzer::Impl::Get(int id) const {
  Alternative& c = const_cast<Alternative&>(alternatives[id]);  // lazily filled, under call_once
  std::call_once(c.once, [&] {
    c.re = std::make_unique<RE2>(c.regex, PatternOptions());
    c.capture_slots.assign(c.re->NumberOfCapturingGroups() + 1, "");
    for (const auto& [index, name] : c.re->CapturingGroupNames()) {
      c.capture_slots[index] = internal::SlotOfGroupName(name);
      c.has_captures = true;
    }
  });
  return c;
}

Status Analyzer::Impl::Validate(int id) const {
  const Entry& entry = entries[id];
  // The whole regex: its errors are the ones a lexicon author can read.
  const RE2 re(entry.regex, PatternOptions());
  if (!re.ok()) {
    // Name the phrase that broke it, not just the expanded alternation.
    if (std::string list = internal::ElementListName(entry.pattern); !list.empty()) {
      const auto& pl = lexicon.data().phrases.at(list);
      for (const std::string& phrase : pl.phrases) {
        auto one = internal::ExpandPattern(phrase, lexicon.data(), entry.where);
        if (one.ok() && !RE2(*one, PatternOptions()).ok()) {
          return Status(StatusCode::kDataError, pl.file + ":" + std::to_string(pl.line) +
                                                    ": phrase list '" + list + "': phrase '" + phrase +
                                                    "': " + RE2(*one, PatternOptions()).error());
        }
      }
    }
    return Status(StatusCode::kDataError, entry.where + ": pattern '" + entry.pattern + "': " + re.error());
  }
  if (RE2::FullMatch("", re)) {
    return Status(StatusCode::kDataError, entry.where + ": pattern '" + entry.pattern + "' matches empty text");
  }
  return Status();
}

Status Analyzer::Impl::Compile() {
  const LexiconData& data = lexicon.data();
  negation_window = data.negation_window;
  std::map<std::string, int> seen;
  std::unordered_map<std::string, int> alternative_ids;
  auto special = [&](const char* name, int& out) -> Status {
    if (!data.phrases.count(name)) return Status();
    Result<int> id = AddEntry(std::string("{") + name + "}", "phrase list '" + std::string(name) + "'", seen,
                               alternative_ids);
    if (!id.ok()) return id.status();
    out = *id;
    return Status();
  };
  for (auto [name, out] : {std::pair<const char*, int*>{internal::kNegationList, &negation},
                           {internal::kClauseBreakList, &clause_break},
                           {internal::kReportedSpeechList, &reported}}) {
    if (Status s = special(name, *out); !s.ok()) return s;
  }

  for (const RuleDef& def : data.rules) {
    if (!options.only_rules.empty() &&
        std::find(options.only_rules.begin(), options.only_rules.end(), def.info.id) ==
            options.only_rules.end()) {
      continue;
    }
    const std::string where = def.info.file + ":" + std::to_string(def.info.line) + ": rule '" + def.info.id + "'";
    CompiledRule rule;
    rule.def = &def;
    std::vector<std::string> slots;
    for (auto [elements, out] : {std::pair{&def.pattern, &rule.pattern}, std::pair{&def.unless, &rule.unless}}) {
      for (const std::string& element : *elements) {
        Result<int> id = AddEntry(element, where, seen, alternative_ids);
        if (!id.ok()) return id.status();
        Element e{*id, internal::ElementListName(element)};
        if (out == &rule.pattern) {
          if (!e.slot.empty()) slots.push_back(e.slot);
          for (const std::string& c : entries[*id].slots) slots.push_back(c);
        }
        out->push_back(std::move(e));
      }
    }
    for (const std::string& tmpl : def.info.reframes) {
      for (const internal::TemplateSlot& slot : internal::TemplateSlots(tmpl)) {
        if (!slot.has_fallback && std::find(slots.begin(), slots.end(), slot.name) == slots.end()) {
          return Status(StatusCode::kDataError,
                        where + ": reframe uses {" + slot.name +
                            "}, which no pattern element fills (add a {" + slot.name + "|fallback})");
        }
      }
    }
    rules.push_back(std::move(rule));
  }

  prefilter.Build();
  if (!data.trusted) {
    for (size_t id = 0; id < entries.size(); ++id) {
      if (Status s = Validate(static_cast<int>(id)); !s.ok()) return s;
    }
  }
  return Status();
}

void Analyzer::Impl::Locate(int id, Scratch& s) const {
  if (s.located[id]) return;
  s.located[id] = 1;
  std::vector<Occurrence>& out = s.occurrences[id];
  out.clear();
  // Only the alternatives the prefilter let through can match.
  s.candidates.clear();
  for (int a : entries[id].alternatives) {
    if (s.possible[a]) s.candidates.push_back(a);
  }
  if (s.candidates.empty()) return;
  const std::string& t = s.text.folded;
  const re2::StringPiece text(t);
  const auto size = static_cast<uint32_t>(t.size());
  constexpr uint32_t kNone = UINT32_MAX, kUnsearched = UINT32_MAX - 1;
  // Each candidate's leftmost-longest match from `pos` on, kept while still
  // ahead of `pos`: the alternation's match is the leftmost of these and, of
  // those starting there, the longest (the first alternative on a tie).
  s.next_match.assign(s.candidates.size(), Span{kUnsearched, kUnsearched});
  re2::StringPiece whole;
  auto next_from = [&](size_t c, uint32_t pos) -> Span {
    Span& m = s.next_match[c];
    if (m.begin != kUnsearched && (m.begin == kNone || m.begin >= pos)) return m;
    const Alternative& alt = alternatives[s.candidates[c]];
    if (alt.literal) {
      const size_t at = t.find(alt.regex, pos);
      m = at == std::string::npos ? Span{kNone, kNone}
                                  : Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + alt.regex.size())};
      return m;
    }
    const RE2& re = *Get(s.candidates[c]).re;
    if (re.ok() && re.Match(text, pos, size, RE2::UNANCHORED, &whole, 1)) {
      const auto b = static_cast<uint32_t>(whole.data() - t.data());
      m = {b, static_cast<uint32_t>(b + whole.size())};
    } else {
      m = {kNone, kNone};
    }
    return m;
  };
  uint32_t pos = 0;
  while (pos < size) {
    uint32_t b = kNone, e = 0;
    size_t winner = 0;
    for (size_t c = 0; c < s.candidates.size(); ++c) {
      const Span m = next_from(c, pos);
      if (m.begin < b || (m.begin == b && m.begin != kNone && m.end > e)) {
        b = m.begin;
        e = m.end;
        winner = c;
      }
    }
    if (b == kNone) break;
    if (e > b && s.text.boundary[b] && !s.text.boundary[e]) {
      // The longest match ends inside a word ("i'm not the one who" in
      // "who's"): take the longest match from b that ends on a boundary.
      uint32_t shorter = e;
      bool found = false;
      while (!found && --shorter > b) {
        if (!s.text.boundary[shorter]) continue;
        for (size_t c = 0; c < s.candidates.size() && !found; ++c) {
          const Alternative& alt = alternatives[s.candidates[c]];
          if (alt.literal) {
            if (t.compare(b, shorter - b, alt.regex) == 0) {
              found = true;
              winner = c;
            }
            continue;
          }
          const RE2& re = *Get(s.candidates[c]).re;
          if (re.ok() && re.Match(text, b, shorter, RE2::ANCHOR_BOTH, nullptr, 0)) {
            found = true;
            winner = c;
          }
        }
      }
      if (found) e = shorter;
    }
    if (e > b && s.text.boundary[b] && s.text.boundary[e]) {
      Occurrence occ{{b, e}, {}};
      const Alternative& alt = alternatives[s.candidates[winner]];
      if (!alt.literal && Get(s.candidates[winner]).has_captures) {
        const int groups = static_cast<int>(alt.capture_slots.size());
        std::vector<re2::StringPiece> subs(groups);
        if (alt.re->Match(text, b, e, RE2::ANCHOR_BOTH, subs.data(), groups)) {
          for (int g = 1; g < groups; ++g) {
            if (!alt.capture_slots[g].empty() && subs[g].data() != nullptr) {
              const auto cb = static_cast<uint32_t>(subs[g].data() - t.data());
              occ.captures.push_back({alt.capture_slots[g], {cb, static_cast<uint32_t>(cb + subs[g].size())}});
            }
          }
        }
      }
      out.push_back(std::move(occ));
      pos = e;
    } else {
      // Not on word boundaries ("busy" in "busybody"): try from the next character.
      pos = b + 1;
      while (pos < size && (static_cast<unsigned char>(t[pos]) & 0xC0) == 0x80) ++pos;
    }
  }
}

bool Analyzer::Impl::Masked(uint32_t pos, const Scratch& s) const {
  // Masks are sorted by start (Evaluate sorts them); few messages have many.
  for (const Span& m : s.masks) {
    if (m.begin > pos) break;
    if (m.Contains(pos)) return true;
  }
  return false;
}

Span Analyzer::Impl::ClauseAt(uint32_t pos, const Scratch& s) const {
  auto it = std::upper_bound(s.clause_starts.begin(), s.clause_starts.end(), pos);
  uint32_t begin = it == s.clause_starts.begin() ? 0 : *(it - 1);
  uint32_t end = it == s.clause_starts.end() ? static_cast<uint32_t>(s.text.folded.size()) : *it;
  return {begin, end};
}

Span Analyzer::Impl::UnitAt(Scope scope, uint32_t pos, const Scratch& s) const {
  switch (scope) {
    case Scope::kClause: return ClauseAt(pos, s);
    case Scope::kSentence: return s.text.sentences[s.text.SentenceAt(pos)];
    case Scope::kMessage: break;
  }
  return {0, static_cast<uint32_t>(s.text.folded.size())};
}

bool Analyzer::Impl::Negated(const Span& span, const Scratch& s) const {
  if (negation < 0 || !s.located[negation]) return false;
  const Span clause = ClauseAt(span.begin, s);
  const auto& negations = s.occurrences[negation];
  auto first = std::lower_bound(negations.begin(), negations.end(), clause.begin,
                                [](const Occurrence& o, uint32_t p) { return o.span.begin < p; });
  for (auto it = first; it != negations.end(); ++it) {
    const Occurrence& n = *it;
    if (n.span.end > span.begin) break;
    if (s.text.WordsBetween(n.span.end, span.begin) <= static_cast<size_t>(negation_window)) return true;
  }
  return false;
}

const Occurrence* Analyzer::Impl::FirstValid(const Element& e, uint32_t from, uint32_t to,
                                             bool check_masks, bool check_negation,
                                             const Scratch& s) const {
  if (!s.located[e.entry]) return nullptr;
  // Occurrences are sorted and do not overlap: jump to the first at `from`.
  const auto& all = s.occurrences[e.entry];
  auto first = std::lower_bound(all.begin(), all.end(), from, [](const Occurrence& o, uint32_t p) { return o.span.begin < p; });
  for (auto it = first; it != all.end(); ++it) {
    const Occurrence& occ = *it;
    if (occ.span.end > to) break;
    if (check_masks && Masked(occ.span.begin, s)) continue;
    if (check_negation && Negated(occ.span, s)) continue;
    return &occ;
  }
  return nullptr;
}

namespace {

// Line (1-based) and code-point column (1-based) of byte `pos` in `input`.
void LineColumn(std::string_view input, size_t pos, size_t& line, size_t& column) {
  line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos && i < input.size(); ++i) {
    if (input[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  column = 1;
  for (size_t i = line_start; i < pos;) {
    internal::NextCodePoint(input, i);
    ++column;
  }
}

// Shrinks [b, e) of `input` past surrounding white space (and, for spans
// widened to a clause or sentence, the punctuation that ends it).
Span Trim(std::string_view input, Span span, bool punctuation) {
  auto space = [&](uint32_t i) {
    char c = input[i];
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
           (punctuation && (c == '.' || c == '!' || c == '?' || c == ',' || c == ';' || c == ':'));
  };
  while (span.begin < span.end && space(span.begin)) ++span.begin;
  while (span.end > span.begin && space(span.end - 1)) --span.end;
  return span;
}

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

// Line and column of every finding and strength, walking the input once (a
// long message with many findings would otherwise be scanned once each).
void AssignLineColumns(std::string_view input, Report& report) {
  std::vector<std::pair<size_t, std::pair<size_t*, size_t*>>> targets;
  for (Finding& f : report.findings) targets.push_back({f.start, {&f.line, &f.column}});
  for (Strength& s : report.strengths) targets.push_back({s.start, {&s.line, &s.column}});
  std::sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t pos = 0, line = 1, column = 1;
  for (auto& [at, out] : targets) {
    while (pos < at && pos < input.size()) {
      if (input[pos] == '\n') {
        ++line;
        column = 1;
        ++pos;
      } else {
        internal::NextCodePoint(input, pos);
        ++column;
      }
    }
    *out.first = line;
    *out.second = column;
  }
}

}  // namespace

void Analyzer::Impl::Evaluate(std::string_view input, Scratch& s, Report& report) const {
  const PreparedText& pt = s.text;  // sentences are filled below, once needed
  const auto size = static_cast<uint32_t>(pt.folded.size());

  // Which entries occur at all: one pass over the text.
  s.potentials.clear();
  prefilter.Candidates(pt.folded, s.prefilter, &s.potentials);
  std::vector<uint8_t>& hit = s.hit;
  hit.assign(entries.size(), 0);
  s.possible.assign(alternatives.size(), 0);
  for (int p : s.potentials) {
    s.possible[p] = 1;
    for (int e : alternatives[p].entries) hit[e] = 1;
  }
  // Most messages end here: no rule has all its elements among the candidates.
  bool any_possible = false;
  for (const CompiledRule& rule : rules) {
    bool possible = true;
    for (const Element& e : rule.pattern) possible = possible && hit[e.entry];
    any_possible = any_possible || possible;
  }
  if (!any_possible) return;

  preparer.EnsureWords(s.text);
  preparer.SegmentSentences(s.text);
  s.located.assign(entries.size(), 0);
  if (s.occurrences.size() < entries.size()) s.occurrences.resize(entries.size());
  for (int special : {negation, clause_break, reported}) {
    if (special >= 0 && hit[special]) Locate(special, s);
  }

  // Clauses: sentence starts plus every clause break ("but", ",", "though").
  s.clause_starts.clear();
  for (const Span& sentence : pt.sentences) s.clause_starts.push_back(sentence.begin);
  if (clause_break >= 0 && s.located[clause_break]) {
    for (const Occurrence& o : s.occurrences[clause_break]) s.clause_starts.push_back(o.span.begin);
  }
  std::sort(s.clause_starts.begin(), s.clause_starts.end());

  // Quoted and reported speech is someone else's voice, not the writer's.
  s.masks = internal::FindQuotedRegions(pt.folded);
  if (reported >= 0 && s.located[reported]) {
    for (const Occurrence& o : s.occurrences[reported]) {
      s.masks.push_back({o.span.begin, pt.sentences[pt.SentenceAt(o.span.begin)].end});
    }
  }
  std::sort(s.masks.begin(), s.masks.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });

  for (const CompiledRule& rule : rules) {
    const RuleDef& def = *rule.def;
    bool possible = true;
    for (const Element& e : rule.pattern) possible = possible && hit[e.entry];
    if (!possible) continue;
    for (const Element& e : rule.pattern) Locate(e.entry, s);
    for (const Element& e : rule.unless) {
      if (hit[e.entry]) Locate(e.entry, s);
    }

    // Candidate units: the whole message, each sentence or each clause.
    std::vector<Span> units;
    if (def.scope == Scope::kMessage) {
      units.push_back({0, size});
    } else if (def.scope == Scope::kSentence) {
      units = pt.sentences;
    } else {
      for (size_t i = 0; i < s.clause_starts.size(); ++i) {
        uint32_t end = i + 1 < s.clause_starts.size() ? s.clause_starts[i + 1] : size;
        if (end > s.clause_starts[i]) units.push_back({s.clause_starts[i], end});
      }
    }

    for (const Span& unit : units) {
      std::vector<const Occurrence*> chain;
      std::vector<const std::string*> chain_slots;
      uint32_t pos = unit.begin;
      for (const Element& e : rule.pattern) {
        const Occurrence* occ = FirstValid(e, pos, unit.end, !def.allow_quoted, def.negatable, s);
        if (!occ) break;
        chain.push_back(occ);
        chain_slots.push_back(&e.slot);
        pos = occ->span.end;
      }
      if (chain.size() != rule.pattern.size()) continue;

      const Span unless_unit = UnitAt(def.unless_scope, chain.front()->span.begin, s);
      bool cancelled = false;
      for (const Element& e : rule.unless) {
        if (FirstValid(e, unless_unit.begin, unless_unit.end, true, false, s)) cancelled = true;
      }
      if (cancelled) continue;

      Span folded_span{chain.front()->span.begin, chain.back()->span.end};
      const bool widened = def.span != internal::SpanMode::kMatch;
      if (def.span == internal::SpanMode::kToClauseEnd) {
        folded_span.end = std::max(folded_span.end, ClauseAt(folded_span.begin, s).end);
      }
      if (def.span == internal::SpanMode::kClause) folded_span = ClauseAt(folded_span.begin, s);
      if (def.span == internal::SpanMode::kSentence) folded_span = UnitAt(Scope::kSentence, folded_span.begin, s);
      const Span in = Trim(input, pt.ToInput(folded_span), /*punctuation=*/widened);

      const size_t line = 0, column = 0;  // filled in text order at the end (AssignLineColumns)
      if (def.info.is_strength()) {
        Strength st;
        st.rule = def.info.id;
        st.kind = def.info.kind;
        st.start = in.begin;
        st.end = in.end;
        st.line = line;
        st.column = column;
        st.text = std::string(input.substr(in.begin, in.end - in.begin));
        st.message = def.info.message;
        report.strengths.push_back(std::move(st));
        continue;
      }
      internal::SlotValues slots;
      for (size_t i = 0; i < chain.size(); ++i) {
        const Span src = pt.ToInput(chain[i]->span);
        if (!chain_slots[i]->empty()) slots.emplace_back(*chain_slots[i], input.substr(src.begin, src.end - src.begin));
        for (const Capture& c : chain[i]->captures) {
          const Span cs = pt.ToInput(c.span);
          slots.emplace_back(c.slot, input.substr(cs.begin, cs.end - cs.begin));
        }
      }
      Finding f;
      f.rule = def.info.id;
      f.category = def.info.category;
      f.severity = def.info.severity;
      f.start = in.begin;
      f.end = in.end;
      f.line = line;
      f.column = column;
      f.text = std::string(input.substr(in.begin, in.end - in.begin));
      f.message = def.info.message;
      f.why = def.info.why;
      f.source = def.info.source;
      for (const std::string& tmpl : def.info.reframes) {
        std::string filled;
        if (internal::FillReframe(tmpl, slots, &filled)) f.reframes.push_back(std::move(filled));
      }
      report.findings.push_back(std::move(f));
    }
  }

  auto by_start = [](const auto& a, const auto& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  };
  std::stable_sort(report.findings.begin(), report.findings.end(), by_start);
  std::stable_sort(report.strengths.begin(), report.strengths.end(), by_start);
  AssignLineColumns(input, report);
  if (!options.merge_overlapping) return;
  // One finding per category per stretch of text: the one that starts first,
  // and of those the tightest, names the pattern most precisely (sorting put
  // it first), so its reframe fits best.
  std::vector<Finding> kept;
  for (Finding& f : report.findings) {
    bool clash = std::any_of(kept.begin(), kept.end(), [&](const Finding& k) {
      return k.category == f.category && Overlaps(k.start, k.end, f.start, f.end);
    });
    if (!clash) kept.push_back(std::move(f));
  }
  report.findings = std::move(kept);
  std::vector<Strength> kept_strengths;
  for (Strength& st : report.strengths) {
    bool clash = std::any_of(kept_strengths.begin(), kept_strengths.end(), [&](const Strength& k) {
      return k.kind == st.kind && Overlaps(k.start, k.end, st.start, st.end);
    });
    if (!clash) kept_strengths.push_back(std::move(st));
  }
  report.strengths = std::move(kept_strengths);
}

void Analyzer::Impl::Save(internal::SnapshotWriter& w) const {
  w.U32(static_cast<uint32_t>(entries.size()));
  for (const Entry& e : entries) {
    w.Str(e.regex);
    w.Str(e.pattern);
    w.Str(e.where);
    w.Strs(e.slots);
    w.Pods(e.alternatives);
  }
  w.U32(static_cast<uint32_t>(alternatives.size()));
  for (const Alternative& a : alternatives) {
    w.Str(a.regex);
    w.Bool(a.literal);
    w.Pods(a.entries);
  }
  w.U32(static_cast<uint32_t>(rules.size()));
  auto elements = [&w](const std::vector<Element>& list) {
    w.U32(static_cast<uint32_t>(list.size()));
    for (const Element& e : list) {
      w.I32(e.entry);
      w.Str(e.slot);
    }
  };
  for (const CompiledRule& rule : rules) {
    w.U32(static_cast<uint32_t>(rule.def - lexicon.data().rules.data()));
    elements(rule.pattern);
    elements(rule.unless);
  }
  for (int id : {negation, clause_break, reported, negation_window}) w.I32(id);
  prefilter.Save(w);
}

bool Analyzer::Impl::Load(internal::SnapshotReader& r) {
  const LexiconData& data = lexicon.data();
  const uint32_t entry_count = r.U32();
  for (uint32_t i = 0; i < entry_count && r.ok(); ++i) {
    Entry& e = entries.emplace_back();
    e.regex = r.Str();
    e.pattern = r.Str();
    e.where = r.Str();
    e.slots = r.Strs();
    e.alternatives = r.Pods<int>();
  }
  const uint32_t alternative_count = r.U32();
  for (uint32_t i = 0; i < alternative_count && r.ok(); ++i) {
    Alternative& a = alternatives.emplace_back();
    a.regex = r.Str();
    a.literal = r.Bool();
    a.entries = r.Pods<int>();
  }
  auto in_range = [](const std::vector<int>& ids, size_t size) {
    return std::all_of(ids.begin(), ids.end(), [size](int id) { return id >= 0 && static_cast<size_t>(id) < size; });
  };
  for (const Entry& e : entries) {
    if (!in_range(e.alternatives, alternatives.size())) return false;
  }
  for (const Alternative& a : alternatives) {
    if (!in_range(a.entries, entries.size())) return false;
  }
  const uint32_t rule_count = r.U32();
  auto elements = [&](std::vector<Element>& list) {
    const uint32_t n = r.U32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      Element& e = list.emplace_back();
      e.entry = r.I32();
      e.slot = r.Str();
      if (e.entry < 0 || static_cast<size_t>(e.entry) >= entries.size()) return false;
    }
    return r.ok();
  };
  for (uint32_t i = 0; i < rule_count && r.ok(); ++i) {
    CompiledRule& rule = rules.emplace_back();
    const uint32_t def = r.U32();
    if (def >= data.rules.size()) return false;
    rule.def = &data.rules[def];
    if (!elements(rule.pattern) || !elements(rule.unless)) return false;
  }
  for (int* id : {&negation, &clause_break, &reported, &negation_window}) *id = r.I32();
  for (int id : {negation, clause_break, reported}) {
    if (id >= static_cast<int>(entries.size())) return false;
  }
  return prefilter.Load(r) && r.ok() && r.at_end() && prefilter.atom_count() > 0;
}

Result<Analyzer> Analyzer::Create(const Lexicon& lexicon, const AnalyzerOptions& options) {
  // The built-in lexicon with every rule: load what the build compiled.
  if (lexicon.data().trusted && options.only_rules.empty() &&
      &lexicon.data() == &Lexicon::Builtin().data()) {
    internal::SnapshotReader image(nullptr, 0);
    if (internal::OpenSnapshotSection(1, &image)) {
      auto impl = std::make_unique<Impl>(lexicon, options);
      if (impl->Load(image)) return Analyzer(std::move(impl));
    }
  }
  auto impl = std::make_unique<Impl>(lexicon, options);
  if (Status s = impl->Compile(); !s.ok()) return s;
  return Analyzer(std::move(impl));
}

namespace internal {

struct AnalyzerSnapshot {
  static bool Loads() {
    SnapshotReader image(nullptr, 0);
    if (!OpenSnapshotSection(1, &image)) return false;
    Analyzer::Impl impl(Lexicon::Builtin(), AnalyzerOptions{});
    return impl.Load(image);
  }

  static Result<std::string> Make() {
    const Lexicon lexicon = Lexicon::Builtin();
    Analyzer::Impl impl(lexicon, AnalyzerOptions{});
    if (Status s = impl.Compile(); !s.ok()) return s;
    // The build checks every pattern once, so the library need not.
    for (size_t id = 0; id < impl.entries.size(); ++id) {
      if (Status s = impl.Validate(static_cast<int>(id)); !s.ok()) return s;
    }
    SnapshotWriter lexicon_section, analyzer_section;
    SaveLexiconData(lexicon.data(), lexicon_section);
    impl.Save(analyzer_section);
    // Sections start 8-aligned, for the arrays read in place.
    lexicon_section.out().append((8 - lexicon_section.size() % 8) % 8, '\0');
    SnapshotWriter image;
    image.Str(kSnapshotMagic);
    image.U32(static_cast<uint32_t>(lexicon_section.size()));
    image.out().resize(kSnapshotHeaderSize, '\0');
    return image.out() + lexicon_section.out() + analyzer_section.out();
  }
};

Result<std::string> MakeBuiltinSnapshot() { return AnalyzerSnapshot::Make(); }

bool BuiltinAnalyzerSnapshotLoads() { return AnalyzerSnapshot::Loads(); }

}  // namespace internal

Analyzer::Analyzer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

const Lexicon& Analyzer::lexicon() const { return impl_->lexicon; }

Report Analyzer::Analyze(std::string_view utf8_text) const {
  thread_local Scratch scratch;
  Report report;
  impl_->preparer.PrepareForScreening(utf8_text, scratch.text);
  if (!scratch.text.invalid_utf8.empty()) {
    size_t line, column;
    LineColumn(utf8_text, scratch.text.invalid_utf8.front(), line, column);
    report.warnings.push_back("invalid UTF-8 at line " + std::to_string(line) + ", column " +
                              std::to_string(column) + " (byte " +
                              std::to_string(scratch.text.invalid_utf8.front()) + "; " +
                              std::to_string(scratch.text.invalid_utf8.size()) +
                              " bad sequence(s) read as U+FFFD)");
  }
  impl_->Evaluate(utf8_text, scratch, report);
  return report;
}

}  // namespace reframe
