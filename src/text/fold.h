// Folding: the one normalisation that both the input and the lexicon's
// words go through, so that they compare equal whatever their case, their
// Unicode form or their kind of quotation mark.
//
// Folding = UTF-8 checked (bad bytes read as U+FFFD), typographic quotes and
// apostrophes made ASCII (quotes.h), then ICU NFKC_Casefold: "Groß" ->
// "gross", "Ärgerlich" -> "ärgerlich" (composed), "Ｆine" -> "fine", "…" ->
// "...", variation selectors dropped ("♥️" -> "♥").
#ifndef REFRAME_TEXT_FOLD_H_
#define REFRAME_TEXT_FOLD_H_

#include <string>
#include <string_view>

namespace reframe::internal {

struct PreparedText;

// Folds `input` into out.folded with its offset map (out.src_begin,
// out.src_end, or out.identity_map for ASCII) and out.invalid_utf8. The
// input side of folding; TextPreparer calls it. Thread-safe.
void FoldInto(std::string_view input, PreparedText& out);

// `text` folded exactly as input is: for lexicon words and pattern literals.
std::string FoldText(std::string_view text);

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_FOLD_H_
