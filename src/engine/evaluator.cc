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
  // What it answers: "ok" is a shut-down only after a complaint or a bid.
  const RuleDef& def = *rule.def;
  if (!s.has_reply && !def.without_reply) return false;
  if (rule.cue && !s.want_cues) return false;
  for (const Element& e : rule.pattern) {
    if (!s.hit[e.entry]) return false;
  }
  // Last, as it may mean analysing the message answered.
  if (s.has_reply && (rule.reply || rule.unless_reply)) {
    if (!s.reply) s.reply = s.reply_kinds ? s.reply_kinds() : 0;
    if (rule.reply && !(*s.reply & rule.reply)) return false;
    if (*s.reply & rule.unless_reply) return false;
  }
  return true;
}

void Evaluator::Segment(EvalScratch& s) const {
  preparer_.EnsureWords(s.text);
  preparer_.SegmentSentences(s.text);
  s.located.assign(lexicon_.entries.size(), 0);
  if (s.occurrences.size() < lexicon_.entries.size()) s.occurrences.resize(lexicon_.entries.size());
  for (int special : {lexicon_.negation, lexicon_.reported}) {
    if (special >= 0 && s.hit[special]) Locate(special, s);
  }
  s.language_ready = false;
  s.clause_starts.clear();
  FindMasks(s);
}

void Evaluator::EnsureLanguage(std::string_view input, EvalScratch& s) const {
  if (s.language_ready) return;
  s.language_ready = true;
  s.lang.Build(s.text, input, lexicon_.grammar, WordTable::Builtin());
  // Clauses as the clause layer splits them (language/clauses.h).
  s.clause_starts.clear();
  for (const Span& sentence : s.text.sentences) s.clause_starts.push_back(sentence.begin);
  for (const Clause& c : s.lang.clauses) s.clause_starts.push_back(c.begin);
  std::sort(s.clause_starts.begin(), s.clause_starts.end());
  s.clause_starts.erase(std::unique(s.clause_starts.begin(), s.clause_starts.end()), s.clause_starts.end());
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
  for (const Element& e : rule.pattern) {
    Locate(e.entry, s);
    if (s.occurrences[e.entry].empty()) return;  // no need to read the clauses
  }
  EnsureLanguage(input, s);
  for (const Element& e : rule.unless) {
    if (s.hit[e.entry]) Locate(e.entry, s);
  }
  std::vector<Unit> units;
  Units(def.scope, s, units);
  std::vector<const Occurrence*> chain;
  std::vector<int> elements;
  for (const Unit& unit : units) {
    // A message rule reports every occurrence, as a linter does ("I want to
    // see you but I'm busy. I miss you, but..."); a clause or sentence rule
    // one per unit.
    for (uint32_t from = unit.span.begin; FindChain(rule, unit, from, s, chain, elements);
         from = chain.back()->span.end) {
      if (!Cancelled(rule, chain, s)) {
        RuleMatch& m = s.matches.emplace_back();
        m.rule = &def;
        m.compiled = &rule;
        m.folded = PointAt(def, chain, s);
        m.span = s.text.ToInput(m.folded);
        m.widened = def.span != SpanMode::kMatch;
        if (!def.info.is_strength() && !def.info.is_cue()) {
          m.slots = Slots(rule, chain, elements, input, s);
          for (const Occurrence* o : chain) m.elements.push_back(o->span);
        }
        if (def.scope != Scope::kMessage) break;
      }
      if (chain.back()->span.end <= from) break;  // an empty match cannot move on
    }
  }
}

void Evaluator::Units(Scope scope, const EvalScratch& s, std::vector<Unit>& units) const {
  const auto size = static_cast<uint32_t>(s.text.folded.size());
  if (scope == Scope::kMessage) {
    units.push_back({{0, size}, size});
  } else if (scope == Scope::kSentence) {
    for (const Span& sentence : s.text.sentences) units.push_back({sentence, sentence.end});
  } else {
    for (size_t i = 0; i < s.clause_starts.size(); ++i) {
      const uint32_t end = i + 1 < s.clause_starts.size() ? s.clause_starts[i + 1] : size;
      if (end <= s.clause_starts[i]) continue;
      const Span sentence = s.text.sentences[s.text.SentenceAt(s.clause_starts[i])];
      units.push_back({{s.clause_starts[i], std::max(end, sentence.end)}, end});
    }
  }
}

