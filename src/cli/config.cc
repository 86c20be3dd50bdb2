// Settings files and the flags that override them (config.h), and
// `reframe config`, which shows what they resolve to.
#include "config.h"

#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <utility>

#include "commands.h"

namespace reframe::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kProjectFile = ".reframe.toml";

// A value and the place it was given ("FILE:LINE" or a flag).
struct Located {
  std::string value;
  std::string where;
};

// The top level of a file, or one of its [profile.NAME] sections.
struct Section {
  std::string where;  // its header (or the file, for the top level)
  std::string description;
  Profile profile;
  std::vector<std::string> origins;        // one per adjustment
  std::vector<std::string> allow_origins;  // one per allowed phrase
};

struct ConfigFile {
  std::string path;
  Section top;
  std::vector<std::pair<std::string, Section>> profiles;  // in file order
  std::optional<Located> default_profile, fail_on, color;
  std::optional<std::pair<bool, std::string>> strengths;
  std::vector<Located> lexicons;  // directories, made absolute
};

std::string Join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string Hint(const std::string& value, const std::vector<std::string>& known) {
  const std::string near = NearestName(value, known);
  return near.empty() ? "" : " (did you mean '" + near + "'?)";
}

// Parses one settings file, stopping at the first problem.
class FileParser {
 public:
  explicit FileParser(ConfigFile& out) : out_(out) {}

  Status Parse(const std::string& text) {
    toml::table doc;
    try {
      doc = toml::parse(text, out_.path);
    } catch (const toml::parse_error& e) {
      return Status(StatusCode::kDataError, Where(e.source()) + ": " + std::string(e.description()));
    }
    out_.top.where = out_.path;
    const toml::node* profiles = nullptr;
    for (auto&& [key, node] : doc) {
      const std::string k(key.str());
      if (k == "profile") {
        profiles = &node;
      } else if (k == "fail_on") {
        Choice(node, k, {"info", "warning", "error", "never"}, out_.fail_on);
      } else if (k == "color") {
        Choice(node, k, {"auto", "always", "never"}, out_.color);
      } else if (k == "default_profile") {
        std::string name;
        if (String(node, k, name)) out_.default_profile = Located{name, Where(node.source())};
      } else if (k == "strengths") {
        if (auto v = node.value<bool>()) {
          out_.strengths = std::make_pair(*v, Where(node.source()));
        } else {
          Fail(node.source(), "strengths must be true or false");
        }
      } else if (k == "lexicons") {
        Lexicons(node);
      } else if (!SectionKey(k, node, out_.top, false)) {
        if (status_.ok()) {
          Fail(key.source(), "unknown key '" + k + "'" +
                                 Hint(k, {"disable", "enable", "severity", "allow", "fail_on", "color", "strengths",
                                          "lexicons", "default_profile", "profile"}));
        }
      }
      if (!status_.ok()) return status_;
    }
    FinishSection(out_.top);
    if (profiles) Profiles(*profiles);
    return status_;
  }

 private:
  std::string Where(const toml::source_region& src) const { return out_.path + ":" + std::to_string(src.begin.line); }
  bool Fail(const toml::source_region& src, const std::string& what) {
    if (status_.ok()) status_ = Status(StatusCode::kDataError, Where(src) + ": " + what);
    return false;
  }

  bool String(const toml::node& node, const std::string& key, std::string& out) {
    if (auto v = node.value<std::string>()) {
      out = *v;
      return true;
    }
    return Fail(node.source(), key + " must be a string");
  }

  // A string or a list of strings, each with its line.
  bool Strings(const toml::node& node, const std::string& key, std::vector<Located>& out) {
    if (node.is_string()) {
      out.push_back({*node.value<std::string>(), Where(node.source())});
      return true;
    }
    const toml::array* arr = node.as_array();
    if (!arr) return Fail(node.source(), key + " must be a list of strings");
    for (const toml::node& item : *arr) {
      auto v = item.value<std::string>();
      if (!v) return Fail(item.source(), key + " must contain only strings");
      if (v->empty()) return Fail(item.source(), key + " must not contain an empty string");
      out.push_back({*v, Where(item.source())});
    }
    return true;
  }

