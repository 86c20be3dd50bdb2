// The lexicon's section of the build-time image (snapshot/snapshot.h).
#ifndef REFRAME_LEXICON_LEXICON_SNAPSHOT_H_
#define REFRAME_LEXICON_LEXICON_SNAPSHOT_H_

#include "lexicon/lexicon_data.h"
#include "snapshot/snapshot.h"

namespace reframe::internal {

void SaveLexiconData(const LexiconData& data, SnapshotWriter& w);
// False (with `data` partly filled) when the section is malformed.
bool LoadLexiconData(SnapshotReader& r, LexiconData& data);

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_LEXICON_SNAPSHOT_H_
