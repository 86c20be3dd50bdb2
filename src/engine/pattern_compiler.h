// Turns lexicon patterns ("{list}" references, inline RE2) into regex text.
#ifndef REFRAME_ENGINE_PATTERN_COMPILER_H_
#define REFRAME_ENGINE_PATTERN_COMPILER_H_

#include <string>
#include <vector>

#include "lexicon/lexicon_data.h"
#include "reframe/status.h"

namespace reframe::internal {

// Expands `{list}` references recursively (each list becomes a non-capturing
// alternation), folds the literal text as input is folded (FoldLiterals),
// expands "verb~" to the verb's forms, and renames named groups "(?P<act>" to
// "(?P<act__N>" so that one name may appear in several phrases of a list
// (SlotOfGroupName undoes it). `where` prefixes errors.
Result<std::string> ExpandPattern(const std::string& pattern, const LexiconData& data, const std::string& where);

// The literal text of regex `pattern` folded as input text is (text/fold.h:
// case, Unicode form, quotation marks), so "Groß" matches what "groß" folds
// to; regex syntax a character folds to is escaped ("…" -> "\.\.\."), and
// escapes ("\S", "\p{Lu}") and group names are left alone. Since the text is
// folded, patterns are matched case-sensitively, which makes RE2's programs
// several times smaller than (?i) would.
std::string FoldLiterals(const std::string& pattern);

// "act__3" -> "act".
std::string SlotOfGroupName(const std::string& group_name);

// The slot of each named group in an expanded regex, in order ("act" for
// "(?P<act__3>"), read from the text without compiling it.
std::vector<std::string> NamedGroupSlots(const std::string& regex);

// The top-level alternatives of an expanded regex, flattening groups that
// are a whole alternative: "(?:a|(?:b|c))" -> "a", "b", "c". A text matches
// the regex where it matches one of them. A regex with flag groups or that
// does not balance is returned whole.
std::vector<std::string> SplitAlternatives(const std::string& regex);

// If `element` is exactly "{name}", returns name; else "".
std::string ElementListName(const std::string& element);

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_PATTERN_COMPILER_H_
