// reframe/writer.h — the output of a run of message checks, in one format.
//
//   reframe::ReportWriter writer(std::cout, reframe::OutputFormat::kJson);   // writes the opening
//   for (const std::string& draft : drafts)
//     writer.Write(analyzer->Analyze(draft), context, draft);
//   writer.Finish();                       // the closing: summary and end of the JSON document
//   bool any = writer.summary().FindingsAtLeast(reframe::Severity::kWarning) > 0;
//
// kText writes the human-readable blocks of FormatText and closes with a
// summary line; kJsonl one message object per line (docs/json-format.md);
// kJson one document, {"format_version":1,"messages":[...],"summary":{...}}.
// Messages may be formatted on several threads (Format) and written in order
// (Write); reframe/run.h does that.
#ifndef REFRAME_WRITER_H_
#define REFRAME_WRITER_H_

#include <iosfwd>
#include <string>
#include <string_view>

#include "reframe/export.h"
#include "reframe/format.h"
#include "reframe/report.h"

namespace reframe {

enum class OutputFormat { kText, kJson, kJsonl };

// "text", "json", "jsonl".
REFRAME_EXPORT std::string_view OutputFormatName(OutputFormat format);
// Parses a name of OutputFormatName; false if unknown.
REFRAME_EXPORT bool ParseOutputFormat(std::string_view name, OutputFormat* out);

class REFRAME_EXPORT ReportWriter {
 public:
  // Consecutive messages formatted apart from the stream.
  struct Chunk {
    std::string text;    // the formatted messages
    RunSummary summary;  // their counts
  };

  // Writes to `out`, which must outlive the writer; nothing (not even the
  // JSON opening) before the first Write or Finish.
  ReportWriter(std::ostream& out, OutputFormat format, const TextStyle& style = {});
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;

  // Appends one message to `chunk` and counts it (a message with
  // context.error counts as an error). Const: threads may format chunks at once.
  void Format(const Report& report, const MessageContext& context, std::string_view text, Chunk& chunk) const;
  // Writes a chunk. Chunks must be written in the order of their messages.
  void Write(const Chunk& chunk);
  // Formats and writes one message.
  void Write(const Report& report, const MessageContext& context, std::string_view text);
  // Writes the closing (kText: the summary line; kJson: the summary and the
  // end of the document) and flushes. Call once, after the last Write.
  void Finish();

  // Counts of everything written so far.
  [[nodiscard]] const RunSummary& summary() const { return summary_; }
  [[nodiscard]] OutputFormat format() const { return format_; }

 private:
  std::ostream& out_;
  OutputFormat format_;
  TextStyle style_;
  RunSummary summary_;
  bool opened_ = false;
  void Open();
};

}  // namespace reframe

#endif  // REFRAME_WRITER_H_
