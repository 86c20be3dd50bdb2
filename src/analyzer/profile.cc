// Profile (reframe/profile.h): adjustments applied to findings, allowed
// phrases, the built-in profiles, and "did you mean" for targets.
#include "reframe/profile.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reframe/lexicon.h"
#include "text/text.h"

namespace reframe {
namespace {

bool IsSpace(int32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Apostrophes and quotation marks compare as their straight forms, letters
// without case.
int32_t FoldForAllow(int32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x02BC:
    case 0x2032:
    case 0x0060:
    case 0x00B4:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201F:
    case 0x2033:
      return '"';
    default:
      return internal::FoldCodePoint(c);
  }
}

// A phrase as compared: its code points folded, the punctuation and white
// space around it dropped, and runs of white space inside it made one space.
std::u32string FoldPhrase(std::string_view phrase) {
  std::u32string out;
  for (size_t i = 0; i < phrase.size();) {
    const int32_t c = internal::NextCodePoint(phrase, i);
    if (IsSpace(c) || internal::IsSeparatorCodePoint(c)) {
      if (!out.empty() && out.back() != U' ') out.push_back(U' ');
      continue;
    }
    out.push_back(static_cast<char32_t>(FoldForAllow(c)));
  }
  auto edge = [](char32_t c) { return c == U' ' || internal::IsPunctuationCodePoint(static_cast<int32_t>(c)); };
  size_t b = 0, e = out.size();
  while (b < e && edge(out[b])) ++b;
  while (e > b && edge(out[e - 1])) --e;
  return out.substr(b, e - b);
}

bool IsWord(int32_t c) { return internal::IsWordCodePoint(c); }

// The code point that ends just before byte `at` of `s` (a lead byte), or -1.
int32_t PreviousCodePoint(std::string_view s, size_t at) {
  if (at == 0) return -1;
  size_t b = at - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
  return internal::NextCodePoint(s, b);
}

// The end (in bytes of `text`) of `phrase` matched at `at`, or npos.
size_t MatchAt(std::string_view text, size_t at, const std::u32string& phrase) {
  size_t i = at;
  for (size_t k = 0; k < phrase.size();) {
    if (i >= text.size()) return std::string_view::npos;
    size_t next = i;
    const int32_t c = internal::NextCodePoint(text, next);
    if (phrase[k] == U' ') {  // one or more spaces in the text
      if (!IsSpace(c) && !internal::IsSeparatorCodePoint(c)) return std::string_view::npos;
      i = next;
      while (i < text.size()) {
        size_t after = i;
        const int32_t d = internal::NextCodePoint(text, after);
        if (!IsSpace(d) && !internal::IsSeparatorCodePoint(d)) break;
        i = after;
      }
      ++k;
      continue;
    }
    if (static_cast<char32_t>(FoldForAllow(c)) != phrase[k]) return std::string_view::npos;
    i = next;
    ++k;
  }
  return i;
}

struct BuiltinProfiles {
  std::vector<Profile> all;
  BuiltinProfiles() {
    all.emplace_back("partner",
                     "A partner: every pattern at the severity its rule gives it (the defaults; the article is "
                     "about partners).");
    Profile family("family",
                   "Parents, siblings, grown-up children: being busy is ordinary news, so mixed messages are only "
                   "info; criticism, defensiveness and withdrawal still warn.");
    family.SetSeverity("mixed-message", Severity::kInfo);
    all.push_back(std::move(family));
    Profile friend_("friend",
                    "A friend: plans are loose and a bare \"ok\" is how friends text, so mixed messages and one-word "
                    "replies are only info.");
    friend_.SetSeverity("mixed-message", Severity::kInfo).SetSeverity("withdrawal/curt-reply", Severity::kInfo);
    all.push_back(std::move(friend_));
    Profile work("work",
                 "A colleague: \"Fine.\", \"Ok.\" and \"Got it.\" are ordinary replies and a busy week is a plain "
                 "fact, so curt replies and mixed messages are only info; criticism, defensiveness and shutting "
                 "a conversation down still warn.");
    work.SetSeverity("mixed-message", Severity::kInfo)
        .SetSeverity("withdrawal/curt-reply", Severity::kInfo)
        .SetSeverity("withdrawal/whatever", Severity::kInfo)
        .SetSeverity("withdrawal/i-get-it", Severity::kInfo);
    all.push_back(std::move(work));
  }
};

const BuiltinProfiles& Builtins() {
  static const BuiltinProfiles builtins;
  return builtins;
}

size_t EditDistance(std::string_view a, std::string_view b) {
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

}  // namespace

Profile::Profile(std::string name, std::string description)
    : name_(std::move(name)), description_(std::move(description)) {}

const Profile* Profile::Builtin(std::string_view name) {
  for (const Profile& p : Builtins().all) {
    if (p.name() == name) return &p;
  }
  return nullptr;
}

Result<const Profile*> Profile::FindBuiltin(std::string_view name) {
  if (const Profile* p = Builtin(name)) return p;
  const std::vector<std::string> names = BuiltinNames();
  const std::string near = NearestName(name, names);
  std::string message = "unknown profile '" + std::string(name) + "'" +
                        (near.empty() ? "" : " (did you mean '" + near + "'?)") + "; the profiles are";
  for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : " ") + names[i];
  return Status(StatusCode::kInvalidArgument, message);
}

std::vector<std::string> Profile::BuiltinNames() {
  std::vector<std::string> names;
  for (const Profile& p : Builtins().all) names.push_back(p.name());
  return names;
}

Profile& Profile::Disable(std::string_view target) {
  adjustments_.push_back({Adjustment::Action::kDisable, std::string(target), std::nullopt});
  return *this;
}

Profile& Profile::Enable(std::string_view target) {
  adjustments_.push_back({Adjustment::Action::kEnable, std::string(target), std::nullopt});
  return *this;
}

Profile& Profile::SetSeverity(std::string_view target, std::optional<Severity> severity) {
  adjustments_.push_back({Adjustment::Action::kSeverity, std::string(target), severity});
  return *this;
}

Profile& Profile::Allow(std::string_view phrase) {
  allowed_.emplace_back(phrase);
  allowed_folded_.push_back(FoldPhrase(phrase));
  return *this;
}

Profile& Profile::Append(const Profile& later) {
  adjustments_.insert(adjustments_.end(), later.adjustments_.begin(), later.adjustments_.end());
  allowed_.insert(allowed_.end(), later.allowed_.begin(), later.allowed_.end());
  allowed_folded_.insert(allowed_folded_.end(), later.allowed_folded_.begin(), later.allowed_folded_.end());
  return *this;
}

Status Profile::Validate(const Lexicon& lexicon) const {
  std::vector<std::string> names(kCategories.begin(), kCategories.end());
  names.emplace_back("strength");
  for (const RuleInfo& rule : lexicon.rules()) {
    if (!rule.is_cue()) names.push_back(rule.id);
  }
  for (const Adjustment& a : adjustments_) {
    const RuleInfo* rule = lexicon.FindRule(a.target);
    if (rule && rule->is_cue()) {
      return Status(StatusCode::kInvalidArgument,
                    "'" + a.target + "' is a cue that replies read, never reported; it cannot be turned on or off");
    }
    const bool category =
        a.target == "strength" || std::find(kCategories.begin(), kCategories.end(), a.target) != kCategories.end();
    if (!rule && !category) {
      std::string message = "unknown rule or category '" + a.target + "'";
      const std::string near = NearestName(a.target, names);
      if (!near.empty()) message += " (did you mean '" + near + "'?)";
      return Status(StatusCode::kInvalidArgument, message);
    }
    if (a.action == Adjustment::Action::kSeverity && (a.target == "strength" || (rule && rule->is_strength()))) {
      return Status(StatusCode::kInvalidArgument,
                    "'" + a.target + "': strengths have no severity (they are never problems)");
    }
  }
  for (size_t i = 0; i < allowed_.size(); ++i) {
    const std::u32string& folded = allowed_folded_[i];
    const bool has_word =
        std::any_of(folded.begin(), folded.end(), [](char32_t c) { return IsWord(static_cast<int32_t>(c)); });
    if (!has_word) {
      return Status(StatusCode::kInvalidArgument,
                    "allowed phrase '" + allowed_[i] + "' has no letters or digits; it would match nothing");
    }
  }
  return Status();
}

void Profile::Adjust(std::string_view rule, std::string_view category, Severity own, bool& reported,
                     Severity& severity) const {
  for (const Adjustment& a : adjustments_) {
    if (a.target != rule && a.target != category) continue;
    switch (a.action) {
      case Adjustment::Action::kDisable:
        reported = false;
        break;
      case Adjustment::Action::kEnable:
        reported = true;
        break;
      case Adjustment::Action::kSeverity:
        if (category != "strength") severity = a.severity.value_or(own);
        break;
    }
  }
}

bool Profile::Allows(std::string_view text, size_t start, size_t end) const {
  if (allowed_.empty() || start >= end || end > text.size()) return false;
  // The span without the punctuation and white space around it.
  auto code_point_at = [&](size_t at) {
    size_t i = at;
    return internal::NextCodePoint(text, i);
  };
  while (start < end) {
    size_t next = start;
    const int32_t c = internal::NextCodePoint(text, next);
    if (IsWord(c) || next > end) break;
    start = next;
  }
  while (end > start) {
    const int32_t c = PreviousCodePoint(text, end);
    if (IsWord(c)) break;
    size_t b = end - 1;
    while (b > start && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
    end = b;
  }
  if (start >= end) return false;
  for (const std::u32string& phrase : allowed_folded_) {
    if (phrase.empty()) continue;
    const bool word_start = IsWord(static_cast<int32_t>(phrase.front()));
    const bool word_end = IsWord(static_cast<int32_t>(phrase.back()));
    // An occurrence covering the span starts at most a few bytes per
    // character of the phrase before it (white space runs aside).
    const size_t window = phrase.size() * 4 + 16;
    size_t at = start > window ? start - window : 0;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    for (; at <= start; ++at) {
      if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
      if (word_start && at > 0 && IsWord(PreviousCodePoint(text, at)) && IsWord(code_point_at(at))) continue;
      const size_t match_end = MatchAt(text, at, phrase);
      if (match_end == std::string_view::npos || match_end < end) continue;
      if (word_end && match_end < text.size() && IsWord(code_point_at(match_end)) &&
          IsWord(PreviousCodePoint(text, match_end))) {
        continue;
      }
      return true;
    }
  }
  return false;
}

std::string NearestName(std::string_view name, const std::vector<std::string>& candidates) {
  // A rule named without its category: "curt-reply" for "withdrawal/curt-reply".
  for (const std::string& c : candidates) {
    const size_t slash = c.find('/');
    if (slash != std::string::npos && std::string_view(c).substr(slash + 1) == name) return c;
  }
  // The start of a name: "warn" for "warning".
  std::string best;
  if (name.size() >= 3) {
    for (const std::string& c : candidates) {
      if (c.size() > name.size() && c.compare(0, name.size(), name) == 0 && (best.empty() || c.size() < best.size())) {
        best = c;
      }
    }
    if (!best.empty()) return best;
  }
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace reframe
