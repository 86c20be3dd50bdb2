// ReportWriter (reframe/writer.h) and the run summary's counts.
#include <algorithm>
#include <ostream>

#include "reframe/writer.h"

namespace reframe {

void RunSummary::Add(const Report& report) {
  ++messages;
  findings += report.findings.size();
  strengths += report.strengths.size();
  for (const Finding& f : report.findings) {
    for (size_t i = 0; i < kCategories.size(); ++i) {
      if (f.category == kCategories[i]) ++by_category[i];
    }
    const auto severity = static_cast<size_t>(f.severity);
    if (severity < by_severity.size()) ++by_severity[severity];
  }
}

void RunSummary::Merge(const RunSummary& other) {
  messages += other.messages;
  findings += other.findings;
  strengths += other.strengths;
  errors += other.errors;
  for (size_t i = 0; i < by_category.size(); ++i) by_category[i] += other.by_category[i];
  for (size_t i = 0; i < by_severity.size(); ++i) by_severity[i] += other.by_severity[i];
  for (const auto& [code, letters] : other.language_letters) language_letters[code] += letters;
}

std::vector<Language> RunSummary::Languages() const {
  size_t total = 0;
  for (const auto& [code, letters] : language_letters) total += letters;
  std::vector<Language> out;
  if (total == 0) return out;
  for (const auto& [code, letters] : language_letters) {
    Language l;
    l.code = code;
    l.name = LanguageName(code);
    l.percent = static_cast<int>((100 * letters + total / 2) / total);
    out.push_back(std::move(l));
  }
  std::stable_sort(out.begin(), out.end(), [](const Language& a, const Language& b) { return a.percent > b.percent; });
  for (Language& l : out) l.reliable = out.front().percent >= 50;
  if (out.size() > 3) out.resize(3);
  return out;
}

size_t RunSummary::FindingsAtLeast(Severity severity) const {
  size_t n = 0;
  for (size_t i = static_cast<size_t>(severity); i < by_severity.size(); ++i) n += by_severity[i];
  return n;
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText:
      return "text";
    case OutputFormat::kJson:
      return "json";
    case OutputFormat::kJsonl:
      return "jsonl";
  }
  return "text";
}

bool ParseOutputFormat(std::string_view name, OutputFormat* out) {
  for (OutputFormat f : {OutputFormat::kText, OutputFormat::kJson, OutputFormat::kJsonl}) {
    if (OutputFormatName(f) == name) {
      *out = f;
      return true;
    }
  }
  return false;
}

ReportWriter::ReportWriter(std::ostream& out, OutputFormat format, const TextStyle& style)
    : out_(out), format_(format), style_(style) {}

void ReportWriter::Open() {
  // Written with the first message or at the end: a run that fails before
  // either leaves nothing on the output.
  if (opened_) return;
  opened_ = true;
  if (format_ == OutputFormat::kJson) out_ << "{\"format_version\":" << kJsonFormatVersion << ",\"messages\":[";
}

void ReportWriter::Format(const Report& report, const MessageContext& context, std::string_view text,
                          Chunk& chunk) const {
  chunk.summary.Add(report);
  if (context.error) ++chunk.summary.errors;
  if (context.language) chunk.summary.language_letters[*context.language] += CountLetters(text);
  switch (format_) {
    case OutputFormat::kJsonl:
      AppendJson(chunk.text, report, context, text);
      chunk.text += '\n';
      break;
    case OutputFormat::kJson:
      if (chunk.summary.messages > 1) chunk.text += ',';
      AppendJson(chunk.text, report, context, text);
      break;
    case OutputFormat::kText:
      chunk.text += FormatText(report, context, text, style_);
      break;
  }
}

void ReportWriter::Write(const Chunk& chunk) {
  Open();
  // JSON: a comma between this chunk's messages and those before it.
  if (format_ == OutputFormat::kJson && chunk.summary.messages > 0 && summary_.messages > 0) out_ << ',';
  out_ << chunk.text;
  summary_.Merge(chunk.summary);
}

void ReportWriter::Write(const Report& report, const MessageContext& context, std::string_view text) {
  Chunk chunk;
  Format(report, context, text, chunk);
  Write(chunk);
}

void ReportWriter::Finish() {
  Open();
  if (format_ == OutputFormat::kJson) {
    out_ << "],\"summary\":" << FormatSummaryJson(summary_) << "}\n";
  } else if (format_ == OutputFormat::kText) {
    out_ << FormatSummaryText(summary_) << "\n";
    const std::vector<Language> languages = summary_.Languages();
    const std::string note = languages.empty() || !languages.front().reliable ? std::string()
                             : summary_.messages == 1                         ? LanguageNote(languages, "This draft")
                                                      : LanguageNote(languages, "These drafts", true);
    if (!note.empty()) out_ << note << "\n";
  }
  out_.flush();
}

}  // namespace reframe
