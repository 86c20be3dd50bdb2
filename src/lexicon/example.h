// Rule examples ("flag" and "pass" in a lexicon) and their [[ ]] span marker.
#ifndef REFRAME_LEXICON_EXAMPLE_H_
#define REFRAME_LEXICON_EXAMPLE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace reframe::internal {

// Splits an example "I am [[too busy]]." into its text and the marked byte
// span. Returns false if there is no marker (then begin == end == 0).
// An example may start with the message it answers, quoted on a line of its
// own: "> You never listen.\n[[ok]]" (`reply_to`, when asked for).
bool ParseExample(std::string_view example, std::string* text, size_t* begin, size_t* end,
                  std::optional<std::string>* reply_to = nullptr);

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_EXAMPLE_H_
