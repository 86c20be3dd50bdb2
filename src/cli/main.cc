// reframe: read a message draft before it is sent, and say where it pushes
// the other person away and what to say instead. The CLI only parses
// arguments and prints; the library does the work.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.h"
#include "option_checks.h"
#include "reframe/version.h"

namespace reframe::cli {

int Fail(const std::string& message) {
  std::cerr << "reframe: " << message << "\n";
  return kExitError;
}

Result<Lexicon> LoadLexicon(const GlobalOptions& global) {
  Result<Settings> settings = LoadSettings(global);
  if (!settings.ok()) return settings.status();
  return settings->lexicon;
}

}  // namespace reframe::cli

int main(int argc, char** argv) {
  using namespace reframe::cli;
  CLI::App app{
      "reframe reads a message draft before you send it and shows, gently and precisely, where it\n"
      "pushes the other person away (mixed messages, criticism, defensiveness, withdrawal) and what\n"
      "to say instead. After George Taylor, \"2 Big Reasons Why Men Pull Away\". Never uses the network.",
      "reframe"};
  app.set_version_flag("--version", std::string("reframe ") + reframe::kVersion);
  app.require_subcommand(1);
  app.fallthrough();

  GlobalOptions global;
  app.add_option("--lexicons", global.lexicon_dirs, "Directory of .toml lexicons that add or override rules")
      ->type_name("DIR");
  app.add_flag("--no-builtin-lexicons", global.no_builtin, "Use only the --lexicons directories");
  RegisterSettingsFlags(app, global.settings);

  RunFunction run;
  RegisterCheck(app, global, run);
  RegisterChat(app, global, run);
  RegisterRules(app, global, run);
  RegisterExplain(app, global, run);
  RegisterLexicon(app, global, run);
  RegisterConfig(app, global, run);
  RegisterServe(app, global, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    if (code != 0) {
      const std::string hint = SuggestForArgs(app, argc, argv);
      if (!hint.empty()) std::cerr << "reframe: " << hint << "\n";
    }
    return code == 0 ? kExitClean : kExitError;
  }
  return run ? run() : kExitError;
}