  void Choice(const toml::node& node, const std::string& key, const std::vector<std::string>& choices,
              std::optional<Located>& out) {
    std::string v;
    if (!String(node, key, v)) return;
    if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
      Fail(node.source(), key + " must be one of " + Join(choices) + ", not '" + v + "'" + Hint(v, choices));
      return;
    }
    out = Located{v, Where(node.source())};
  }

  void Lexicons(const toml::node& node) {
    std::vector<Located> dirs;
    if (!Strings(node, "lexicons", dirs)) return;
    const fs::path base = fs::path(out_.path).parent_path();
    for (Located& d : dirs) {
      fs::path p(d.value);
      if (d.value == "~" || d.value.rfind("~/", 0) == 0) {
        const char* home = std::getenv("HOME");
        if (!home || !*home) {
          Fail(node.source(), "lexicons: '" + d.value + "' needs HOME, which is not set");
          return;
        }
        p = fs::path(home) / d.value.substr(d.value.size() > 1 ? 2 : 1);
      } else if (p.is_relative()) {
        p = base / p;
      }
      d.value = p.lexically_normal().string();
      out_.lexicons.push_back(d);
    }
  }

  // A key a section may have (disable, enable, severity, allow; description
  // in profiles). False, with no error, when `key` is none of them.
  bool SectionKey(const std::string& key, const toml::node& node, Section& s, bool is_profile) {
    std::vector<Located> items;
    if (key == "disable" || key == "enable") {
      if (!Strings(node, key, items)) return true;
      // Within a section, every disable comes before every enable (enable is
      // for exceptions: "disable criticism, enable criticism/insult").
      auto& pending = key == "disable" ? disables_ : enables_;
      pending.insert(pending.end(), items.begin(), items.end());
      return true;
    }
    if (key == "allow") {
      if (!Strings(node, key, items)) return true;
      for (const Located& phrase : items) {
        s.profile.Allow(phrase.value);
        s.allow_origins.push_back(phrase.where);
      }
      return true;
    }
    if (key == "severity") {
      const toml::table* table = node.as_table();
      if (!table) {
        Fail(node.source(), "severity must be a table: severity = { withdrawal = \"info\" }");
        return true;
      }
      for (auto&& [target, value] : *table) {
        std::string v;
        if (!String(value, "severity." + std::string(target.str()), v)) return true;
        const std::vector<std::string> names = {"info", "warning", "error", "default"};
        Severity severity = Severity::kWarning;
        if (v != "default" && !ParseSeverity(v, &severity)) {
          Fail(value.source(), "severity of '" + std::string(target.str()) + "' must be one of " + Join(names) +
                                   ", not '" + v + "'" + Hint(v, names));
          return true;
        }
        severities_.push_back({std::string(target.str()), Where(value.source()),
                               v == "default" ? std::nullopt : std::optional<Severity>(severity)});
      }
      return true;
    }
    if (key == "description" && is_profile) {
      String(node, key, s.description);
      return true;
    }
    return false;
  }

  // The adjustments gathered by SectionKey, in their fixed order.
  void FinishSection(Section& s) {
    for (const Located& d : disables_) {
      s.profile.Disable(d.value);
      s.origins.push_back(d.where);
    }
    for (const Located& e : enables_) {
      s.profile.Enable(e.value);
      s.origins.push_back(e.where);
    }
    for (const PendingSeverity& p : severities_) {
      s.profile.SetSeverity(p.target, p.severity);
      s.origins.push_back(p.where);
    }
    disables_.clear();
    enables_.clear();
    severities_.clear();
  }

  bool Profiles(const toml::node& node) {
    const toml::table* table = node.as_table();
    if (!table) {
      return Fail(node.source(),
                  "profile must be a table of [profile.NAME] sections (the profile to use by default is "
                  "default_profile = \"NAME\")");
    }
    for (auto&& [name_key, section] : *table) {
      const std::string name(name_key.str());
      const toml::table* body = section.as_table();
      if (!body) return Fail(section.source(), "profile." + name + " must be a table: [profile." + name + "]");
      if (name.empty()) return Fail(section.source(), "a profile needs a name: [profile.NAME]");
      Section s;
      s.where = Where(section.source());
      s.profile = Profile(name);
      for (auto&& [key, value] : *body) {
        const std::string k(key.str());
        if (!SectionKey(k, value, s, true) && status_.ok()) {
          return Fail(key.source(), "[profile." + name + "]: unknown key '" + k + "'" +
                                        Hint(k, {"description", "disable", "enable", "severity", "allow"}));
        }
        if (!status_.ok()) return false;
      }
      FinishSection(s);
      if (!s.description.empty()) {
        Profile described(name, s.description);
        s.profile = described.Append(s.profile);
      }
      out_.profiles.emplace_back(name, std::move(s));
    }
    return true;
  }

 private:
  struct PendingSeverity {
    std::string target, where;
    std::optional<Severity> severity;
  };
  ConfigFile& out_;
  Status status_;
  std::vector<Located> disables_, enables_;
  std::vector<PendingSeverity> severities_;
};

