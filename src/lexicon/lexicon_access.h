// The library's own access to a Lexicon's data, which the public class keeps
// private (include/reframe/lexicon.h).
#ifndef REFRAME_LEXICON_LEXICON_ACCESS_H_
#define REFRAME_LEXICON_LEXICON_ACCESS_H_

#include <memory>
#include <utility>

#include "lexicon/lexicon_data.h"
#include "reframe/lexicon.h"

namespace reframe::internal {

struct LexiconAccess {
  static const LexiconData& Data(const Lexicon& lexicon) { return *lexicon.data_; }
  static Lexicon Make(std::shared_ptr<const LexiconData> data) { return Lexicon(std::move(data)); }
};

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_LEXICON_ACCESS_H_
