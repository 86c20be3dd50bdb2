// Locates a rule element in a text: where its regex matches, on word
// boundaries, with the slots its named groups capture.
#ifndef REFRAME_ENGINE_MATCHER_H_
#define REFRAME_ENGINE_MATCHER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/compiled_lexicon.h"
#include "text/text.h"

namespace reframe::internal {

struct Capture {
  std::string slot;
  Span span;  // in the folded text
};

struct Occurrence {
  Span span;  // in the folded text
  std::vector<Capture> captures;
};

// Per-thread buffers for Locate, reused across calls.
struct LocateScratch {
  std::vector<int> candidates;   // the entry's possible alternatives
  std::vector<Span> next_match;  // each candidate's next match
};

// Replaces `out` with every occurrence of entry `entry` in `text.folded`, in
// text order and not overlapping: at each position the leftmost-longest
// match of the entry's alternatives, shortened when it ends inside a word,
// skipped when it does not start and end on word boundaries ("busy" in
// "busybody"). Only alternatives with `possible[a]` set (the prefilter's
// candidates) are run. `text` must have its words segmented. Thread-safe.
void Locate(const CompiledLexicon& lexicon, int entry, const PreparedText& text, const std::vector<uint8_t>& possible,
            LocateScratch& scratch, std::vector<Occurrence>& out);

}  // namespace reframe::internal

#endif  // REFRAME_ENGINE_MATCHER_H_
