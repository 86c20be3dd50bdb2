// Turns the engine's rule matches (engine/evaluator.h) into the public
// Report: findings and strengths with their spans trimmed, text, line and
// column, reframes filled with the writer's words, in text order, overlaps
// of one category merged.
#ifndef REFRAME_REPORT_REPORT_BUILDER_H_
#define REFRAME_REPORT_REPORT_BUILDER_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "engine/evaluator.h"
#include "reframe/report.h"

namespace reframe::internal {

// What becomes of a finding or strength (a profile's say): reported (its
// severity possibly changed), kept only as a cue for replies to read (kind =
// its category, or its strength kind), or dropped.
enum class FindingFate { kReport, kCue, kDrop };
using FindingFilter = std::function<FindingFate(Finding&)>;

// Adds a finding or strength for each of `matches` (in input bytes of
// `input`) to `report`, then sorts them by position. `filter`, when given,
// decides each one's fate before overlaps are merged (so a finding it turns
// off never hides another). With `merge_overlapping`, overlapping findings
// of one category (strengths of one kind) are reported once: the earliest,
// then the tightest.
void BuildReport(std::string_view input, const std::vector<RuleMatch>& matches, bool merge_overlapping, Report& report,
                 const FindingFilter* filter = nullptr);

// Adds the warning for invalid UTF-8 at the input byte offsets `invalid`
// (nothing when there are none).
void WarnInvalidUtf8(std::string_view input, const std::vector<uint32_t>& invalid, Report& report);

}  // namespace reframe::internal

#endif  // REFRAME_REPORT_REPORT_BUILDER_H_