Result<ConfigFile> ReadConfigFile(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status(StatusCode::kNotFound, path + ": settings file not found");
  if (fs::is_directory(st)) return Status(StatusCode::kInvalidArgument, path + ": is a directory, not a settings file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kIoError, path + ": cannot read the settings file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status(StatusCode::kIoError, path + ": cannot read the settings file");
  ConfigFile file;
  file.path = path;
  FileParser parser(file);
  if (Status s = parser.Parse(text.str()); !s.ok()) return s;
  return file;
}

// $XDG_CONFIG_HOME/reframe/config.toml, or ~/.config/reframe/config.toml
// (XDG: a relative XDG_CONFIG_HOME is ignored); "" without a home.
std::string UserConfigPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) return (fs::path(xdg) / "reframe" / "config.toml").string();
  const char* home = std::getenv("HOME");
  if (home && *home) return (fs::path(home) / ".config" / "reframe" / "config.toml").string();
  return "";
}

// The nearest .reframe.toml from the working directory upward, or "".
std::string FindProjectFile(std::vector<std::string>& searched) {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return "";
  searched.push_back((dir / kProjectFile).string() + " and every directory above");
  for (;;) {
    const fs::path candidate = dir / kProjectFile;
    if (fs::exists(fs::symlink_status(candidate, ec))) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return "";
    dir = dir.parent_path();
  }
}

// Checks each adjustment and allowed phrase of `s` on its own, so an error
// names the line it came from.
Status ValidateSection(const Section& s, const Lexicon& lexicon) {
  const auto& adjustments = s.profile.adjustments();
  for (size_t i = 0; i < adjustments.size(); ++i) {
    Profile one;
    const Profile::Adjustment& a = adjustments[i];
    switch (a.action) {
      case Profile::Adjustment::Action::kDisable:
        one.Disable(a.target);
        break;
      case Profile::Adjustment::Action::kEnable:
        one.Enable(a.target);
        break;
      case Profile::Adjustment::Action::kSeverity:
        one.SetSeverity(a.target, a.severity);
        break;
    }
    if (Status st = one.Validate(lexicon); !st.ok()) {
      return Status(StatusCode::kInvalidArgument, s.origins[i] + ": " + st.message());
    }
  }
  for (size_t i = 0; i < s.profile.allowed().size(); ++i) {
    Profile one;
    one.Allow(s.profile.allowed()[i]);
    if (Status st = one.Validate(lexicon); !st.ok()) {
      return Status(StatusCode::kInvalidArgument, s.allow_origins[i] + ": " + st.message());
    }
  }
  return Status();
}

void AppendSection(Settings& settings, const Section& s) {
  settings.profile.Append(s.profile);
  settings.origins.insert(settings.origins.end(), s.origins.begin(), s.origins.end());
  settings.allow_origins.insert(settings.allow_origins.end(), s.allow_origins.begin(), s.allow_origins.end());
}

}  // namespace

std::string UnknownProfileMessage(const std::string& name, const std::vector<std::string>& known) {
  return "unknown profile '" + name + "'" + Hint(name, known) + "; the profiles are " + Join(known);
}

