// CheckRun (reframe/run.h): drafts in batches on a pool of threads.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/markers.h"
#include "pipeline/ordered_pool.h"
#include "reframe/input.h"
#include "reframe/language.h"
#include "reframe/run.h"

namespace reframe {
namespace {

// What a batch of messages produced, in order.
struct BatchResult {
  ReportWriter::Chunk chunk;
  std::vector<std::string> problems;  // "file:line: what went wrong"
  bool errors = false;
};

}  // namespace

struct CheckRun::Impl {
  Impl(const Analyzer& a, ReportWriter& w, const RunOptions& o, std::function<void(const std::string&)> on_problem)
      : analyzer(a), writer(w), options(o), problem(std::move(on_problem)), pool(o.threads) {
    write = [this](BatchResult& batch) {
      for (const std::string& message : batch.problems) {
        if (problem) problem(message);
      }
      writer.Write(batch.chunk);
      errors = errors || batch.errors;
    };
  }

  // Analyses one message into `batch` (thread-safe: touches only `batch`).
  void Analyse(std::string_view text, MessageContext& context, BatchResult& batch) const {
    if (!context.error && text.size() > options.max_message_bytes) {
      context.error = "message longer than " + std::to_string(options.max_message_bytes >> 20) +
                      " MiB; not analysed (" + options.max_message_option + ")";
      batch.problems.push_back(context.source + ":" + std::to_string(context.line) + ": " + *context.error);
      batch.errors = true;
    }
    context.language.reset();
    if (!context.error) {
      Language language = DetectLanguage(text);
      if (!language.code.empty()) context.language = std::move(language.code);
    }
    AnalyzeOptions analyze;
    if (options.reply_to) analyze.reply_to = *options.reply_to;
    Report report;
    std::string blanked;
    if (context.error || context.ignored) {
      // Not analysed; still written, so a JSONL consumer gets every line.
    } else if (!options.lines && internal::BlankSkippedLines(text, blanked)) {
      // Lines a marker skips are read as blank (offsets stay the input's);
      // spans and their text are the input's.
      report = analyzer.Analyze(blanked, analyze);
      for (std::vector<Finding>* list : {&report.findings, &report.strengths}) {
        for (Finding& f : *list) f.text.assign(text.substr(f.start, f.end - f.start));
      }
    } else {
      report = analyzer.Analyze(text, analyze);
    }
    writer.Format(report, context, text, batch.chunk);
  }

  // A whole input as one message.
  void SubmitWhole(const std::string& name, std::shared_ptr<const std::string> text) {
    pool.Submit(
        [this, name, text] {
          BatchResult batch;
          MessageContext context;
          context.source = name;
          Analyse(*text, context, batch);
          return batch;
        },
        write);
  }

  // Every line of a batch as its own message, bad ones included, so a JSONL
  // consumer gets exactly one object per line, in order. `markers` is where
  // marker lines before the batch left off.
  void SubmitLines(LineBatch lines, internal::MarkerState markers) {
    pool.Submit(
        [this, lines = std::move(lines), markers]() mutable {
          BatchResult batch;
          batch.chunk.text.reserve(lines.data->size() * 3);
          const std::string_view data(*lines.data);
          MessageContext context;  // one for the batch: the source name is set once
          context.source = lines.name;
          const bool may_skip = markers.active() || internal::MayHaveMarkers(data);
          size_t n = lines.first_line;
          for (size_t p = 0; p < data.size(); ++n) {
            const size_t nl = data.find('\n', p);
            const size_t e = nl == std::string_view::npos ? data.size() : nl;
            std::string_view text = data.substr(p, e - p);
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            context.line = n;
            context.error.reset();
            context.ignored = may_skip && internal::SkipLine(text, markers);
            if (text.find('\0') != std::string_view::npos) {
              context.error = "binary data (NUL byte) in this line; not analysed";
              batch.problems.push_back(lines.name + ":" + std::to_string(n) +
                                       ": binary data (NUL byte); line not analysed");
              batch.errors = true;
            }
            Analyse(text, context, batch);
            p = nl == std::string_view::npos ? data.size() : nl + 1;
          }
          return batch;
        },
        write);
  }

  // Submits every batch of `reader`; the error that stopped it, if any.
  Status SubmitAll(LineBatchReader& reader) {
    LineBatch batch;
    internal::MarkerState markers;  // each input starts afresh
    for (;;) {
      Result<bool> more = reader.Next(batch);
      if (!more.ok()) return more.status();
      if (!*more) return Status();
      const internal::MarkerState before = markers;
      // Where the batch leaves the markers, for the next one: read here, in
      // order (only batches that have or inherit markers need reading).
      const std::string_view data(*batch.data);
      if (markers.active() || internal::MayHaveMarkers(data)) {
        for (size_t p = 0; p < data.size();) {
          const size_t nl = data.find('\n', p);
          const size_t e = nl == std::string_view::npos ? data.size() : nl;
          std::string_view line = data.substr(p, e - p);
          if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          (void)internal::SkipLine(line, markers);
          p = nl == std::string_view::npos ? data.size() : nl + 1;
        }
      }
      SubmitLines(std::move(batch), before);
    }
  }

  const Analyzer& analyzer;
  ReportWriter& writer;
  const RunOptions options;
  const std::function<void(const std::string&)> problem;
  std::function<void(BatchResult&)> write;
  bool errors = false;
  // Last: destroyed (its threads joined) before what its jobs use.
  internal::OrderedPool<BatchResult> pool;
};

CheckRun::CheckRun(const Analyzer& analyzer, ReportWriter& writer, const RunOptions& options,
                   std::function<void(const std::string&)> problem)
    : impl_(std::make_unique<Impl>(analyzer, writer, options, std::move(problem))) {}

CheckRun::~CheckRun() { Finish(); }

void CheckRun::AddText(const std::string& name, std::string text) {
  if (!impl_->options.lines) {
    impl_->SubmitWhole(name, std::make_shared<const std::string>(std::move(text)));
    return;
  }
  LineBatchReader reader = LineBatchReader::FromText(name, std::move(text));
  (void)impl_->SubmitAll(reader);  // a text in memory cannot fail to read
}

Status CheckRun::AddFile(const std::string& path) {
  Status status;
  if (impl_->options.lines) {
    // Streamed batch by batch: memory stays bounded whatever the file size.
    Result<LineBatchReader> reader = LineBatchReader::Open(path);
    status = reader.ok() ? impl_->SubmitAll(*reader) : reader.status();
  } else {
    Result<std::string> text = ReadDraft(path);
    if (text.ok()) impl_->SubmitWhole(InputName(path), std::make_shared<const std::string>(std::move(*text)));
    status = text.ok() ? Status() : text.status();
  }
  if (!status.ok()) Finish();  // what came before is written before the error is reported
  return status;
}

void CheckRun::Finish() { impl_->pool.Finish(impl_->write); }

bool CheckRun::had_errors() const { return impl_->errors; }

}  // namespace reframe