bool Evaluator::FindChain(const CompiledRule& rule, const Unit& unit, uint32_t from, const EvalScratch& s,
                          std::vector<const Occurrence*>& chain, std::vector<int>& elements) const {
  const RuleDef& def = *rule.def;
  thread_local std::vector<int> order;
  thread_local std::vector<const Occurrence*> attempt;
  order.resize(rule.pattern.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
  chain.clear();
  elements.clear();
  do {
    attempt.clear();
    uint32_t pos = from;
    for (int k : order) {
      const Occurrence* occ = FirstValid(rule.pattern[k], pos, unit.span.end, !def.allow_quoted, def.negatable, s);
      if (!occ) break;
      attempt.push_back(occ);
      pos = occ->span.end;
    }
    if (attempt.size() == order.size() && def.scope == Scope::kMessage) {
      // In a whole message a chain does not reach across sentences when a
      // later occurrence is closer: in "Let's move in! ... i miss u but im
      // slammed" the wish is "i miss u" (the first in the sentence of what
      // follows it, or else the last before it).
      for (size_t k = attempt.size() - 1; k-- > 0;) {
        const Element& e = rule.pattern[order[k]];
        const uint32_t before = attempt[k + 1]->span.begin;
        const size_t sentence = s.text.SentenceAt(before);
        while (s.text.SentenceAt(attempt[k]->span.begin) != sentence) {
          const Occurrence* later =
              FirstValid(e, attempt[k]->span.begin + 1, before, !def.allow_quoted, def.negatable, s);
          if (!later) break;
          attempt[k] = later;
        }
      }
    }
    if (attempt.size() == order.size() && attempt.front()->span.begin < unit.starts_by &&
        (chain.empty() || attempt.front()->span.begin < chain.front()->span.begin)) {
      chain = attempt;
      elements = order;
    }
  } while (def.any_order && std::next_permutation(order.begin(), order.end()));
  return !chain.empty();
}

bool Evaluator::Cancelled(const CompiledRule& rule, const std::vector<const Occurrence*>& chain,
                          const EvalScratch& s) const {
  const Span unit = UnitAt(rule.def->unless_scope, chain.front()->span.begin, s);
  for (const Element& e : rule.unless) {
    // `after`: only what comes with or after the last element cancels it
    // ("...but I'm busy. Saturday?"), not a time inside the wish before it.
    const uint32_t from = e.where.after ? std::max(unit.begin, chain.back()->span.begin) : unit.begin;
    if (FirstValid(e, from, std::max(from, unit.end), true, false, s)) return true;
  }
  return false;
}

Span Evaluator::PointAt(const RuleDef& def, const std::vector<const Occurrence*>& chain, const EvalScratch& s) const {
  Span span{chain.front()->span.begin, chain.back()->span.end};
  switch (def.span) {
    case SpanMode::kMatch:
      break;
    case SpanMode::kToClauseEnd:
      span.end = std::max(span.end, ClauseAt(span.begin, s).end);
      break;
    case SpanMode::kClause:  // every clause the chain touches
      span = {ClauseAt(chain.front()->span.begin, s).begin, ClauseAt(chain.back()->span.begin, s).end};
      break;
    case SpanMode::kSentence:
      span = UnitAt(Scope::kSentence, span.begin, s);
      break;
  }
  return span;
}

std::vector<MatchedSlot> Evaluator::Slots(const CompiledRule& rule, const std::vector<const Occurrence*>& chain,
                                          const std::vector<int>& elements, std::string_view input,
                                          const EvalScratch& s) const {
  std::vector<MatchedSlot> slots;
  for (size_t i = 0; i < chain.size(); ++i) {
    const Span src = s.text.ToInput(chain[i]->span);
    const std::string& slot = rule.pattern[elements[i]].slot;
    if (!slot.empty()) slots.push_back({slot, input.substr(src.begin, src.end - src.begin), chain[i]->span});
    for (const Capture& c : chain[i]->captures) {
      const Span cs = s.text.ToInput(c.span);
      slots.push_back({c.slot, input.substr(cs.begin, cs.end - cs.begin), c.span});
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
    if (!InPlace(e, occ.span, check_masks, s)) continue;
    return &occ;
  }
  return nullptr;
}

bool Evaluator::InPlace(const Element& e, const Span& span, bool check_masks, const EvalScratch& s) const {
  const Clause* clause = s.lang.ClauseAt(span.begin);
  if (!clause) return e.where.any();
  if (check_masks && (clause->reported || clause->quoted || clause->narrated)) return false;
  return Accepts(e.where, *clause);
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
