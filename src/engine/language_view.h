// The clause layer's reading of one prepared message (tokens and clauses),
// built only when some rule may apply, and the test a rule element's clause
// filter makes against it.
#ifndef REFRAME_ENGINE_LANGUAGE_VIEW_H_
#define REFRAME_ENGINE_LANGUAGE_VIEW_H_

#include <string_view>
#include <vector>

#include "language/clauses.h"
#include "language/grammar.h"
#include "language/tokens.h"
#include "language/word_table.h"
#include "lexicon/lexicon_data.h"
#include "text/text.h"

namespace reframe::internal {

struct LanguageView {
  std::vector<Token> tokens;
  std::vector<Clause> clauses;
  std::vector<std::pair<uint32_t, uint32_t>> sentence_spans, quoted_spans;  // scratch
  std::vector<uint32_t> sentence_starts;                                    // scratch
  CaseInfo case_info;                                                       // scratch

  // Fills the view for `pt` (sentences segmented), whose input is `input`.
  void Build(const PreparedText& pt, std::string_view input, const Grammar& grammar, const WordTable& words);

  // The clause of the first word at or after folded position `pos` (the
  // clause a match starting there stands in); nullptr if none.
  [[nodiscard]] const Clause* ClauseAt(uint32_t pos) const;
  // Index of the first token starting at or after `pos`.
  [[nodiscard]] size_t TokenAt(uint32_t pos) const;
};

// Whether `clause` stands in the roles `filter` asks for.
bool Accepts(const ClauseFilter& filter, const Clause& clause);

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_LANGUAGE_VIEW_H_
