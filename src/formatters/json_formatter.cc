// DESIGN.md §5 JSON. nlohmann::json does the escaping; we only choose fields.
#include "formatters/json_formatter.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "reframe/format.h"

namespace reframe {
namespace {

using json = nlohmann::ordered_json;

// Lines in the output count from the start of the source, not the message.
size_t SourceLine(const MessageContext& ctx, size_t message_line) { return ctx.line + message_line - 1; }

json Optional(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

// The JSON is written directly, field by field, with nlohmann::json doing
// every string's escaping: building a json tree per message cost more than
// analysing it. FormatJsonTree (below) is the reference the tests compare with.
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  void Key(std::string_view key) {
    out_ += first_ ? "\"" : ",\"";
    out_ += key;
    out_ += "\":";
    first_ = false;
  }
  void String(std::string_view v) {
    // Most texts are plain ASCII with nothing to escape: copy them as they are.
    const bool plain = std::all_of(v.begin(), v.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
    });
    if (plain) {
      out_ += '"';
      out_ += v;
      out_ += '"';
      return;
    }
    out_ += json(std::string(v)).dump(-1, ' ', false, json::error_handler_t::replace);
  }
  // Rule texts (message, why, source) repeat across findings: escape each once per thread.
  void Constant(const std::string& v) {
    thread_local std::unordered_map<std::string, std::string> cache;
    auto it = cache.find(v);
    if (it == cache.end()) {
      if (cache.size() > 4096) cache.clear();
      it = cache.emplace(v, json(v).dump(-1, ' ', false, json::error_handler_t::replace)).first;
    }
    out_ += it->second;
  }
  void Optional(const std::optional<std::string>& v) {
    if (v)
      String(*v);
    else
      out_ += "null";
  }
  void Number(size_t v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
  }
  void StringArray(const std::vector<std::string>& values) {
    out_ += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) out_ += ',';
      String(values[i]);
    }
    out_ += ']';
  }
  void Open() {
    out_ += '{';
    first_ = true;
  }
  void Close() {
    out_ += '}';
    first_ = false;
  }
  void OpenArray() { out_ += '['; }
  void CloseArray() {
    out_ += ']';
    first_ = false;
  }
  void Comma() { out_ += ','; }

 private:
  std::string& out_;
  bool first_ = true;
};

std::string FormatJson(const Report& report, const MessageContext& ctx, std::string_view text) {
  std::string out;
  out.reserve(256 + report.findings.size() * 512);
  AppendJson(out, report, ctx, text);
  return out;
}

namespace {

// One finding object: a problem with its category, severity, why, reframes
// and source; a strength with its kind (docs/json-format.md).
void WriteFinding(JsonWriter& w, const Finding& f, const MessageContext& ctx) {
  const bool strength = f.is_strength();
  w.Open();
  w.Key("rule");
  w.Constant(f.rule);
  if (strength) {
    w.Key("kind");
    w.String(f.kind);
  } else {
    w.Key("category");
    w.Constant(f.category);
    w.Key("severity");
    w.String(SeverityName(f.severity));
  }
  w.Key("start");
  w.Number(f.start);
  w.Key("end");
  w.Number(f.end);
  w.Key("line");
  w.Number(SourceLine(ctx, f.line));
  w.Key("column");
  w.Number(f.column);
  w.Key("text");
  w.String(f.text);
  w.Key("message");
  w.Constant(f.message);
  if (!strength) {
    w.Key("why");
    w.Constant(f.why);
    w.Key("reframes");
    w.StringArray(f.reframes);
    w.Key("suggestions");
    w.OpenArray();
    for (size_t i = 0; i < f.suggestions.size(); ++i) {
      const Suggestion& s = f.suggestions[i];
      if (i) w.Comma();
      w.Open();
      w.Key("text");
      w.String(s.text);
      w.Key("kind");
      w.String(s.kind);
      w.Key("replaces");
      w.Open();
      w.Key("start");
      w.Number(s.start);
      w.Key("end");
      w.Number(s.end);
      w.Close();
      w.Close();
    }
    w.CloseArray();
    w.Key("source");
    w.Constant(f.source);
  }
  w.Close();
}

void WriteFindings(JsonWriter& w, std::string& out, const std::vector<Finding>& findings, const MessageContext& ctx) {
  out += '[';
  for (size_t i = 0; i < findings.size(); ++i) {
    if (i) out += ',';
    WriteFinding(w, findings[i], ctx);
  }
  out += ']';
}

// The same object as a json tree (FormatJsonTree).
json FindingTree(const Finding& f, const MessageContext& ctx) {
  json j = {{"rule", f.rule}};
  if (f.is_strength()) {
    j["kind"] = f.kind;
  } else {
    j["category"] = f.category;
    j["severity"] = std::string(SeverityName(f.severity));
  }
  j["start"] = f.start;
  j["end"] = f.end;
  j["line"] = SourceLine(ctx, f.line);
  j["column"] = f.column;
  j["text"] = f.text;
  j["message"] = f.message;
  if (!f.is_strength()) {
    j["why"] = f.why;
    j["reframes"] = f.reframes;
    json suggestions = json::array();
    for (const Suggestion& s : f.suggestions) {
      suggestions.push_back({{"text", s.text}, {"kind", s.kind}, {"replaces", {{"start", s.start}, {"end", s.end}}}});
    }
    j["suggestions"] = suggestions;
    j["source"] = f.source;
  }
  return j;
}

}  // namespace

