// reframe check [FILE...|-] [--text TEXT] [--lines] [--format text|json|jsonl] [--fail-on LEVEL]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "commands.h"
#include "reframe/analyzer.h"
#include "reframe/run.h"
#include "reframe/writer.h"

namespace reframe::cli {
namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::vector<std::string> texts;
  bool lines = false;
  std::string format = "text";
  std::string fail_on = "warning";
  std::string color = "auto";
  bool strengths = true;
  // Whether the flags above were given: settings files fill in the rest.
  bool fail_on_given = false, color_given = false, strengths_given = false;
  unsigned threads = 0;  // 0 = one per core
  size_t max_message_mb = 16;
  std::optional<std::string> reply_to;
};

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) != 0;
}

int RunCheck(const GlobalOptions& global, CheckOptions& options) {
  Result<Settings> settings = LoadSettings(global);
  if (!settings.ok()) return Fail(settings.status().message());
  if (!options.fail_on_given && settings->fail_on) options.fail_on = *settings->fail_on;
  if (!options.color_given && settings->color) options.color = *settings->color;
  if (!options.strengths_given && settings->strengths) options.strengths = *settings->strengths;
  AnalyzerOptions analyzer_options;
  analyzer_options.profile = settings->profile;
  Result<Analyzer> analyzer = Analyzer::Create(settings->lexicon, analyzer_options);
  if (!analyzer.ok()) return Fail(analyzer.status().message());

  OutputFormat format = OutputFormat::kText;
  ParseOutputFormat(options.format, &format);  // CLI11 checked the name
  TextStyle style;
  style.color = UseColor(options.color);
  style.show_strengths = options.strengths;
  ReportWriter writer(std::cout, format, style);

  RunOptions run_options;
  run_options.threads = options.threads;
  run_options.lines = options.lines;
  run_options.max_message_bytes = options.max_message_mb << 20;
  run_options.max_message_option = "--max-message";
  run_options.reply_to = options.reply_to;
  CheckRun run(*analyzer, writer, run_options,
               [](const std::string& problem) { std::cerr << "reframe: " << problem << "\n"; });

  // Inputs: --text arguments, then files; nothing at all means stdin.
  int exit_code = kExitClean;
  for (const std::string& text : options.texts) run.AddText("<text>", text);
  if (options.texts.empty() && options.files.empty()) options.files.push_back("-");
  const bool reads_stdin = std::find(options.files.begin(), options.files.end(), "-") != options.files.end();
  if (reads_stdin && isatty(STDIN_FILENO)) {
    std::cerr << "reframe: type or paste the draft, then press Ctrl-D on an empty line to check it "
                 "(or give --text \"...\" or a file)\n";
  }
  for (const std::string& path : options.files) {
    if (Status s = run.AddFile(path); !s.ok()) {
      std::cerr << "reframe: " << s.message() << "\n";
      exit_code = kExitError;
    }
  }
  run.Finish();
  // When no input could be read at all, the error says everything: no
  // "0 messages" summary (nor an empty JSON document) on standard output.
  if (exit_code != kExitClean && writer.summary().messages == 0) return kExitError;
  writer.Finish();
  if (exit_code != kExitClean || run.had_errors()) return kExitError;
  if (options.fail_on == "never") return kExitClean;
  Severity fail_level = Severity::kWarning;
  ParseSeverity(options.fail_on, &fail_level);
  return writer.summary().FindingsAtLeast(fail_level) > 0 ? kExitFindings : kExitClean;
}

}  // namespace

void RegisterCheck(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Check message drafts (files, - for stdin, or --text)");
  cmd->add_option("files", options->files, "Files to check; - or nothing reads standard input")->type_name("FILE");
  cmd->add_option("--text,-t", options->texts, "Check this text (repeatable)")->type_name("TEXT");
  cmd->add_flag("--lines", options->lines, "Every input line is its own message (a batch of drafts)");
  cmd->add_option("--reply-to", options->reply_to,
                  "The message being answered: a curt \"ok\" after a complaint is read differently from one after "
                  "\"Dinner at 7?\"")
      ->type_name("TEXT");
  cmd->add_option("--format,-f", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "jsonl"}))
      ->capture_default_str();
  CLI::Option* fail_on =
      cmd->add_option("--fail-on", options->fail_on, "Exit 1 when a finding is at or above this severity")
          ->check(CLI::IsMember({"info", "warning", "error", "never"}))
          ->capture_default_str();
  CLI::Option* color =
      cmd->add_option("--color", options->color, "Colour: auto (only on a terminal, honours NO_COLOR), always, never")
          ->check(CLI::IsMember({"auto", "always", "never"}))
          ->capture_default_str();
  CLI::Option* strengths = cmd->add_flag("!--no-strengths,--strengths", options->strengths,
                                         "Do not list what the draft does well (--strengths: do, whatever the "
                                         "settings file says)");
  cmd->add_option("--max-message", options->max_message_mb, "Refuse messages longer than this many MiB")
      ->capture_default_str();
  cmd->add_option("--threads,-j", options->threads, "Worker threads (0 = one per core); output order never changes")
      ->capture_default_str();
  cmd->callback([&run, &global, options, fail_on, color, strengths] {
    options->fail_on_given = fail_on->count() > 0;
    options->color_given = color->count() > 0;
    options->strengths_given = strengths->count() > 0;
    run = [&global, options] { return RunCheck(global, *options); };
  });
}

}  // namespace reframe::cli
