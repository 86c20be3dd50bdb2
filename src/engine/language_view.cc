#include "engine/language_view.h"

#include <algorithm>

namespace reframe::internal {

void LanguageView::Build(const PreparedText& pt, std::string_view input, const Grammar& grammar,
                         const WordTable& words) {
  sentence_spans.clear();
  sentence_starts.clear();
  for (const Span& s : pt.sentences) {
    sentence_spans.push_back({s.begin, s.end});
    sentence_starts.push_back(s.begin);
  }
  quoted_spans.clear();
  for (const Span& q : FindQuotedRegions(pt.folded)) quoted_spans.push_back({q.begin, q.end});
  // A capital letter in the input marks a name mid-sentence ("Sam", "Maya").
  case_info.upper.assign(pt.folded.size(), 0);
  for (uint32_t i = 0; i < pt.folded.size(); ++i) {
    const char f = pt.folded[i];
    if (f < 'a' || f > 'z') continue;
    const Span in = pt.ToInput({i, i + 1});
    if (in.begin < input.size()) case_info.upper[i] = input[in.begin] >= 'A' && input[in.begin] <= 'Z';
  }
  tokens = Tokenize(pt.folded, grammar, words, case_info, sentence_starts);
  clauses = AnalyzeClauses(tokens, sentence_spans, quoted_spans, grammar);
}

size_t LanguageView::TokenAt(uint32_t pos) const {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), pos, [](const Token& t, uint32_t p) { return t.begin < p; });
  return static_cast<size_t>(it - tokens.begin());
}

const Clause* LanguageView::ClauseAt(uint32_t pos) const {
  size_t k = TokenAt(pos);
  while (k < tokens.size() && !tokens[k].IsWord()) ++k;
  if (k >= tokens.size()) return clauses.empty() ? nullptr : &clauses.back();
  for (const Clause& c : clauses) {
    if (k >= c.first && k < c.last) return &c;
  }
  return nullptr;
}

bool Accepts(const ClauseFilter& f, const Clause& c) {
  if (f.subjects && !((f.subjects >> static_cast<int>(c.subject)) & 1)) return false;
  if (f.moods && !((f.moods >> static_cast<int>(c.mood)) & 1)) return false;
  if (f.links && !((f.links >> static_cast<int>(c.link)) & 1)) return false;
  if (f.positive >= 0 && c.positive() != (f.positive == 1)) return false;
  if (f.habitual >= 0 && c.habitual != (f.habitual == 1)) return false;
  if (f.past >= 0 && c.past != (f.past == 1)) return false;
  if (f.playful >= 0 && c.playful != (f.playful == 1)) return false;
  if (f.reported >= 0 && (c.reported || c.quoted || c.narrated) != (f.reported == 1)) return false;
  return true;
}

}  // namespace reframe::internal
