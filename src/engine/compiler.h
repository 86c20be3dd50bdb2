// Compiles a lexicon's rules (lexicon/lexicon_data.h) into the form the
// matcher and evaluator run (engine/compiled_lexicon.h).
#ifndef REFRAME_ENGINE_COMPILER_H_
#define REFRAME_ENGINE_COMPILER_H_

#include <string>
#include <vector>

#include "engine/compiled_lexicon.h"
#include "lexicon/lexicon_data.h"
#include "reframe/status.h"

namespace reframe::internal {

// Compiles `data` into `out` (empty): every rule, or only those in
// `only_rules` when it is not empty. Equal elements and equal phrases are
// compiled once. Fails with kDataError, naming the file and line, when a
// pattern refers to an unknown phrase list or a reframe uses a slot that no
// pattern fills. `out` keeps pointers into `data`, which must outlive it.
// Regexes are not compiled here (see ValidatePatterns).
Status Compile(const LexiconData& data, const std::vector<std::string>& only_rules, CompiledLexicon& out);

// Compiles every entry's regex once, to report a pattern that RE2 rejects or
// that matches empty text, naming the phrase that broke it. Lexicons other
// than the built-in one (which the build checks) are validated when an
// analyzer is created, so that a bad pattern is reported at once.
Status ValidatePatterns(const LexiconData& data, const CompiledLexicon& compiled);

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_COMPILER_H_
