// reframe rules | reframe explain RULE | reframe lexicon check DIR
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.h"
#include "reframe/analyzer.h"
#include "reframe/lexicon_check.h"

namespace reframe::cli {
namespace {

std::string Label(const RuleInfo& r) { return r.is_strength() ? "strength:" + r.kind : r.category; }

// Wraps `text` at `width` columns, every line indented by `indent`.
std::string Wrap(const std::string& text, size_t indent, size_t width = 92) {
  std::string out, line;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t sp = text.find(' ', pos);
    std::string word = text.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
    pos = sp == std::string::npos ? text.size() : sp + 1;
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += std::string(indent, ' ') + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
  return out;
}

int RunRules(const GlobalOptions& global, const std::string& category) {
  Result<Settings> settings = LoadSettings(global);
  if (!settings.ok()) return Fail(settings.status().message());
  const Lexicon* lexicon = &settings->lexicon;
  size_t width = 0;
  for (const RuleInfo& r : lexicon->rules()) width = std::max(width, r.id.size());
  size_t shown = 0;
  for (const RuleInfo& r : lexicon->rules()) {
    if (!category.empty() && r.category != category && Label(r) != category) continue;
    std::string label = Label(r);
    std::cout << r.id << std::string(width + 2 - r.id.size(), ' ') << label
              << std::string(label.size() < 22 ? 22 - label.size() : 1, ' ') << r.message;
    // Rules the settings turn off (`reframe config` says which setting).
    bool reported = true;
    Severity severity = r.severity;
    if (!r.is_cue()) settings->profile.Adjust(r.id, r.category, r.severity, reported, severity);
    std::cout << (reported ? "" : " (off)") << "\n";
    ++shown;
  }
  if (shown == 0) return Fail("no rules in category '" + category + "'");
  return kExitClean;
}

int RunExplain(const GlobalOptions& global, const std::string& id) {
  Result<Lexicon> lexicon = LoadLexicon(global);
  if (!lexicon.ok()) return Fail(lexicon.status().message());
  const RuleInfo* rule = lexicon->FindRule(id);
  if (!rule) {
    std::string hint;
    for (const RuleInfo& r : lexicon->rules()) {
      if (r.id.find(id) != std::string::npos) hint += "\n  " + r.id;
    }
    return Fail("no rule '" + id + "'" + (hint.empty() ? " (see `reframe rules`)" : "; did you mean:" + hint));
  }
  Result<Analyzer> analyzer = Analyzer::Create(*lexicon);
  if (!analyzer.ok()) return Fail(analyzer.status().message());

  std::cout << rule->id << " [" << Label(*rule) << "] "
            << (rule->is_strength() ? "" : std::string(SeverityName(rule->severity)) + ": ") << rule->message << "\n\n";
  if (!rule->why.empty()) std::cout << "Why it matters\n" << Wrap(rule->why, 2) << "\n";
  if (!rule->article.empty()) {
    std::cout << "What the article says\n" << Wrap(rule->article, 2);
    if (!rule->source.empty()) std::cout << Wrap("(paraphrased from " + rule->source + ")", 2);
    std::cout << "\n";
  }
  // An example that answers a message shows it first: "(to "Dinner at 7?") ok".
  auto show = [](const std::string& ex) {
    const std::string reply_to = ExampleReplyTo(ex);
    if (reply_to.empty()) return ex;
    return "(answering \"" + reply_to + "\") " + ex.substr(ex.find('\n') + 1);
  };
  std::cout << "Flags, for example\n";
  for (const std::string& ex : rule->flag) std::cout << "  ✗ " << show(ex) << "\n";
  if (!rule->pass.empty()) {
    std::cout << "\nLeaves alone\n";
    for (const std::string& ex : rule->pass) std::cout << "  ✓ " << show(ex) << "\n";
  }
  if (!rule->reframes.empty()) {
    std::cout << "\nWhat to say instead (templates; {slots} take the writer's own words)\n";
    for (const std::string& r : rule->reframes) std::cout << "  → " << r << "\n";
    const std::string text = ExampleText(rule->flag.front());
    const std::string reply_to = ExampleReplyTo(rule->flag.front());
    AnalyzeOptions with;
    if (!reply_to.empty()) with.reply_to = reply_to;
    Report report = analyzer->Analyze(text, with);
    for (const Finding& f : report.findings) {
      if (f.rule != rule->id) continue;
      std::cout << "\nFor \"" << text << "\" that becomes\n";
      for (const std::string& r : f.reframes) std::cout << "  → " << r << "\n";
      break;
    }
  }
  std::cout << "\nDefined in " << rule->file << ":" << rule->line << "\n";
  return kExitClean;
}

int RunLexiconCheck(const GlobalOptions& global, const std::string& dir, bool standalone) {
  Result<Lexicon> own = Lexicon::FromDirectory(dir);
  if (!own.ok()) return Fail(own.status().message());
  Lexicon lexicon = *own;
  if (!standalone) {
    GlobalOptions base = global;
    Result<Lexicon> merged = LoadLexicon(base);
    if (!merged.ok()) return Fail(merged.status().message());
    lexicon = merged->MergedWith(*own);
  }
  std::vector<std::string> problems = CheckLexicon(lexicon, dir);
  size_t rules = 0, examples = 0;
  for (const RuleInfo& r : own->rules()) {
    ++rules;
    examples += r.flag.size() + r.pass.size();
  }
  for (const std::string& p : problems) std::cerr << p << "\n";
  if (!problems.empty()) {
    std::cerr << dir << ": " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << "\n";
    return kExitError;
  }
  std::cout << dir << ": " << rules << " rule" << (rules == 1 ? "" : "s") << ", " << examples << " example"
            << (examples == 1 ? "" : "s") << ", all pass\n";
  return kExitClean;
}

}  // namespace

void RegisterRules(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  auto category = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("rules", "List the rules (optionally of one category)");
  cmd->add_option("category", *category, "mixed-message, criticism, defensiveness, withdrawal or strength:KIND");
  cmd->callback([&run, &global, category] { run = [&global, category] { return RunRules(global, *category); }; });
}

void RegisterExplain(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("explain", "Why a rule matters, the article behind it, examples and reframes");
  cmd->add_option("rule", *id, "Rule id (see `reframe rules`)")->required();
  cmd->callback([&run, &global, id] { run = [&global, id] { return RunExplain(global, *id); }; });
}

void RegisterLexicon(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  CLI::App* lex = app.add_subcommand("lexicon", "Work with lexicon files");
  lex->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  auto standalone = std::make_shared<bool>(false);
  CLI::App* check = lex->add_subcommand("check", "Validate a lexicon directory and run its rules' examples");
  check->add_option("dir", *dir, "Directory of .toml files")->required();
  check->add_flag("--standalone", *standalone, "Check without the built-in lexicons underneath");
  check->callback([&run, &global, dir, standalone] {
    run = [&global, dir, standalone] { return RunLexiconCheck(global, *dir, *standalone); };
  });
}

}  // namespace reframe::cli