void RegisterSettingsFlags(CLI::App& app, SettingsFlags& flags) {
  CLI::Option* config =
      app.add_option("--config", flags.config_file,
                     "Read settings from this file only (instead of .reframe.toml and the user's config.toml)")
          ->type_name("FILE");
  app.add_flag("--no-config", flags.no_config, "Read no settings file")->excludes(config);
  app.add_option("--profile", flags.profile,
                 "Who the message is for: partner, family, friend, work, or a [profile.NAME] of a settings file")
      ->type_name("NAME");
  auto adjust = [&flags](const std::string& flag) {
    return [&flags, flag](const std::vector<std::string>& targets) {
      for (const std::string& t : targets) {
        if (flag == "--disable") {
          flags.adjustments.Disable(t);
        } else {
          flags.adjustments.Enable(t);
        }
        flags.adjustment_flags.push_back(flag);
      }
    };
  };
  app.add_option_function<std::vector<std::string>>("--disable", adjust("--disable"),
                                                    "Do not report this rule or category (repeatable; a later "
                                                    "--disable or --enable of the same one wins)")
      ->type_name("RULE|CATEGORY")
      ->delimiter(',')
      ->trigger_on_parse();
  app.add_option_function<std::vector<std::string>>("--enable", adjust("--enable"),
                                                    "Report this rule or category again (repeatable)")
      ->type_name("RULE|CATEGORY")
      ->delimiter(',')
      ->trigger_on_parse();
}

