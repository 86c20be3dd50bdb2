// DESIGN.md §5 JSON. nlohmann::json does the escaping; we only choose fields.
#include <nlohmann/json.hpp>

#include "reframe/format.h"

namespace reframe {
namespace {

using json = nlohmann::ordered_json;

// Lines in the output count from the start of the source, not the message.
size_t SourceLine(const MessageContext& ctx, size_t message_line) { return ctx.line + message_line - 1; }

json Optional(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::string FormatJsonTree(const Report& report, const MessageContext& ctx, std::string_view text);

void RunSummary::Add(const Report& report) {
  ++messages;
  findings += report.findings.size();
  strengths += report.strengths.size();
  for (const Finding& f : report.findings) {
    for (size_t i = 0; i < kCategories.size(); ++i) {
      if (f.category == kCategories[i]) ++by_category[i];
    }
  }
}

// Most messages raise nothing: write those without building a JSON tree
// (the same bytes the general path produces; a test holds them equal).
std::string FormatEmptyJson(const MessageContext& ctx, std::string_view text) {
  auto str = [](const std::optional<std::string>& v) {
    return v ? json(*v).dump(-1, ' ', false, json::error_handler_t::replace) : std::string("null");
  };
  std::string out = "{\"line\":" + std::to_string(ctx.line) + ",\"source\":" + str(ctx.source) +
                    ",\"author\":" + str(ctx.author) + ",\"time\":" + str(ctx.time);
  if (ctx.kind) out += ",\"kind\":" + str(ctx.kind);
  if (ctx.include_text) out += ",\"text\":" + str(std::string(text));
  out += ",\"findings\":[],\"strengths\":[],\"score\":{";
  for (size_t i = 0; i < kCategories.size(); ++i) {
    out += (i ? ",\"" : "\"") + std::string(kCategories[i]) + "\":0";
  }
  out += "}}";
  return out;
}

std::string FormatJson(const Report& report, const MessageContext& ctx, std::string_view text) {
  if (report.findings.empty() && report.strengths.empty() && report.warnings.empty() && !ctx.error) {
    return FormatEmptyJson(ctx, text);
  }
  return FormatJsonTree(report, ctx, text);
}

std::string FormatJsonTree(const Report& report, const MessageContext& ctx, std::string_view text) {
  json findings = json::array();
  for (const Finding& f : report.findings) {
    findings.push_back({{"rule", f.rule},
                        {"category", f.category},
                        {"severity", std::string(SeverityName(f.severity))},
                        {"start", f.start},
                        {"end", f.end},
                        {"line", SourceLine(ctx, f.line)},
                        {"column", f.column},
                        {"text", f.text},
                        {"message", f.message},
                        {"why", f.why},
                        {"reframes", f.reframes},
                        {"source", f.source}});
  }
  json strengths = json::array();
  for (const Strength& s : report.strengths) {
    strengths.push_back({{"rule", s.rule},
                         {"kind", s.kind},
                         {"start", s.start},
                         {"end", s.end},
                         {"line", SourceLine(ctx, s.line)},
                         {"column", s.column},
                         {"text", s.text},
                         {"message", s.message}});
  }
  json score = json::object();
  for (std::string_view c : kCategories) score[std::string(c)] = report.Count(c);
  json message = {{"line", ctx.line}, {"source", ctx.source}, {"author", Optional(ctx.author)}, {"time", Optional(ctx.time)}};
  if (ctx.kind) message["kind"] = *ctx.kind;
  if (ctx.include_text) message["text"] = std::string(text);
  message["findings"] = findings;
  message["strengths"] = strengths;
  message["score"] = score;
  if (!report.warnings.empty()) message["warnings"] = report.warnings;
  if (ctx.error) message["error"] = *ctx.error;
  // Invalid UTF-8 never reaches here raw (the report holds U+FFFD), but be
  // safe: replace rather than throw.
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string FormatSummaryJson(const RunSummary& summary) {
  json by_category = json::object();
  for (size_t i = 0; i < kCategories.size(); ++i) by_category[std::string(kCategories[i])] = summary.by_category[i];
  json j = {{"messages", summary.messages},
            {"findings", summary.findings},
            {"strengths", summary.strengths},
            {"errors", summary.errors},
            {"by_category", by_category}};
  return j.dump();
}

}  // namespace reframe
