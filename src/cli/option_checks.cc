// Checks and suggestions for command-line values (option_checks.h).
#include "option_checks.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace reframe::cli {
namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

int DaysIn(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, start)) {
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::string Two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

void OptionNames(const CLI::App& app, std::vector<std::string>& out) {
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& n : opt->get_lnames()) out.push_back("--" + n);
  }
}

}  // namespace

Result<std::string> DateBound(const std::string& value, const std::string& flag) {
  const std::string hint = "; give YYYY, YYYY-MM or YYYY-MM-DD, e.g. " + flag + " 2025-09-12";
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidArgument, flag + " '" + value + "': " + why + hint);
  };
  if (value.empty()) return bad("empty");
  std::string v = value;
  const char sep = v.find('/') != std::string::npos ? '/' : v.find('.') != std::string::npos ? '.' : '-';
  std::vector<std::string> parts = Split(v, sep);
  for (const std::string& p : parts) {
    if (!AllDigits(p)) {
      return bad(std::any_of(v.begin(), v.end(), [](unsigned char c) { return std::isalpha(c) != 0; })
                     ? "not a date (words like 'last-week' are not understood)"
                     : "not a date");
    }
  }
  int year = 0, month = 0, day = 0;
  if (parts[0].size() == 4) {  // ISO order: year first
    if (parts.size() > 3) return bad("not a date");
    year = std::atoi(parts[0].c_str());
    if (parts.size() >= 2) {
      if (parts[1].size() > 2) return bad("not a date");
      month = std::atoi(parts[1].c_str());
    }
    if (parts.size() == 3) {
      if (parts[2].size() > 2) return bad("not a date");
      day = std::atoi(parts[2].c_str());
    }
  } else if (parts.size() == 3 && parts[0].size() <= 2 && parts[1].size() <= 2 &&
             (parts[2].size() == 4 || parts[2].size() == 2)) {
    // The chat's own style: day and month in either order, then the year.
    const int a = std::atoi(parts[0].c_str()), b = std::atoi(parts[1].c_str());
    year = std::atoi(parts[2].c_str()) + (parts[2].size() == 2 ? 2000 : 0);
    if (a > 12 && b <= 12) {
      day = a, month = b;
    } else if (b > 12 && a <= 12) {
      month = a, day = b;
    } else if (a == b) {
      day = month = a;
    } else if (a <= 12 && b <= 12) {
      return Status(StatusCode::kInvalidArgument, flag + " '" + value + "': day and month could be either way round (" +
                                                      std::to_string(a) + "/" + std::to_string(b) + "); write " +
                                                      std::to_string(year) + "-" + Two(b) + "-" + Two(a) + " or " +
                                                      std::to_string(year) + "-" + Two(a) + "-" + Two(b));
    } else {
      return bad("no such date");
    }
  } else {
    return bad("not a date");
  }
  if (year < 1970 || year > 2200) return bad("year out of range");
  if (parts.size() >= 2 && (month < 1 || month > 12)) return bad("no month " + std::to_string(month));
  if (day != 0 || parts.size() == 3) {
    if (day < 1 || day > DaysIn(year, month)) return bad("no such day");
  }
  std::string out = std::to_string(year);
  if (month) out += "-" + Two(month);
  if (day) out += "-" + Two(day);
  return out;
}

std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = 3;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(word, c);
    if (d < best_distance && 2 * d < word.size()) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string SuggestForArgs(const CLI::App& app, int argc, const char* const* argv) {
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    commands.push_back(sub->get_name());
  }
  std::vector<std::string> global;
  OptionNames(app, global);
  const CLI::App* command = nullptr;
  std::vector<std::string> known = global;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.rfind("--", 0) == 0) {
      const std::string name = arg.substr(0, arg.find('='));
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      const std::string close = ClosestMatch(name, known);
      if (!close.empty()) return "did you mean '" + close + "' (not '" + name + "')?";
      continue;
    }
    if (arg[0] == '-' || command) continue;
    if (i > 1 && std::string(argv[i - 1]) == "--lexicons") continue;  // the value of a global option
    if (std::find(commands.begin(), commands.end(), arg) != commands.end()) {
      command = app.get_subcommand(arg);
      known = global;
      OptionNames(*command, known);
      continue;
    }
    const std::string close = ClosestMatch(arg, commands);
    if (!close.empty()) return "did you mean 'reframe " + close + "' (not '" + arg + "')?";
    std::string list;
    for (const std::string& name : commands) list += (list.empty() ? "" : ", ") + name;
    return "'" + arg + "' is not a command; the commands are: " + list;
  }
  return "";
}

}  // namespace reframe::cli