Result<Settings> LoadSettings(const GlobalOptions& global) {
  const SettingsFlags& flags = global.settings;
  Settings settings;
  std::vector<std::string> paths;
  if (!flags.config_file.empty()) {
    paths.push_back(flags.config_file);
    settings.searched.push_back(flags.config_file + " (--config)");
  } else if (!flags.no_config) {
    const std::string user = UserConfigPath();
    std::error_code ec;
    if (!user.empty()) {
      settings.searched.push_back(user);
      if (fs::exists(fs::symlink_status(user, ec))) paths.push_back(user);
    }
    const std::string project = FindProjectFile(settings.searched);
    if (!project.empty()) paths.push_back(project);
  }
  std::vector<ConfigFile> files;
  for (const std::string& path : paths) {
    Result<ConfigFile> file = ReadConfigFile(path);
    if (!file.ok()) {
      // A file that is not there (or not a file) is the flag's problem; one
      // that does not parse names itself and its line.
      const bool flag = path == flags.config_file && file.status().code() != StatusCode::kDataError;
      return Status(file.status().code(), (flag ? "--config: " : "") + file.status().message());
    }
    settings.files.push_back(path);
    files.push_back(std::move(*file));
  }

  // Lexicons: the built-in ones, each file's, then --lexicons.
  for (const ConfigFile& f : files) {
    for (const Located& d : f.lexicons) {
      settings.lexicon_dirs.push_back(d.value);
      settings.lexicon_origins.push_back(d.where);
    }
  }
  for (const std::string& d : global.lexicon_dirs) {
    settings.lexicon_dirs.push_back(d);
    settings.lexicon_origins.push_back("--lexicons");
  }
  if (global.no_builtin && settings.lexicon_dirs.empty()) {
    return Status(StatusCode::kInvalidArgument, "--no-builtin-lexicons needs at least one --lexicons DIR");
  }
  std::optional<Lexicon> lexicon;
  if (!global.no_builtin) lexicon = Lexicon::Builtin();
  for (size_t i = 0; i < settings.lexicon_dirs.size(); ++i) {
    Result<Lexicon> extra = Lexicon::FromDirectory(settings.lexicon_dirs[i]);
    if (!extra.ok()) {
      const bool from_file = settings.lexicon_origins[i] != "--lexicons";
      return Status(extra.status().code(),
                    (from_file ? settings.lexicon_origins[i] + ": lexicons: " : "") + extra.status().message());
    }
    lexicon = lexicon ? lexicon->MergedWith(*extra) : *extra;
  }
  settings.lexicon = *lexicon;

  // Every rule and category named anywhere, even in profiles not in use.
  for (const ConfigFile& f : files) {
    if (Status s = ValidateSection(f.top, settings.lexicon); !s.ok()) return s;
    for (const auto& [name, section] : f.profiles) {
      if (Status s = ValidateSection(section, settings.lexicon); !s.ok()) return s;
    }
  }
  for (size_t i = 0; i < flags.adjustments.adjustments().size(); ++i) {
    Profile one;
    const Profile::Adjustment& a = flags.adjustments.adjustments()[i];
    if (a.action == Profile::Adjustment::Action::kDisable) {
      one.Disable(a.target);
    } else {
      one.Enable(a.target);
    }
    if (Status s = one.Validate(settings.lexicon); !s.ok()) {
      return Status(StatusCode::kInvalidArgument, flags.adjustment_flags[i] + ": " + s.message());
    }
  }

  // The profiles there are, and the one in use.
  for (const std::string& name : Profile::BuiltinNames()) {
    settings.profiles.push_back({name, "built-in", Profile::Builtin(name)->description(), Profile()});
  }
  for (const ConfigFile& f : files) {
    for (const auto& [name, section] : f.profiles) {
      auto known = std::find_if(settings.profiles.begin(), settings.profiles.end(),
                                [&](const Settings::ProfileEntry& p) { return p.name == name; });
      if (known == settings.profiles.end()) {
        settings.profiles.push_back({name, section.where, section.description, Profile()});
      } else {
        known->where += ", " + section.where;
        if (!section.description.empty()) known->description = section.description;
      }
    }
  }
  if (!flags.profile.empty()) {
    settings.profile_name = flags.profile;
    settings.profile_origin = "--profile";
  } else {
    for (const ConfigFile& f : files) {
      if (f.default_profile) {
        settings.profile_name = f.default_profile->value;
        settings.profile_origin = f.default_profile->where;
      }
    }
  }
  if (!settings.profile_name.empty()) {
    std::vector<std::string> names;
    for (const Settings::ProfileEntry& p : settings.profiles) names.push_back(p.name);
    if (std::find(names.begin(), names.end(), settings.profile_name) == names.end()) {
      return Status(StatusCode::kInvalidArgument,
                    settings.profile_origin + ": " + UnknownProfileMessage(settings.profile_name, names));
    }
  }

  // Flattened, lowest precedence first: the profile in use, and every
  // other one as `--profile NAME` would give it (for reframe serve).
  auto flatten = [&](const std::string& name, Settings& into) {
    into.profile = Profile(name, "");
    if (const Profile* builtin = name.empty() ? nullptr : Profile::Builtin(name)) {
      into.profile = *builtin;
      into.origins.assign(builtin->adjustments().size(), "profile " + name + " (built-in)");
      into.allow_origins.assign(builtin->allowed().size(), "profile " + name + " (built-in)");
    }
    for (const ConfigFile& f : files) {
      AppendSection(into, f.top);
      for (const auto& [section_name, section] : f.profiles) {
        if (!name.empty() && section_name == name) AppendSection(into, section);
      }
    }
    into.profile.Append(flags.adjustments);
    into.origins.insert(into.origins.end(), flags.adjustment_flags.begin(), flags.adjustment_flags.end());
  };
  flatten(settings.profile_name, settings);
  for (Settings::ProfileEntry& p : settings.profiles) {
    Settings one;
    flatten(p.name, one);
    p.effective = std::move(one.profile);
  }
  for (const ConfigFile& f : files) {
    if (f.fail_on)
      std::tie(settings.fail_on, settings.fail_on_origin) = std::make_pair(f.fail_on->value, f.fail_on->where);
    if (f.color) std::tie(settings.color, settings.color_origin) = std::make_pair(f.color->value, f.color->where);
    if (f.strengths) {
      settings.strengths = f.strengths->first;
      settings.strengths_origin = f.strengths->second;
    }
  }
  return settings;
}

