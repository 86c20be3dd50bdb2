// Quotation marks and apostrophes, in one table (quotes.cc): which ASCII
// mark each typographic one folds to, and which of them open and close
// quotations in pairs.
#ifndef REFRAME_TEXT_QUOTES_H_
#define REFRAME_TEXT_QUOTES_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace reframe::internal {

struct Span;

// The ASCII mark a typographic quote or apostrophe folds to (’ ‘ ′ ʼ -> ',
// “ ” „ « » ″ -> "), so that one pattern covers both; other code points as
// they are.
int32_t FoldQuote(int32_t cp);

// Whether every quotation `text` opens is closed: straight double quotes,
// curly double quotes (“ ” „ ‟), guillemets (« ») and corner brackets
// (「 」 『 』) each come in pairs. Apostrophes are not counted.
bool QuotesBalanced(std::string_view text);

// Regions of folded text (text.h) inside paired quotation marks ("..." or
// '...'); apostrophes inside words ("don't") open none.
std::vector<Span> FindQuotedRegions(std::string_view folded);

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_QUOTES_H_
