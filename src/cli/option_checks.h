// Checks and suggestions for command-line values, shared by the subcommands.
#ifndef REFRAME_CLI_OPTION_CHECKS_H_
#define REFRAME_CLI_OPTION_CHECKS_H_

#include <string>
#include <vector>

#include "reframe/status.h"

namespace CLI {
class App;
}

namespace reframe::cli {

// A --since/--until value as the ISO prefix the chat run compares ("2025",
// "2025-09", "2025-09-12"). Accepts those (single-digit months and days
// too) and day/month/year dates written with / . or - when the order is
// clear (25/09/2025, 9/25/2025, 5/5/2025). An ambiguous one (12/09/2025),
// an impossible one (2025-13, 2025-02-30) or a word ("last-week") is an
// error naming `flag` and saying what to write.
Result<std::string> DateBound(const std::string& value, const std::string& flag);

// The closest of `candidates` to `word` when it is a plausible misspelling
// (edit distance at most 2, and less than half the word), else "".
std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates);

// After CLI11 rejected `argv`: "did you mean 'check'?" for a misspelled
// subcommand or option, or "" when nothing is close.
std::string SuggestForArgs(const CLI::App& app, int argc, const char* const* argv);

}  // namespace reframe::cli

#endif  // REFRAME_CLI_OPTION_CHECKS_H_
