// Marker lines in drafts (pipeline/markers.h).
#include "pipeline/markers.h"

#include <cstring>

namespace reframe::internal {
namespace {

enum class Marker { kNone, kIgnore, kOff, kOn };

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Consumes `word` (lowercase) at the front of `s`, without case.
bool Consume(std::string_view& s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(s[i]) != word[i]) return false;
  }
  s.remove_prefix(word.size());
  return true;
}

void TrimBlanks(std::string_view& s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
}

// "reframe: ignore", "# reframe: off", "<!-- reframe: on -->", ...
Marker ParseMarker(std::string_view line) {
  TrimBlanks(line);
  if (line.size() < 10 || line.size() > 64) return Marker::kNone;
  for (std::string_view open : {"<!--", "//", "/*", "--", "#", ";", "%"}) {
    if (line.substr(0, open.size()) == open) {
      line.remove_prefix(open.size());
      break;
    }
  }
  for (std::string_view close : {"-->", "*/"}) {
    if (line.size() >= close.size() && line.substr(line.size() - close.size()) == close) {
      line.remove_suffix(close.size());
      break;
    }
  }
  TrimBlanks(line);
  if (!Consume(line, "reframe")) return Marker::kNone;
  TrimBlanks(line);
  if (!Consume(line, ":")) return Marker::kNone;
  TrimBlanks(line);
  std::string_view word = line;
  if (Consume(word, "ignore") && word.empty()) return Marker::kIgnore;
  word = line;
  if (Consume(word, "off") && word.empty()) return Marker::kOff;
  word = line;
  if (Consume(word, "on") && word.empty()) return Marker::kOn;
  return Marker::kNone;
}

}  // namespace

bool MayHaveMarkers(std::string_view text) {
  // "reframe" in any case has "eframe" or "EFRAME" unless oddly mixed; the
  // rest is checked line by line.
  for (const char* needle : {"eframe", "EFRAME", "eFrame", "EFrame"}) {
    if (memmem(text.data(), text.size(), needle, std::strlen(needle))) return true;
  }
  return false;
}

bool SkipLine(std::string_view line, MarkerState& state) {
  switch (ParseMarker(line)) {
    case Marker::kIgnore:
      state.skip_next = true;
      return true;
    case Marker::kOff:
      state.off = true;
      return true;
    case Marker::kOn:
      state.off = false;
      return true;
    case Marker::kNone:
      break;
  }
  if (state.off) return true;
  if (!state.skip_next) return false;
  std::string_view rest = line;
  TrimBlanks(rest);
  if (rest.empty()) return false;  // "ignore" waits for a line with text
  state.skip_next = false;
  return true;
}

bool BlankSkippedLines(std::string_view text, std::string& out) {
  if (!MayHaveMarkers(text)) return false;
  MarkerState state;
  bool any = false;
  std::string blanked;
  for (size_t p = 0; p <= text.size();) {
    const size_t nl = text.find('\n', p);
    const size_t e = nl == std::string_view::npos ? text.size() : nl;
    if (SkipLine(text.substr(p, e - p), state)) {
      if (!any) blanked.assign(text);
      any = true;
      std::memset(&blanked[p], ' ', e - p);
    }
    if (nl == std::string_view::npos) break;
    p = nl + 1;
  }
  if (any) out = std::move(blanked);
  return any;
}

}  // namespace reframe::internal
