// The build-time image of the built-in lexicon (snapshot/snapshot.h), made of
// the lexicon's section and the compiled engine's section.
#ifndef REFRAME_ANALYZER_BUILTIN_SNAPSHOT_H_
#define REFRAME_ANALYZER_BUILTIN_SNAPSHOT_H_

#include <string>

#include "reframe/status.h"

namespace reframe::internal {

// For tools/make_snapshot.cc: parses and compiles the built-in lexicon (every
// pattern checked) and returns the image.
Result<std::string> MakeBuiltinSnapshot();

// For tests: whether the embedded engine section loads (Analyzer::Create
// would otherwise fall back to compiling, silently).
bool BuiltinAnalyzerSnapshotLoads();

}  // namespace reframe::internal

#endif  // REFRAME_ANALYZER_BUILTIN_SNAPSHOT_H_