namespace {

std::string Describe(const Profile::Adjustment& a) {
  switch (a.action) {
    case Profile::Adjustment::Action::kDisable:
      return "disable " + a.target;
    case Profile::Adjustment::Action::kEnable:
      return "enable " + a.target;
    case Profile::Adjustment::Action::kSeverity:
      return a.target + " at " + (a.severity ? std::string(SeverityName(*a.severity)) : "its own severity");
  }
  return "";
}

int RunConfig(const GlobalOptions& global) {
  Result<Settings> settings = LoadSettings(global);
  if (!settings.ok()) return Fail(settings.status().message());
  const Settings& s = *settings;
  std::cout << "Settings files, lowest precedence first (flags win over all):\n";
  if (s.files.empty()) std::cout << "  none\n";
  for (const std::string& f : s.files) std::cout << "  " << f << "\n";
  if (s.files.empty() && !s.searched.empty()) {
    std::cout << "Looked for:\n";
    for (const std::string& f : s.searched) std::cout << "  " << f << "\n";
  }
  std::cout << "\nProfile: " << (s.profile_name.empty() ? "none" : s.profile_name);
  if (!s.profile_origin.empty()) std::cout << " (" << s.profile_origin << ")";
  std::cout << "\n";
  auto show = [](const std::string& key, const std::optional<std::string>& v, const std::string& builtin,
                 const std::string& origin) {
    std::cout << key << ": " << v.value_or(builtin) << " (" << (v ? origin : "built-in") << ")\n";
  };
  show("fail_on", s.fail_on, "warning", s.fail_on_origin);
  show("color", s.color, "auto", s.color_origin);
  show("strengths", s.strengths ? std::optional<std::string>(*s.strengths ? "true" : "false") : std::nullopt, "true",
       s.strengths_origin);
  if (!s.lexicon_dirs.empty()) {
    std::cout << "\nLexicons, laid over the built-in ones in this order:\n";
    for (size_t i = 0; i < s.lexicon_dirs.size(); ++i) {
      std::cout << "  " << s.lexicon_dirs[i] << " (" << s.lexicon_origins[i] << ")\n";
    }
  }
  const auto& adjustments = s.profile.adjustments();
  std::cout << "\nAdjustments, in order (a later one wins):\n";
  if (adjustments.empty()) std::cout << "  none: every rule at its own severity\n";
  for (size_t i = 0; i < adjustments.size(); ++i) {
    std::cout << "  " << Describe(adjustments[i]) << " (" << s.origins[i] << ")\n";
  }
  if (!s.profile.allowed().empty()) {
    std::cout << "\nAllowed phrases:\n";
    for (size_t i = 0; i < s.profile.allowed().size(); ++i) {
      std::cout << "  \"" << s.profile.allowed()[i] << "\" (" << s.allow_origins[i] << ")\n";
    }
  }
  // The outcome per rule, for the rules the adjustments change.
  std::vector<std::string> off, changed;
  for (const RuleInfo& r : s.lexicon.rules()) {
    if (r.is_cue()) continue;
    bool reported = true;
    Severity severity = r.severity;
    s.profile.Adjust(r.id, r.category, r.severity, reported, severity);
    if (!reported) {
      off.push_back(r.id);
    } else if (severity != r.severity && !r.is_strength()) {
      changed.push_back(r.id + " " + std::string(SeverityName(r.severity)) + " -> " +
                        std::string(SeverityName(severity)));
    }
  }
  if (!off.empty()) std::cout << "\nRules turned off:\n  " << Join(off, "\n  ") << "\n";
  if (!changed.empty()) std::cout << "\nSeverities changed:\n  " << Join(changed, "\n  ") << "\n";
  std::cout << "\nProfiles:\n";
  for (const Settings::ProfileEntry& p : s.profiles) {
    std::cout << "  " << p.name << " (" << p.where << ")";
    if (!p.description.empty()) std::cout << ": " << p.description;
    std::cout << "\n";
  }
  return kExitClean;
}

}  // namespace

void RegisterConfig(CLI::App& app, const GlobalOptions& global, RunFunction& run) {
  CLI::App* cmd = app.add_subcommand(
      "config", "Show the settings in effect: the files read, the profile, and what they turn off or change");
  cmd->callback([&run, &global] { run = [&global] { return RunConfig(global); }; });
}

}  // namespace reframe::cli
