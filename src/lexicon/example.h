// Rule examples ("flag" and "pass" in a lexicon) and their [[ ]] span marker.
#ifndef REFRAME_LEXICON_EXAMPLE_H_
#define REFRAME_LEXICON_EXAMPLE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace reframe::internal {

// Splits an example "I am [[too busy]]." into its text and the marked byte
// span. Returns false if there is no marker (then begin == end == 0).
bool ParseExample(std::string_view example, std::string* text, size_t* begin, size_t* end);

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_EXAMPLE_H_
