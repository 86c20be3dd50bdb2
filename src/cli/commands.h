// Subcommands of the `reframe` CLI. Each file registers one subcommand with
// CLI11 and sets `run` to the function that does the work once parsing is done.
#ifndef REFRAME_CLI_COMMANDS_H_
#define REFRAME_CLI_COMMANDS_H_

#include <functional>
#include <string>
#include <vector>

#include "config.h"
#include "reframe/lexicon.h"
#include "reframe/status.h"

namespace CLI {
class App;
}

namespace reframe::cli {

// Exit codes (README "Exit codes").
inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

struct GlobalOptions {
  std::vector<std::string> lexicon_dirs;  // --lexicons DIR (repeatable)
  bool no_builtin = false;                // --no-builtin-lexicons
  SettingsFlags settings;                 // --config, --profile, --disable, ... (config.h)
};

// The built-in lexicons with the settings files' and every --lexicons
// directory laid over them (LoadSettings(global).lexicon).
Result<Lexicon> LoadLexicon(const GlobalOptions& global);

// Prints "reframe: <message>" to stderr and returns kExitError.
int Fail(const std::string& message);

using RunFunction = std::function<int()>;

void RegisterCheck(CLI::App& app, const GlobalOptions& global, RunFunction& run);
void RegisterChat(CLI::App& app, const GlobalOptions& global, RunFunction& run);
void RegisterRules(CLI::App& app, const GlobalOptions& global, RunFunction& run);
void RegisterExplain(CLI::App& app, const GlobalOptions& global, RunFunction& run);
void RegisterLexicon(CLI::App& app, const GlobalOptions& global, RunFunction& run);
void RegisterConfig(CLI::App& app, const GlobalOptions& global, RunFunction& run);
void RegisterServe(CLI::App& app, const GlobalOptions& global, RunFunction& run);

}  // namespace reframe::cli

#endif  // REFRAME_CLI_COMMANDS_H_
