// reframe/lexicon_check.h — run a lexicon's own examples, as its tests do.
//
//   auto lexicon = reframe::Lexicon::FromDirectory("my-rules");
//   for (const std::string& problem : reframe::CheckLexicon(reframe::Lexicon::Builtin().MergedWith(*lexicon)))
//     std::cerr << problem << "\n";
//
// Every rule carries `flag` examples (the rule must fire exactly once, on the
// span marked [[like this]]) and `pass` examples (it must not fire). Each
// reframe, filled from a flag example, must itself raise nothing in the
// rule's category. Rules are checked one at a time, in isolation.
#ifndef REFRAME_LEXICON_CHECK_H_
#define REFRAME_LEXICON_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "reframe/export.h"
#include "reframe/lexicon.h"

namespace reframe {

// Problems found in one rule's examples and reframes, each starting with the
// rule's "file:line: rule 'id':". Empty when the rule is sound.
REFRAME_EXPORT std::vector<std::string> CheckRule(const Lexicon& lexicon, std::string_view rule_id);

// CheckRule for every rule (or only those whose file starts with
// `file_prefix`), plus compile errors. Empty when all is well.
REFRAME_EXPORT std::vector<std::string> CheckLexicon(const Lexicon& lexicon, std::string_view file_prefix = {});

}  // namespace reframe

#endif  // REFRAME_LEXICON_CHECK_H_