void AppendJson(std::string& out, const Report& report, const MessageContext& ctx, std::string_view text) {
  JsonWriter w(out);
  w.Open();
  w.Key("line");
  w.Number(ctx.line);
  w.Key("source");
  w.String(ctx.source);
  w.Key("author");
  w.Optional(ctx.author);
  w.Key("time");
  w.Optional(ctx.time);
  if (ctx.kind) {
    w.Key("kind");
    w.String(*ctx.kind);
  }
  if (ctx.include_text) {
    w.Key("text");
    w.String(text);
  }
  if (ctx.language) {
    w.Key("language");
    w.String(*ctx.language);
  }
  w.Key("findings");
  WriteFindings(w, out, report.findings, ctx);
  w.Key("strengths");
  WriteFindings(w, out, report.strengths, ctx);
  w.Key("score");
  w.Open();
  for (std::string_view c : kCategories) {
    w.Key(c);
    w.Number(report.Count(c));
  }
  w.Close();
  if (!report.warnings.empty()) {
    w.Key("warnings");
    w.StringArray(report.warnings);
  }
  if (ctx.error) {
    w.Key("error");
    w.String(*ctx.error);
  }
  if (ctx.ignored) {
    w.Key("ignored");
    out += "true";
  }
  w.Close();
}

std::string internal::FormatJsonTree(const Report& report, const MessageContext& ctx, std::string_view text) {
  json findings = json::array();
  for (const Finding& f : report.findings) findings.push_back(FindingTree(f, ctx));
  json strengths = json::array();
  for (const Finding& s : report.strengths) strengths.push_back(FindingTree(s, ctx));
  json score = json::object();
  for (std::string_view c : kCategories) score[std::string(c)] = report.Count(c);
  json message = {
      {"line", ctx.line}, {"source", ctx.source}, {"author", Optional(ctx.author)}, {"time", Optional(ctx.time)}};
  if (ctx.kind) message["kind"] = *ctx.kind;
  if (ctx.include_text) message["text"] = std::string(text);
  if (ctx.language) message["language"] = *ctx.language;
  message["findings"] = findings;
  message["strengths"] = strengths;
  message["score"] = score;
  if (!report.warnings.empty()) message["warnings"] = report.warnings;
  if (ctx.error) message["error"] = *ctx.error;
  if (ctx.ignored) message["ignored"] = true;
  // Invalid UTF-8 never reaches here raw (the report holds U+FFFD), but be
  // safe: replace rather than throw.
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string JsonQuote(std::string_view text) {
  std::string out;
  JsonWriter(out).String(text);
  return out;
}

std::string FormatSummaryJson(const RunSummary& summary) {
  json by_category = json::object();
  for (size_t i = 0; i < kCategories.size(); ++i) by_category[std::string(kCategories[i])] = summary.by_category[i];
  json j = {{"messages", summary.messages},
            {"findings", summary.findings},
            {"strengths", summary.strengths},
            {"errors", summary.errors},
            {"by_category", by_category}};
  const std::vector<Language> languages = summary.Languages();
  j["language"] = languages.empty() ? json() : json(languages.front().code);
  json shares = json::array();
  for (const Language& l : languages) shares.push_back({{"code", l.code}, {"name", l.name}, {"percent", l.percent}});
  j["languages"] = shares;
  return j.dump();
}

}  // namespace reframe
