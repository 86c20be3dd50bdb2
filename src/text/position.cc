#include "text/position.h"

#include <algorithm>

#include "text/encoding.h"

namespace reframe::internal {

size_t LineAt(std::string_view text, size_t pos) {
  const std::string_view before = text.substr(0, std::min(pos, text.size()));
  return 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
}

TextPosition PositionCursor::Advance(size_t pos) {
  while (pos_ < pos && pos_ < text_.size()) {
    if (text_[pos_] == '\n') {
      ++at_.line;
      at_.column = 1;
      ++pos_;
    } else {
      NextCodePoint(text_, pos_);
      ++at_.column;
    }
  }
  return at_;
}

}  // namespace reframe::internal
