#include "engine/compiled_lexicon.h"

#include "engine/pattern_compiler.h"

namespace reframe::internal {

RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(true);  // patterns and text are both case-folded (ExpandPattern)
  o.set_longest_match(true);
  o.set_max_mem(64 << 20);
  return o;
}

Alternative::Compiled::Compiled(const std::string& regex) : re(regex, PatternOptions()) {
  capture_slots.assign(re.NumberOfCapturingGroups() + 1, "");
  for (const auto& [index, name] : re.CapturingGroupNames()) {
    capture_slots[index] = SlotOfGroupName(name);
    has_captures = true;
  }
}

Alternative::Alternative(std::string regex)
    : regex_(std::move(regex)), literal_(regex_.find_first_of("\\()[]{}|.*+?^$") == std::string::npos) {}

}  // namespace reframe::internal
