// reframe check [FILE...|-] [--text TEXT] [--lines] [--format text|json|jsonl] [--fail-on LEVEL]
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <algorithm>
#include <deque>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/input.h"
#include "pipeline/ordered_pool.h"
#include "reframe/analyzer.h"
#include "reframe/format.h"

namespace reframe::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::vector<std::string> texts;
  bool lines = false;
  std::string format = "text";
  std::string fail_on = "warning";
  std::string color = "auto";
  bool no_strengths = false;
  unsigned threads = 0;  // 0 = one per core
  size_t max_message_mb = 16;
};

// One message to analyse, with where it came from.
struct Message {
  std::string_view text;
  MessageContext context;
};

// What a batch of messages produced: their formatted output, in order.
struct BatchResult {
  std::string out;     // stdout text
  std::string err;     // stderr text
  RunSummary summary;
  bool findings = false;  // at or above --fail-on
  bool errors = false;
};

// Formats messages and writes the run's opening and closing lines.
class Output {
 public:
  Output(const CheckOptions& options, bool color) : options_(options) {
    style_.color = color;
    style_.show_strengths = !options.no_strengths;
    if (options_.format == "json") std::cout << "{\"format_version\":" << kJsonFormatVersion << ",\"messages\":[";
  }

  // Appends one message to `batch` (thread-safe: touches only `batch`).
  void Format(const Report& report, const Message& m, BatchResult& batch) const {
    batch.summary.Add(report);
    if (m.context.error) ++batch.summary.errors;
    if (options_.format == "jsonl") {
      AppendJson(batch.out, report, m.context, m.text);
      batch.out += '\n';
    } else if (options_.format == "json") {
      if (batch.summary.messages > 1) batch.out += ',';
      AppendJson(batch.out, report, m.context, m.text);
    } else {
      batch.out += FormatText(report, m.context, m.text, style_);
    }
  }

  // Writes a finished batch, in order.
  void Write(BatchResult& batch) {
    if (!batch.err.empty()) std::cerr << batch.err;
    if (options_.format == "json" && batch.summary.messages > 0 && summary_.messages > 0) std::cout << ',';
    std::cout << batch.out;
    summary_.messages += batch.summary.messages;
    summary_.findings += batch.summary.findings;
    summary_.strengths += batch.summary.strengths;
    summary_.errors += batch.summary.errors;
    for (size_t i = 0; i < summary_.by_category.size(); ++i) summary_.by_category[i] += batch.summary.by_category[i];
  }

  void Finish() {
    if (options_.format == "json") {
      std::cout << "],\"summary\":" << FormatSummaryJson(summary_) << "}\n";
    } else if (options_.format == "text") {
      std::cout << FormatSummaryText(summary_) << "\n";
    }
    std::cout.flush();
  }

 private:
  const CheckOptions& options_;
  TextStyle style_;
  RunSummary summary_;
};

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) != 0;
}

