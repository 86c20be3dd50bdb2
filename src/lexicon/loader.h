// Parses lexicon TOML into LexiconData, checking every field.
#ifndef REFRAME_LEXICON_LOADER_H_
#define REFRAME_LEXICON_LOADER_H_

#include <string_view>

#include "lexicon/lexicon_data.h"
#include "reframe/status.h"

namespace reframe::internal {

// Adds the contents of one TOML document to `data`. `name` is used in errors.
// A rule id or phrase list name that `data` already has is an error (within
// one lexicon, definitions are unique; overriding is done by merging).
Status LoadLexiconToml(std::string_view toml, std::string_view name, LexiconData& data);

// Gives every rule without its own `source` the lexicon's [lexicon] source
// (which may come from a file loaded after the rule's own).
void FillDefaultSources(LexiconData& data);

// Lays `overrides` over `base` (same rule id or list name replaces).
void MergeLexiconData(LexiconData& base, const LexiconData& overrides);

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_LOADER_H_
