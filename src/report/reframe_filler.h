// Fills a reframe template's {slots} with the writer's own words.
#ifndef REFRAME_REPORT_REFRAME_FILLER_H_
#define REFRAME_REPORT_REFRAME_FILLER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reframe::internal {

// slot name -> the input text it matched; earlier entries win.
using SlotValues = std::vector<std::pair<std::string, std::string_view>>;

// Replaces "{name}" and "{name|fallback}" in `tmpl`. A filled value is
// trimmed of surrounding spaces and punctuation, lower-cased when shouted or
// when its capital only marked a sentence start, and the result starts with
// a capital. Returns false when a slot has neither a value nor a fallback.
bool FillReframe(std::string_view tmpl, const SlotValues& slots, std::string* out);

}  // namespace reframe::internal

#endif  // REFRAME_REPORT_REFRAME_FILLER_H_
