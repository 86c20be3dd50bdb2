// Where a byte offset is, as people count: line and column, both from 1.
// Columns count code points, so "é" and "😀" are one column each.
#ifndef REFRAME_TEXT_POSITION_H_
#define REFRAME_TEXT_POSITION_H_

#include <cstddef>
#include <string_view>

namespace reframe::internal {

struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};

// The line of byte `pos` of `text` (1 + the line ends before it).
size_t LineAt(std::string_view text, size_t pos);

// Walks `text` forward to positions given in increasing order, so many
// positions cost one pass. `text` must outlive the cursor.
class PositionCursor {
 public:
  explicit PositionCursor(std::string_view text) : text_(text) {}
  // Line and column of byte `pos` (at least the last position asked).
  TextPosition Advance(size_t pos);

 private:
  std::string_view text_;
  size_t pos_ = 0;
  TextPosition at_;
};

// Line and column of byte `pos` of `text`.
inline TextPosition PositionAt(std::string_view text, size_t pos) { return PositionCursor(text).Advance(pos); }

}  // namespace reframe::internal

#endif  // REFRAME_TEXT_POSITION_H_
