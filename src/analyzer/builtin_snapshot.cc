// The image of analyzer/builtin_snapshot.h.
#include "analyzer/builtin_snapshot.h"

#include "engine/compiler.h"
#include "engine/engine_snapshot.h"
#include "lexicon/lexicon_access.h"
#include "lexicon/lexicon_snapshot.h"
#include "reframe/lexicon.h"

namespace reframe::internal {

Result<std::string> MakeBuiltinSnapshot() {
  const Lexicon lexicon = Lexicon::Builtin();
  const LexiconData& data = LexiconAccess::Data(lexicon);
  CompiledLexicon compiled;
  if (Status s = Compile(data, {}, compiled); !s.ok()) return s;
  // The build checks every pattern once, so the library need not.
  if (Status s = ValidatePatterns(data, compiled); !s.ok()) return s;
  SnapshotWriter lexicon_section, engine_section;
  SaveLexiconData(data, lexicon_section);
  SaveCompiledLexicon(compiled, data, engine_section);
  return MakeSnapshotImage(lexicon_section, engine_section);
}

bool BuiltinAnalyzerSnapshotLoads() {
  SnapshotReader image(nullptr, 0);
  if (!OpenSnapshotSection(SnapshotSection::kEngine, &image)) return false;
  CompiledLexicon compiled;
  return LoadCompiledLexicon(image, LexiconAccess::Data(Lexicon::Builtin()), compiled);
}

}  // namespace reframe::internal
