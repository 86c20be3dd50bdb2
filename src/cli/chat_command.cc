// reframe chat EXPORT [--from FORMAT] [--format text|json|jsonl|html] [--author NAME] [--since DATE]
//                     [--until DATE] [--only CATEGORY] [--threads N] [--output FILE]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "option_checks.h"
#include "reframe/analyzer.h"
#include "reframe/chat.h"
#include "reframe/chat_report.h"
#include "reframe/run.h"

namespace reframe::cli {
namespace {

struct ChatCliOptions {
  std::string path;
  std::string from = "auto";
  std::string format = "text";
  std::string author, since, until, only;
  std::string output;
  std::string text_field, author_field, time_field;
  unsigned threads = 0;
  double reply_gap_hours = 6;
  size_t show = 300;
  std::string order = "newest";
  size_t max_unzipped_mb = 8192;
  size_t max_message_mb = 16;
  bool progress = true;
};

// Writes to a temporary file beside the target and renames it at the end, so
// an interrupted run never leaves half a report (or clobbers the input).
class OutputFile {
 public:
  Status Open(const std::string& path, const std::string& input) {
    if (path.empty() || path == "-") return Status();
    std::error_code ec;
    if (std::filesystem::equivalent(path, input, ec)) {
      return Status(StatusCode::kInvalidArgument, path + ": is the input; choose another --output");
    }
    target_ = path;
    temp_ = path + ".reframe-tmp";
    file_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!file_) return Status(StatusCode::kIoError, temp_ + ": cannot write");
    return Status();
  }
  std::ostream& stream() { return target_.empty() ? std::cout : file_; }
  Status Commit() {
    if (target_.empty()) {
      std::cout.flush();
      return Status();
    }
    file_.close();
    if (!file_) return Status(StatusCode::kIoError, temp_ + ": write failed");
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) return Status(StatusCode::kIoError, target_ + ": " + ec.message());
    temp_.clear();
    return Status();
  }
  ~OutputFile() {
    if (!temp_.empty()) {
      std::error_code ec;
      std::filesystem::remove(temp_, ec);
    }
  }

 private:
  std::string target_, temp_;
  std::ofstream file_;
};

int RunChat(const GlobalOptions& global, const ChatCliOptions& o) {
  ChatFormat from;
  if (!ParseChatFormat(o.from, &from)) return Fail("unknown --from '" + o.from + "'");
  if (!o.only.empty() && std::find(kCategories.begin(), kCategories.end(), o.only) == kCategories.end()) {
    return Fail("--only must be one of mixed-message, criticism, defensiveness, withdrawal");
  }
  std::string since, until;
  if (!o.since.empty()) {
    Result<std::string> d = DateBound(o.since, "--since");
    if (!d.ok()) return Fail(d.status().message());
    since = *d;
  }
  if (!o.until.empty()) {
    Result<std::string> d = DateBound(o.until, "--until");
    if (!d.ok()) return Fail(d.status().message());
    until = *d;
  }
  if (!since.empty() && !until.empty() && since.compare(0, until.size(), until) > 0) {
    return Fail("--since " + o.since + " is after --until " + o.until + ": no message can be in between");
  }
  ChatReportFormat format = ChatReportFormat::kText;
  ParseChatReportFormat(o.format, &format);  // CLI11 checked the name
  Result<Settings> settings = LoadSettings(global);
  if (!settings.ok()) return Fail(settings.status().message());
  AnalyzerOptions analyzer_options;
  analyzer_options.profile = settings->profile;
  Result<Analyzer> analyzer = Analyzer::Create(settings->lexicon, analyzer_options);
  if (!analyzer.ok()) return Fail(analyzer.status().message());

  ChatOptions options;
  options.text_field = o.text_field;
  options.author_field = o.author_field;
  options.time_field = o.time_field;
  options.max_unzipped_bytes = o.max_unzipped_mb << 20;
  options.max_message_bytes = o.max_message_mb << 20;
  options.option_names.format = "--from";
  options.option_names.text_field = "--text-field";
  options.option_names.max_unzipped_bytes = "--max-unzipped";
  Result<std::unique_ptr<ChatReader>> reader = OpenChat(o.path, from, options);
  if (!reader.ok()) return Fail(reader.status().message());
  ChatReader& chat = **reader;

  OutputFile output;
  if (Status s = output.Open(o.output, o.path); !s.ok()) return Fail(s.message());
  ChatWriter writer(output.stream(), format, o.path);
  FlaggedOrder order = FlaggedOrder::kNewest;
  ParseFlaggedOrder(o.order, &order);  // CLI11 checked the name
  writer.SetFlaggedList(o.show, order);

  ChatRunOptions run;
  run.threads = o.threads;
  run.author = o.author;
  run.since = since;
  run.until = until;
  run.only_category = o.only;
  run.reply_gap_seconds = static_cast<int64_t>(o.reply_gap_hours * 3600);
  run.suggestions = format != ChatReportFormat::kText;  // the text report shows none
  const bool show_progress = o.progress && isatty(STDERR_FILENO);
  auto last_progress = std::chrono::steady_clock::now();
  if (show_progress) {
    run.progress = [&last_progress](size_t read) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last_progress > std::chrono::milliseconds(300)) {
        std::cerr << "\rreframe: " << read << " messages read…" << std::flush;
        last_progress = now;
      }
    };
  }
  Result<size_t> read = AnalyzeChat(chat, *analyzer, run, writer);
  if (!read.ok()) {
    if (show_progress) std::cerr << "\n";
    if (read.status().code() == StatusCode::kNotFound && !o.author.empty()) {
      return Fail(o.path + ": " + read.status().message());
    }
    return Fail(read.status().message());
  }
  if (show_progress && *read >= 0x4000) std::cerr << "\r\x1b[K";
  for (const std::string& p : chat.problems()) std::cerr << "reframe: warning: " << p << "\n";
  writer.Finish(chat.format(), chat.problems().size());
  if (Status s = output.Commit(); !s.ok()) return Fail(s.message());
  return kExitClean;
}

}  // namespace

