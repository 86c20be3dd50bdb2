// Marker lines in drafts (docs/configuration.md): a line "reframe: ignore"
// skips the next line that has text; "reframe: off" skips every line up to
// "reframe: on" (or the end). A marker may sit in a comment ("# reframe:
// ignore", "// ...", "<!-- ... -->") and is itself never analysed.
#ifndef REFRAME_PIPELINE_MARKERS_H_
#define REFRAME_PIPELINE_MARKERS_H_

#include <string>
#include <string_view>

namespace reframe::internal {

// Where a run of lines stands: carried from line to line (and batch to batch).
struct MarkerState {
  bool skip_next = false;  // a "reframe: ignore" waits for a line with text
  bool off = false;        // between "reframe: off" and "reframe: on"
  // Whether a marker is still at work (the next lines need reading one by one).
  [[nodiscard]] bool active() const { return skip_next || off; }
};

// Whether `text` may hold a marker at all (a quick test before reading
// lines one by one).
bool MayHaveMarkers(std::string_view text);

// Whether `line` (without its line break) is skipped: a marker, or a line a
// marker skips. Updates `state`.
bool SkipLine(std::string_view line, MarkerState& state);

// `text` with every skipped line (markers included) blanked: its bytes but
// line breaks made spaces, so offsets into it are offsets into `text`.
// Returns false, leaving `out` alone, when no line is skipped.
bool BlankSkippedLines(std::string_view text, std::string& out);

}  // namespace reframe::internal

#endif  // REFRAME_PIPELINE_MARKERS_H_
