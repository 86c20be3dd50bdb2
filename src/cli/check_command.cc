// reframe check [FILE...|-] [--text TEXT] [--lines] [--format text|json|jsonl] [--fail-on LEVEL]
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/input.h"
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
};

// One message to analyse, with where it came from.
struct Message {
  std::string_view text;
  MessageContext context;
};

// Writes each message as it is analysed, then the run's closing lines.
class Output {
 public:
  Output(const CheckOptions& options, bool color) : options_(options) {
    style_.color = color;
    style_.show_strengths = !options.no_strengths;
    if (options_.format == "json") std::cout << "{\"format_version\":" << kJsonFormatVersion << ",\"messages\":[";
  }

  void Write(const Report& report, const Message& m) {
    summary_.Add(report);
    if (m.context.error) ++summary_.errors;
    if (options_.format == "jsonl") {
      std::cout << FormatJson(report, m.context, m.text) << '\n';
    } else if (options_.format == "json") {
      std::cout << (first_ ? "" : ",") << FormatJson(report, m.context, m.text);
    } else {
      std::cout << FormatText(report, m.context, m.text, style_);
    }
    first_ = false;
  }

  void Finish() {
    if (options_.format == "json") {
      std::cout << "],\"summary\":" << FormatSummaryJson(summary_) << "}\n";
    } else if (options_.format == "text") {
      std::cout << FormatSummaryText(summary_) << "\n";
    }
    std::cout.flush();
  }

  const RunSummary& summary() const { return summary_; }

 private:
  const CheckOptions& options_;
  TextStyle style_;
  RunSummary summary_;
  bool first_ = true;
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
  bool findings = false;
  auto analyse = [&](const Message& m) {
    Report report = m.context.error ? Report{} : analyzer->Analyze(m.text);
    if (!never_fail && report.HasFindingAtLeast(fail_level)) findings = true;
    out.Write(report, m);
  };
  auto process = [&](const std::string& name, std::string_view data) {
    if (!options.lines) {
      Message m{data, {}};
      m.context.source = name;
      analyse(m);
      return;
    }
    // --lines: every input line is its own message, bad ones included, so a
    // JSONL consumer gets exactly one object per line, in order.
    size_t line = 1;
    for (size_t pos = 0; pos < data.size(); ++line) {
      size_t nl = data.find('\n', pos);
      size_t end = nl == std::string_view::npos ? data.size() : nl;
      std::string_view text = data.substr(pos, end - pos);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      Message m{text, {}};
      m.context.source = name;
      m.context.line = line;
      if (text.find('\0') != std::string_view::npos) {
        m.context.error = "binary data (NUL byte) in this line; not analysed";
        std::cerr << "reframe: " << name << ":" << line << ": binary data (NUL byte); line not analysed\n";
        exit_code = kExitError;
      }
      analyse(m);
      pos = nl == std::string_view::npos ? data.size() : nl + 1;
    }
  };

  for (const Source& s : sources) process(s.name, s.data);
  for (const std::string& path : options.files) {
    Result<std::string> data = ReadTextInput(path, /*reject_binary=*/!options.lines);
    if (!data.ok()) {
      std::cerr << "reframe: " << data.status().message() << "\n";
      exit_code = kExitError;
      continue;
    }
    process(DisplayName(path), *data);
  }
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
  cmd->callback([&run, &global, options] { run = [&global, options] { return RunCheck(global, *options); }; });
}

}  // namespace reframe::cli