void RegisterChat(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  auto o = std::make_shared<ChatCliOptions>();
  CLI::App* cmd = app.add_subcommand("chat", "Analyse every message of a saved chat export, per person and over time");
  cmd->add_option("export", o->path, "The export: a .txt, .json, .csv, .jsonl, .zip or a folder")->required();
  cmd->add_option("--from", o->from, "Export format")
      ->check(CLI::IsMember({"auto", "whatsapp", "telegram", "signal", "discord", "imessage", "messenger", "slack",
                             "jsonl", "csv", "text"}))
      ->capture_default_str();
  cmd->add_option("--format,-f", o->format, "Report format")
      ->check(CLI::IsMember({"text", "json", "jsonl", "html"}))
      ->capture_default_str();
  cmd->add_option("--author", o->author, "Only messages by this person (any case; the names are listed if none match)");
  cmd->add_option("--since", o->since,
                  "Only messages from this date on: YYYY, YYYY-MM, YYYY-MM-DD, or 25/09/2025 when day and month "
                  "cannot be mixed up")
      ->type_name("DATE");
  cmd->add_option("--until", o->until, "Only messages up to this date (inclusive; same forms as --since)")
      ->type_name("DATE");
  cmd->add_option("--only", o->only, "Only this category of findings");
  cmd->add_option("--reply-gap", o->reply_gap_hours,
                  "A message answers the other person's last messages if it came within this many hours")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->type_name("HOURS");
  cmd->add_option("--show", o->show, "HTML: how many flagged messages to list (0 = none)")
      ->check(CLI::Range(size_t{0}, size_t{100000}))
      ->capture_default_str()
      ->type_name("N");
  cmd->add_option("--order", o->order, "HTML: which flagged messages to list first: newest, worst or oldest")
      ->check(CLI::IsMember({"newest", "worst", "oldest"}))
      ->capture_default_str();
  cmd->add_option("--output,-o", o->output, "Write the report here (atomically) instead of standard output");
  cmd->add_option("--threads,-j", o->threads, "Worker threads (0 = one per core)")->capture_default_str();
  cmd->add_option("--text-field", o->text_field, "JSONL/CSV: the field holding the message text");
  cmd->add_option("--author-field", o->author_field, "JSONL/CSV: the field holding the author");
  cmd->add_option("--time-field", o->time_field, "JSONL/CSV: the field holding the time");
  cmd->add_option("--max-unzipped", o->max_unzipped_mb, "Refuse archives that expand past this many MiB")
      ->capture_default_str();
  cmd->add_option("--max-message", o->max_message_mb, "Refuse a message longer than this many MiB")
      ->capture_default_str();
  cmd->add_flag("!--no-progress", o->progress, "Do not show progress on a terminal");
  cmd->callback([&run, &global, o] { run = [&global, o] { return RunChat(global, *o); }; });
}

}  // namespace reframe::cli
