// Human output in the compiler-diagnostic style people already read:
// file:line:col, the line itself, the span underlined, then why and what to try.
#include <string>

#include "reframe/format.h"
#include "text/text.h"

namespace reframe {
namespace {

struct Palette {
  const char* bold = "";
  const char* dim = "";
  const char* red = "";
  const char* yellow = "";
  const char* cyan = "";
  const char* green = "";
  const char* reset = "";
};

Palette MakePalette(bool color) {
  if (!color) return {};
  return {"\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[36m", "\x1b[32m", "\x1b[0m"};
}

// The line of `text` that holds byte `pos`: [begin, end) without the newline.
void LineAround(std::string_view text, size_t pos, size_t& begin, size_t& end) {
  size_t nl = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
  begin = nl == std::string_view::npos ? 0 : nl + 1;
  end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  if (end > begin && text[end - 1] == '\r') --end;
}

// Display width of text[begin, end), tabs shown as one space.
size_t Width(std::string_view text, size_t begin, size_t end) {
  size_t width = 0;
  for (size_t i = begin; i < end && i < text.size();) {
    int32_t cp = internal::NextCodePoint(text, i);
    width += cp == '\t' ? 1 : static_cast<size_t>(internal::DisplayWidth(cp));
  }
  return width;
}

std::string Printable(std::string_view line) {
  std::string out;
  for (char c : line) out.push_back(c == '\t' ? ' ' : c);
  return out;
}

std::string Location(const MessageContext& ctx, size_t line, size_t column) {
  return ctx.source + ":" + std::to_string(ctx.line + line - 1) + ":" + std::to_string(column);
}

}  // namespace

std::string FormatText(const Report& report, const MessageContext& ctx, std::string_view text, const TextStyle& style) {
  const Palette p = MakePalette(style.color);
  std::string out;
  if (ctx.error) {
    out += std::string(p.bold) + ctx.source + ":" + std::to_string(ctx.line) + ": " + p.reset + p.red +
           "error: " + p.reset + *ctx.error + "\n";
  }
  for (const std::string& w : report.warnings) {
    out += std::string(p.bold) + ctx.source + ":" + std::to_string(ctx.line) + ": " + p.reset + p.yellow +
           "warning: " + p.reset + w + "\n";
  }
  for (const Finding& f : report.findings) {
    const char* sev = f.severity == Severity::kError ? p.red : (f.severity == Severity::kWarning ? p.yellow : p.cyan);
    out += std::string(p.bold) + Location(ctx, f.line, f.column) + ":" + p.reset + " " + sev +
           std::string(SeverityName(f.severity)) + p.reset + " " + p.cyan + "[" + f.category + "]" + p.reset + " " +
           p.bold + f.message + p.reset + "\n";
    size_t line_begin, line_end;
    LineAround(text, f.start, line_begin, line_end);
    const size_t span_end = f.end < line_end ? f.end : line_end;
    out += "  " + Printable(text.substr(line_begin, line_end - line_begin)) + "\n";
    size_t carets = Width(text, f.start, span_end);
    out += "  " + std::string(Width(text, line_begin, f.start), ' ') + p.green +
           std::string(carets == 0 ? 1 : carets, '^') + p.reset + "\n";
    if (!f.why.empty()) out += std::string("  ") + p.bold + "why:" + p.reset + " " + f.why + "\n";
    // Suggestions with their kind; a finding without them (a caller's own
    // Report) shows its plain reframes.
    for (size_t i = 0; i < f.suggestions.size(); ++i) {
      out += std::string("  ") + p.bold + (i == 0 ? "try:" : " or:") + p.reset + " " + p.dim + "[" +
             f.suggestions[i].kind + "]" + p.reset + " " + p.green + "\"" + f.suggestions[i].text + "\"" + p.reset +
             "\n";
    }
    for (size_t i = 0; f.suggestions.empty() && i < f.reframes.size(); ++i) {
      out += std::string("  ") + p.bold + (i == 0 ? "try:" : " or:") + p.reset + " " + p.green + "\"" + f.reframes[i] +
             "\"" + p.reset + "\n";
    }
    out += std::string("  ") + p.dim + "more: reframe explain " + f.rule +
           (f.source.empty() ? "" : " (after " + f.source + ")") + p.reset + "\n";
  }
  if (style.show_strengths) {
    for (const Finding& s : report.strengths) {
      out += std::string(p.bold) + Location(ctx, s.line, s.column) + ":" + p.reset + " " + p.green + "note" + p.reset +
             " " + p.cyan + "[strength: " + s.kind + "]" + p.reset + " " + s.message + ": \"" + s.text + "\"\n";
    }
  }
  return out;
}

std::string FormatSummaryText(const RunSummary& s) {
  auto plural = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string out = plural(s.messages, "message", "messages") + ", " + plural(s.findings, "finding", "findings");
  std::string parts;
  for (size_t i = 0; i < kCategories.size(); ++i) {
    if (s.by_category[i] == 0) continue;
    if (!parts.empty()) parts += ", ";
    parts += std::to_string(s.by_category[i]) + " " + std::string(kCategories[i]);
  }
  if (!parts.empty()) out += " (" + parts + ")";
  if (s.strengths) out += ", " + plural(s.strengths, "strength", "strengths");
  if (s.errors) out += ", " + plural(s.errors, "unreadable", "unreadable");
  return out;
}

}  // namespace reframe
