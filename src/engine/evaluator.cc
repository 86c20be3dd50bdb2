// The evaluator of engine/evaluator.h.
#include "engine/evaluator.h"

#include <algorithm>

namespace reframe::internal {

void Evaluator::Evaluate(std::string_view input, EvalScratch& s) const {
  s.matches.clear();
  // Most messages end here: no rule has all its elements among the candidates.
  if (!Screen(s)) return;
  Segment(s);
  for (const CompiledRule& rule : lexicon_.rules) {
    if (MayApply(rule, s)) MatchRule(rule, input, s);
  }
}

bool Evaluator::Screen(EvalScratch& s) const {
  // Which entries occur at all: one pass over the text.
  s.potentials.clear();
  lexicon_.prefilter.Candidates(s.text.folded, s.prefilter, &s.potentials);
  s.hit.assign(lexicon_.entries.size(), 0);
  s.possible.assign(lexicon_.alternatives.size(), 0);
  for (int p : s.potentials) {
    s.possible[p] = 1;
    for (int e : lexicon_.alternatives[p].entries) s.hit[e] = 1;
  }
  return std::any_of(lexicon_.rules.begin(), lexicon_.rules.end(),
                     [&](const CompiledRule& rule) { return MayApply(rule, s); });
}

bool Evaluator::MayApply(const CompiledRule& rule, const EvalScratch& s) const {
  for (const Element& e : rule.pattern) {
    if (!s.hit[e.entry]) return false;
  }
  return true;
}

void Evaluator::Segment(EvalScratch& s) const {
  preparer_.EnsureWords(s.text);
  preparer_.SegmentSentences(s.text);
  s.located.assign(lexicon_.entries.size(), 0);
  if (s.occurrences.size() < lexicon_.entries.size()) s.occurrences.resize(lexicon_.entries.size());
  for (int special : {lexicon_.negation, lexicon_.clause_break, lexicon_.reported}) {
    if (special >= 0 && s.hit[special]) Locate(special, s);
  }
  FindClauseStarts(s);
  FindMasks(s);
}

void Evaluator::FindClauseStarts(EvalScratch& s) const {
  // Clauses: sentence starts plus every clause break ("but", ",", "though").
  s.clause_starts.clear();
  for (const Span& sentence : s.text.sentences) s.clause_starts.push_back(sentence.begin);
  if (lexicon_.clause_break >= 0 && s.located[lexicon_.clause_break]) {
    for (const Occurrence& o : s.occurrences[lexicon_.clause_break]) s.clause_starts.push_back(o.span.begin);
  }
  std::sort(s.clause_starts.begin(), s.clause_starts.end());
}

void Evaluator::FindMasks(EvalScratch& s) const {
  // Quoted and reported speech is someone else's voice, not the writer's.
  const PreparedText& pt = s.text;
  s.masks = FindQuotedRegions(pt.folded);
  if (lexicon_.reported >= 0 && s.located[lexicon_.reported]) {
    for (const Occurrence& o : s.occurrences[lexicon_.reported]) {
      s.masks.push_back({o.span.begin, pt.sentences[pt.SentenceAt(o.span.begin)].end});
    }
  }
  std::sort(s.masks.begin(), s.masks.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
}

void Evaluator::Locate(int id, EvalScratch& s) const {
  if (s.located[id]) return;
  s.located[id] = 1;
  internal::Locate(lexicon_, id, s.text, s.possible, s.locate, s.occurrences[id]);
}

void Evaluator::MatchRule(const CompiledRule& rule, std::string_view input, EvalScratch& s) const {
  const RuleDef& def = *rule.def;
  for (const Element& e : rule.pattern) Locate(e.entry, s);
  for (const Element& e : rule.unless) {
    if (s.hit[e.entry]) Locate(e.entry, s);
  }
  std::vector<Span> units;
  Units(def.scope, s, units);
  std::vector<const Occurrence*> chain;
  for (const Span& unit : units) {
    if (!FindChain(rule, unit, s, chain)) continue;
    if (Cancelled(rule, *chain.front(), s)) continue;
    RuleMatch& m = s.matches.emplace_back();
    m.rule = &def;
    m.span = s.text.ToInput(PointAt(def, {chain.front()->span.begin, chain.back()->span.end}, s));
    m.widened = def.span != SpanMode::kMatch;
    if (!def.info.is_strength()) m.slots = Slots(rule, chain, input, s);
  }
}

void Evaluator::Units(Scope scope, const EvalScratch& s, std::vector<Span>& units) const {
  const auto size = static_cast<uint32_t>(s.text.folded.size());
  if (scope == Scope::kMessage) {
    units.push_back({0, size});
  } else if (scope == Scope::kSentence) {
    units = s.text.sentences;
  } else {
    for (size_t i = 0; i < s.clause_starts.size(); ++i) {
      const uint32_t end = i + 1 < s.clause_starts.size() ? s.clause_starts[i + 1] : size;
      if (end > s.clause_starts[i]) units.push_back({s.clause_starts[i], end});
    }
  }
}

bool Evaluator::FindChain(const CompiledRule& rule, Span unit, const EvalScratch& s,
                          std::vector<const Occurrence*>& chain) const {
  const RuleDef& def = *rule.def;
  chain.clear();
  uint32_t pos = unit.begin;
  for (const Element& e : rule.pattern) {
    const Occurrence* occ = FirstValid(e, pos, unit.end, !def.allow_quoted, def.negatable, s);
    if (!occ) return false;
    chain.push_back(occ);
    pos = occ->span.end;
  }
  return true;
}

bool Evaluator::Cancelled(const CompiledRule& rule, const Occurrence& first, const EvalScratch& s) const {
  const Span unit = UnitAt(rule.def->unless_scope, first.span.begin, s);
  for (const Element& e : rule.unless) {
    if (FirstValid(e, unit.begin, unit.end, true, false, s)) return true;
  }
  return false;
}

Span Evaluator::PointAt(const RuleDef& def, Span span, const EvalScratch& s) const {
  switch (def.span) {
    case SpanMode::kMatch:
      break;
    case SpanMode::kToClauseEnd:
      span.end = std::max(span.end, ClauseAt(span.begin, s).end);
      break;
    case SpanMode::kClause:
      span = ClauseAt(span.begin, s);
      break;
    case SpanMode::kSentence:
      span = UnitAt(Scope::kSentence, span.begin, s);
      break;
  }
  return span;
}

std::vector<std::pair<std::string, std::string_view>> Evaluator::Slots(const CompiledRule& rule,
                                                                       const std::vector<const Occurrence*>& chain,
                                                                       std::string_view input,
                                                                       const EvalScratch& s) const {
  std::vector<std::pair<std::string, std::string_view>> slots;
  for (size_t i = 0; i < chain.size(); ++i) {
    const Span src = s.text.ToInput(chain[i]->span);
    const std::string& slot = rule.pattern[i].slot;
    if (!slot.empty()) slots.emplace_back(slot, input.substr(src.begin, src.end - src.begin));
    for (const Capture& c : chain[i]->captures) {
      const Span cs = s.text.ToInput(c.span);
      slots.emplace_back(c.slot, input.substr(cs.begin, cs.end - cs.begin));
    }
  }
  return slots;
}

const Occurrence* Evaluator::FirstValid(const Element& e, uint32_t from, uint32_t to, bool check_masks,
                                        bool check_negation, const EvalScratch& s) const {
  if (!s.located[e.entry]) return nullptr;
  // Occurrences are sorted and do not overlap: jump to the first at `from`.
  const auto& all = s.occurrences[e.entry];
  auto first =
      std::lower_bound(all.begin(), all.end(), from, [](const Occurrence& o, uint32_t p) { return o.span.begin < p; });
  for (auto it = first; it != all.end(); ++it) {
    const Occurrence& occ = *it;
    if (occ.span.end > to) break;
    if (check_masks && Masked(occ.span.begin, s)) continue;
    if (check_negation && Negated(occ.span, s)) continue;
    return &occ;
  }
  return nullptr;
}

bool Evaluator::Masked(uint32_t pos, const EvalScratch& s) const {
  // Masks are sorted by start (FindMasks sorts them); few messages have many.
  for (const Span& m : s.masks) {
    if (m.begin > pos) break;
    if (m.Contains(pos)) return true;
  }
  return false;
}

bool Evaluator::Negated(const Span& span, const EvalScratch& s) const {
  if (lexicon_.negation < 0 || !s.located[lexicon_.negation]) return false;
  const Span clause = ClauseAt(span.begin, s);
  const auto& negations = s.occurrences[lexicon_.negation];
  auto first = std::lower_bound(negations.begin(), negations.end(), clause.begin,
                                [](const Occurrence& o, uint32_t p) { return o.span.begin < p; });
  for (auto it = first; it != negations.end(); ++it) {
    const Occurrence& n = *it;
    if (n.span.end > span.begin) break;
    if (s.text.WordsBetween(n.span.end, span.begin) <= static_cast<size_t>(lexicon_.negation_window)) return true;
  }
  return false;
}

Span Evaluator::ClauseAt(uint32_t pos, const EvalScratch& s) const {
  auto it = std::upper_bound(s.clause_starts.begin(), s.clause_starts.end(), pos);
  const uint32_t begin = it == s.clause_starts.begin() ? 0 : *(it - 1);
  const uint32_t end = it == s.clause_starts.end() ? static_cast<uint32_t>(s.text.folded.size()) : *it;
  return {begin, end};
}

Span Evaluator::UnitAt(Scope scope, uint32_t pos, const EvalScratch& s) const {
  switch (scope) {
    case Scope::kClause:
      return ClauseAt(pos, s);
    case Scope::kSentence:
      return s.text.sentences[s.text.SentenceAt(pos)];
    case Scope::kMessage:
      break;
  }
  return {0, static_cast<uint32_t>(s.text.folded.size())};
}

}  // namespace reframe::internal