int RunCheck(const GlobalOptions& global, CheckOptions& options) {
  Result<Lexicon> lexicon = LoadLexicon(global);
  if (!lexicon.ok()) return Fail(lexicon.status().message());
  Result<Analyzer> analyzer = Analyzer::Create(*lexicon);
  if (!analyzer.ok()) return Fail(analyzer.status().message());

  Severity fail_level = Severity::kWarning;
  const bool never_fail = options.fail_on == "never";
  if (!never_fail) ParseSeverity(options.fail_on, &fail_level);

  // Inputs: --text arguments, then files; nothing at all means stdin.
  struct Source {
    std::string name;
    std::string data;
  };
  std::vector<Source> sources;
  int exit_code = kExitClean;
  for (const std::string& t : options.texts) sources.push_back({"<text>", t});
  if (options.texts.empty() && options.files.empty()) options.files.push_back("-");

  Output out(options, UseColor(options.color));
  internal::OrderedPool<BatchResult> pool(options.threads);
  bool findings = false;
  auto write = [&](BatchResult& batch) {
    out.Write(batch);
    findings = findings || batch.findings;
    if (batch.errors) exit_code = kExitError;
  };
  const size_t max_message = options.max_message_mb << 20;
  auto analyse = [&, max_message](Message& m, BatchResult& batch) {
    if (!m.context.error && m.text.size() > max_message) {
      m.context.error = "message longer than " + std::to_string(options.max_message_mb) + " MiB; not analysed (--max-message)";
      batch.err += "reframe: " + m.context.source + ":" + std::to_string(m.context.line) + ": " + *m.context.error + "\n";
      batch.errors = true;
    }
    Report report = m.context.error ? Report{} : analyzer->Analyze(m.text);
    if (!never_fail && report.HasFindingAtLeast(fail_level)) batch.findings = true;
    out.Format(report, m, batch);
  };
  // --lines: every input line is its own message, bad ones included, so a
  // JSONL consumer gets exactly one object per line, in order. Lines go to
  // the workers in batches; results come back in input order.
  auto submit_batch = [&](const std::string& name, std::shared_ptr<const std::string> chunk, size_t first_line) {
    pool.Submit([&analyse, name, chunk, first_line] {
      BatchResult batch;
      batch.out.reserve(chunk->size() * 3);
      const std::string_view data(*chunk);
      size_t n = first_line;
      Message m{{}, {}};  // one for the batch: the source name is set once
      m.context.source = name;
      for (size_t p = 0; p < data.size(); ++n) {
        size_t nl = data.find('\n', p);
        size_t e = nl == std::string_view::npos ? data.size() : nl;
        std::string_view text = data.substr(p, e - p);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        m.text = text;
        m.context.line = n;
        m.context.error.reset();
        if (text.find('\0') != std::string_view::npos) {
          m.context.error = "binary data (NUL byte) in this line; not analysed";
          batch.err += "reframe: " + name + ":" + std::to_string(n) + ": binary data (NUL byte); line not analysed\n";
          batch.errors = true;
        }
        analyse(m, batch);
        p = nl == std::string_view::npos ? data.size() : nl + 1;
      }
      return batch;
    }, write);
  };
  // Cuts `data` into batches of whole lines.
  auto submit_lines = [&](const std::string& name, std::shared_ptr<const std::string> data, size_t first_line) {
    constexpr size_t kBatchBytes = 64 * 1024;
    if (data->size() <= kBatchBytes) {
      if (!data->empty()) submit_batch(name, data, first_line);
      return first_line + static_cast<size_t>(std::count(data->begin(), data->end(), '\n'));
    }
    size_t line = first_line;
    for (size_t pos = 0; pos < data->size();) {
      size_t end = data->find('\n', std::min(data->size(), pos + kBatchBytes));
      end = end == std::string::npos ? data->size() : end + 1;
      auto chunk = std::make_shared<const std::string>(*data, pos, end - pos);
      submit_batch(name, chunk, line);
      line += static_cast<size_t>(std::count(chunk->begin(), chunk->end(), '\n'));
      pos = end;
    }
    return line;
  };
  // Streams a file line batch by line batch: memory stays bounded by the
  // batches in flight, whatever the file size.
  auto stream_lines = [&](const std::string& path) -> Status {
    Result<BlockReader> reader = BlockReader::Open(path);
    if (!reader.ok()) return reader.status();
    const std::string name = DisplayName(path);
    std::string buffer;
    size_t line = 1;
    bool first = true;
    for (;;) {
      Result<size_t> n = reader->Read(buffer, 256 * 1024);
      if (!n.ok()) return n.status();
      if (first && buffer.size() >= 2 &&
          ((buffer[0] == '\xFF' && buffer[1] == '\xFE') || (buffer[0] == '\xFE' && buffer[1] == '\xFF'))) {
        // UTF-16 (rare, from Windows tools): read it all and convert.
        while (true) {
          Result<size_t> more = reader->Read(buffer, 1 << 20);
          if (!more.ok()) return more.status();
          if (*more == 0) break;
        }
        if (Status s = ConvertUtf16WithBom(buffer, name); !s.ok()) return s;
        submit_lines(name, std::make_shared<const std::string>(std::move(buffer)), 1);
        return Status();
      }
      first = false;
      if (*n == 0) break;
      size_t cut = buffer.rfind('\n');
      if (cut == std::string::npos) continue;  // a line longer than the block: keep reading
      auto chunk = std::make_shared<const std::string>(buffer, 0, cut + 1);
      buffer.erase(0, cut + 1);
      line = submit_lines(name, chunk, line);
    }
    if (!buffer.empty()) submit_lines(name, std::make_shared<const std::string>(std::move(buffer)), line);
    return Status();
  };
  auto process = [&](const std::string& name, std::string_view data) {
    if (!options.lines) {
      pool.Submit([&, name, data] {
        BatchResult batch;
        Message m{data, {}};
        m.context.source = name;
        analyse(m, batch);
        return batch;
      }, write);
      return;
    }
    // --lines from memory (--text, or a converted UTF-16 file).
    auto copy = std::make_shared<const std::string>(data);
    submit_lines(name, copy, 1);
  };

  std::deque<std::string> inputs;  // kept alive (and in place) until the pool is done
  for (const Source& src : sources) process(src.name, src.data);
  for (const std::string& path : options.files) {
    if (options.lines) {
      if (Status streamed = stream_lines(path); !streamed.ok()) {
        pool.Finish(write);  // keep stderr in order with what came before
        std::cerr << "reframe: " << streamed.message() << "\n";
        exit_code = kExitError;
      }
      continue;
    }
    Result<std::string> data = ReadTextInput(path, /*reject_binary=*/!options.lines);
    if (!data.ok()) {
      pool.Finish(write);  // keep stderr in order with what came before
      std::cerr << "reframe: " << data.status().message() << "\n";
      exit_code = kExitError;
      continue;
    }
    inputs.push_back(std::move(*data));
    process(DisplayName(path), inputs.back());
  }
  pool.Finish(write);
  out.Finish();
  if (exit_code != kExitClean) return exit_code;
  return findings ? kExitFindings : kExitClean;
}

}  // namespace

void RegisterCheck(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Check message drafts (files, - for stdin, or --text)");
  cmd->add_option("files", options->files, "Files to check; - or nothing reads standard input")->type_name("FILE");
  cmd->add_option("--text,-t", options->texts, "Check this text (repeatable)")->type_name("TEXT");
  cmd->add_flag("--lines", options->lines, "Every input line is its own message (a batch of drafts)");
  cmd->add_option("--format,-f", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--fail-on", options->fail_on, "Exit 1 when a finding is at or above this severity")
      ->check(CLI::IsMember({"info", "warning", "error", "never"}))
      ->capture_default_str();
  cmd->add_option("--color", options->color, "Colour: auto (only on a terminal, honours NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_flag("--no-strengths", options->no_strengths, "Do not list what the draft does well");
  cmd->add_option("--max-message", options->max_message_mb, "Refuse messages longer than this many MiB")
      ->capture_default_str();
  cmd->add_option("--threads,-j", options->threads, "Worker threads (0 = one per core); output order never changes")
      ->capture_default_str();
  cmd->callback([&run, &global, options] { run = [&global, options] { return RunCheck(global, *options); }; });
}

}  // namespace reframe::cli
