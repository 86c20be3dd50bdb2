// The engine's section of the build-time image (snapshot/snapshot.h): a
// CompiledLexicon without its RE2 objects (those are built on first use).
#ifndef REFRAME_ENGINE_ENGINE_SNAPSHOT_H_
#define REFRAME_ENGINE_ENGINE_SNAPSHOT_H_

#include "engine/compiled_lexicon.h"
#include "lexicon/lexicon_data.h"
#include "snapshot/snapshot.h"

namespace reframe::internal {

// `data` is the lexicon `compiled` was compiled from (rules are saved as
// indices into it).
void SaveCompiledLexicon(const CompiledLexicon& compiled, const LexiconData& data, SnapshotWriter& w);
// Fills `out` (empty) from the section, pointing its rules into `data`;
// false when the section is malformed or does not fit `data`.
bool LoadCompiledLexicon(SnapshotReader& r, const LexiconData& data, CompiledLexicon& out);

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_ENGINE_SNAPSHOT_H_
