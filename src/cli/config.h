// The settings of the `reframe` command: settings files (.reframe.toml, the
// user's config.toml), the flags that override them (--config, --no-config,
// --profile, --disable, --enable), and what they resolve to. The format is
// in docs/configuration.md.
#ifndef REFRAME_CLI_CONFIG_H_
#define REFRAME_CLI_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "reframe/lexicon.h"
#include "reframe/profile.h"
#include "reframe/status.h"

namespace CLI {
class App;
}

namespace reframe::cli {

// What the command line says about settings (global flags).
struct SettingsFlags {
  std::string config_file;  // --config FILE: only this file ("" = discover)
  bool no_config = false;   // --no-config: no file at all
  std::string profile;      // --profile NAME ("" = the files' default_profile, else none)
  // --disable and --enable, in the order given (a later one wins).
  Profile adjustments{"command line"};
  std::vector<std::string> adjustment_flags;  // "--disable" or "--enable", one per adjustment
};

// Everything resolved, for a command to use.
struct Settings {
  Lexicon lexicon = Lexicon::Builtin();  // built-in, config lexicons, then --lexicons
  // Every layer flattened, lowest precedence first: the built-in profile,
  // the user config (top level, then its [profile.NAME]), the project file
  // (likewise), the flags.
  Profile profile;
  std::vector<std::string> origins;        // where each of profile.adjustments() comes from
  std::vector<std::string> allow_origins;  // where each of profile.allowed() comes from
  std::string profile_name;                // "" when none
  std::string profile_origin;              // what chose it ("--profile", "FILE:LINE")
  std::optional<std::string> fail_on;      // from a file; a flag wins over it
  std::optional<std::string> color;
  std::optional<bool> strengths;
  std::string fail_on_origin, color_origin, strengths_origin;
  std::vector<std::string> lexicon_dirs;  // from files then flags, each with its origin below
  std::vector<std::string> lexicon_origins;
  std::vector<std::string> files;     // settings files read, lowest precedence first
  std::vector<std::string> searched;  // where files were looked for (for `reframe config`)
  // Every profile the library builds in or a file defines.
  struct ProfileEntry {
    std::string name;
    std::string where;  // "built-in" and/or the [profile.NAME] headers
    std::string description;
    // Everything in effect as `--profile NAME` would have it: the built-in
    // profile, the files' top levels and [profile.NAME] sections, the flags.
    Profile effective;
  };
  std::vector<ProfileEntry> profiles;
};

struct GlobalOptions;

// Adds --config, --no-config, --profile, --disable and --enable to `app`.
void RegisterSettingsFlags(CLI::App& app, SettingsFlags& flags);

// Reads the settings files, loads the lexicons and checks every rule,
// category and profile named anywhere. Errors name the file and line (or the
// flag): "/home/me/.reframe.toml:3: disable: unknown rule or category
// 'critcism' (did you mean 'criticism'?)".
Result<Settings> LoadSettings(const GlobalOptions& global);

// "unknown profile 'wrk' (did you mean 'work'?); the profiles are partner, ...".
std::string UnknownProfileMessage(const std::string& name, const std::vector<std::string>& known);

}  // namespace reframe::cli

#endif  // REFRAME_CLI_CONFIG_H_
