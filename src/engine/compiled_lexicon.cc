#include "engine/compiled_lexicon.h"

#include <algorithm>

#include "engine/pattern_compiler.h"

namespace reframe::internal {

RE2::Options PatternOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(true);  // patterns and text are both case-folded (ExpandPattern)
  o.set_longest_match(true);
  o.set_max_mem(64 << 20);
  return o;
}

Alternative::Compiled::Compiled(const std::string& regex) : re(regex, PatternOptions()) {
  capture_slots.assign(re.NumberOfCapturingGroups() + 1, "");
  for (const auto& [index, name] : re.CapturingGroupNames()) {
    capture_slots[index] = SlotOfGroupName(name);
    has_captures = true;
  }
}

uint32_t CompiledLexicon::KindBit(std::string_view name) const {
  if (const uint32_t bit = ReplyKindBit(name)) return bit;
  for (size_t i = 0; i < cue_kinds.size(); ++i) {
    if (cue_kinds[i] == name) return kReplyFirstCue << i;
  }
  return 0;
}

Status ResolveReplyKinds(const LexiconData& data, CompiledLexicon& out) {
  out.cue_kinds.clear();
  for (const RuleDef& def : data.rules) {
    if (def.info.category != "cue") continue;
    if (std::find(out.cue_kinds.begin(), out.cue_kinds.end(), def.info.kind) != out.cue_kinds.end()) continue;
    if (out.cue_kinds.size() == kMaxCueKinds) {
      return Status(StatusCode::kDataError, def.info.file + ":" + std::to_string(def.info.line) + ": cue '" +
                                                def.info.id + "': more than " + std::to_string(kMaxCueKinds) +
                                                " kinds of cue");
    }
    out.cue_kinds.push_back(def.info.kind);
  }
  for (CompiledRule& rule : out.rules) {
    const RuleDef& def = *rule.def;
    rule.cue = def.info.category == "cue";
    for (auto [names, bits] : {std::pair{&def.reply, &rule.reply}, std::pair{&def.unless_reply, &rule.unless_reply}}) {
      *bits = 0;
      for (const std::string& name : *names) {
        const uint32_t bit = out.KindBit(name);
        if (!bit) {
          std::string cues;
          for (const std::string& c : out.cue_kinds) cues += ", " + c;
          return Status(StatusCode::kDataError, def.info.file + ":" + std::to_string(def.info.line) + ": rule '" +
                                                    def.info.id + "': unknown kind '" + name + "' (" + kReplyKindNames +
                                                    cues + ")");
        }
        *bits |= bit;
      }
    }
  }
  return Status();
}

Status ParseSuggestions(CompiledLexicon& out) {
  for (CompiledRule& rule : out.rules) {
    const RuleDef& def = *rule.def;
    rule.suggest.clear();
    for (const SuggestionTemplates& kind : def.info.suggest) {
      ParsedSuggestionKind& parsed = rule.suggest.emplace_back();
      for (const std::string& tmpl : kind.templates) {
        std::string error;
        if (!ParseTemplate(tmpl, &parsed.templates.emplace_back(), &error)) {
          return Status(StatusCode::kDataError, def.info.file + ":" + std::to_string(def.info.line) + ": rule '" +
                                                    def.info.id + "': suggestion '" + kind.kind + "': \"" + tmpl +
                                                    "\": " + error);
        }
      }
    }
  }
  return Status();
}

Alternative::Alternative(std::string regex)
    : regex_(std::move(regex)), literal_(regex_.find_first_of("\\()[]{}|.*+?^$") == std::string::npos) {}

}  // namespace reframe::internal
