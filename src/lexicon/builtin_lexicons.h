// The default lexicons, embedded at build time by cmake/EmbedLexicons.cmake.
#ifndef REFRAME_LEXICON_BUILTIN_LEXICONS_H_
#define REFRAME_LEXICON_BUILTIN_LEXICONS_H_

#include <cstddef>

namespace reframe::internal {

struct BuiltinLexiconFile {
  const char* name;  // path below lexicons/, e.g. "en/criticism.toml"
  const char* text;
  size_t size;
};

extern const BuiltinLexiconFile kBuiltinLexiconFiles[];
extern const size_t kBuiltinLexiconFileCount;

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_BUILTIN_LEXICONS_H_
