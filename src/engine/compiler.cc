// The compiler of engine/compiler.h.
#include "engine/compiler.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "engine/pattern_compiler.h"
#include "language/spelling.h"
#include "language/word_table.h"
#include "lexicon/suggestion_template.h"

namespace reframe::internal {
namespace {

// Adds entries to a CompiledLexicon, once per distinct regex.
class EntryBuilder {
 public:
  EntryBuilder(const LexiconData& data, CompiledLexicon& out) : data_(data), out_(out) {}

  // The entry of `pattern` (expanded, split into alternatives, each new
  // alternative added to the prefilter).
  Result<int> Add(const std::string& pattern, const std::string& where) {
    Result<std::string> regex = ExpandPattern(pattern, data_, where);
    if (!regex.ok()) return regex.status();
    if (auto it = entry_ids_.find(*regex); it != entry_ids_.end()) return it->second;
    const int id = static_cast<int>(out_.entries.size());
    Entry entry;
    entry.slots = NamedGroupSlots(*regex);
    entry.pattern = pattern;
    entry.where = where;
    for (std::string& alt : SplitAlternatives(*regex)) {
      auto [it, added] = alternative_ids_.emplace(alt, static_cast<int>(out_.alternatives.size()));
      if (added) {
        const int prefilter_id = out_.prefilter.Add(alt);
        (void)prefilter_id;  // == it->second: both count from 0 in the same order
        out_.alternatives.emplace_back(std::move(alt));
      }
      out_.alternatives[it->second].entries.push_back(id);
      entry.alternatives.push_back(it->second);
    }
    entry.regex = std::move(*regex);
    entry_ids_[entry.regex] = id;
    out_.entries.push_back(std::move(entry));
    return id;
  }

 private:
  const LexiconData& data_;
  CompiledLexicon& out_;
  // Regex text to ids, so that equal elements and equal phrases are compiled once.
  std::map<std::string, int> entry_ids_;
  std::unordered_map<std::string, int> alternative_ids_;
};

// Every slot a suggestion template uses must be one the rule can fill: a
// pattern element's (always filled when the rule fires), a named group's,
// or one of the draft's (lexicon/suggestion_template.h; filled when the
// draft has it). A kind whose last template uses only slots that are always
// filled (outside [ ], without a fallback) fits every draft; a rule needs
// three such kinds, so every finding gets three different moves.
Status CheckSuggestionSlots(const RuleDef& def, const std::vector<std::string>& always,
                            const std::vector<std::string>& captures, const std::string& where) {
  auto has = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  size_t always_kinds = 0;
  bool legacy = false;
  for (const SuggestionTemplates& kind : def.info.suggest) {
    legacy = legacy || kind.kind == kReframeKind;
    bool fits_all = false;
    for (size_t t = 0; t < kind.templates.size(); ++t) {
      const std::string& tmpl = kind.templates[t];
      const bool last = t + 1 == kind.templates.size();
      bool fits = true;
      std::vector<TemplatePart> parts;
      std::string error;
      if (!ParseSuggestionTemplate(tmpl, &parts, &error)) {
        return Status(StatusCode::kDataError, where + ": suggestion '" + kind.kind + "': \"" + tmpl + "\": " + error);
      }
      auto fail = [&](const std::string& why) {
        return Status(StatusCode::kDataError, where + ": suggestion '" + kind.kind + "': \"" + tmpl + "\": " + why);
      };
      // Walks the parts; `optional`: inside [ ].
      std::function<Status(const std::vector<TemplatePart>&, bool)> check = [&](const std::vector<TemplatePart>& list,
                                                                                bool optional) -> Status {
        for (const TemplatePart& p : list) {
          if (p.type == TemplatePart::Type::kOptional) {
            if (Status s = check(p.parts, true); !s.ok()) return s;
            continue;
          }
          if (p.type != TemplatePart::Type::kSlot) continue;
          const bool pattern = has(always, p.slot) || has(captures, p.slot);
          const DraftSlot* draft = FindDraftSlot(p.slot);
          if (!pattern && !draft) {
            std::string known;
            for (const DraftSlot& d : kDraftSlots) known += (known.empty() ? "" : ", ") + std::string(d.name);
            return fail("{" + p.slot +
                        "} is filled by no pattern element of this rule, and is not a slot of the "
                        "draft (" +
                        known + ")");
          }
          if ((p.form == SlotForm::kClause || p.form == SlotForm::kDetail) && !pattern) {
            return fail("{" + p.slot + ":" + std::string(SlotFormName(p.form)) + "} needs a pattern slot");
          }
          if ((p.form == SlotForm::kIng || p.form == SlotForm::kPresent) && !(draft && draft->verb_phrase)) {
            return fail("{" + p.slot + ":" + std::string(SlotFormName(p.form)) +
                        "} needs a verb phrase (you_do, you_dont, i_do, i_dont)");
          }
          // A detail is there only when the clause names something.
          if (!optional && !p.has_fallback && (!has(always, p.slot) || p.form == SlotForm::kDetail)) fits = false;
        }
        return Status();
      };
      if (Status s = check(parts, false); !s.ok()) return s;
      if (last) fits_all = fits;
    }
    always_kinds += fits_all ? 1 : 0;
  }
  if (!legacy && !def.info.is_strength() && !def.info.is_cue() && always_kinds < 3) {
    return Status(StatusCode::kDataError,
                  where +
                      ": needs three kinds of suggestion whose last template fits every draft (uses no "
                      "draft slot outside [ ] without a fallback); " +
                      std::to_string(always_kinds) + " do");
  }
  return Status();
}

// The error for an entry whose regex RE2 rejects, naming the phrase that
// broke it, not just the expanded alternation.
Status PatternError(const LexiconData& data, const Entry& entry, const RE2& re) {
  if (std::string list = ElementListName(entry.pattern); !list.empty()) {
    const PhraseList& pl = data.phrases.at(list);
    for (const std::string& phrase : pl.phrases) {
      auto one = ExpandPattern(phrase, data, entry.where);
      if (one.ok() && !RE2(*one, PatternOptions()).ok()) {
        return Status(StatusCode::kDataError, pl.file + ":" + std::to_string(pl.line) + ": phrase list '" + list +
                                                  "': phrase '" + phrase + "': " + RE2(*one, PatternOptions()).error());
      }
    }
  }
  return Status(StatusCode::kDataError, entry.where + ": pattern '" + entry.pattern + "': " + re.error());
}

}  // namespace

void DeriveSpelling(const LexiconData& data, CompiledLexicon& out) {
  std::set<std::string> words, short_words, keep;
  for (const auto& [name, list] : data.phrases) {
    for (const std::string& p : list.phrases) CollectLiteralWords(p, short_words, 2);
  }
  for (const RuleDef& def : data.rules) {
    for (const std::string& p : def.pattern) CollectLiteralWords(p, short_words, 2);
    for (const std::string& p : def.unless) CollectLiteralWords(p, short_words, 2);
  }
  for (const std::string& w : short_words) {
    if (w.size() >= 3) words.insert(w);
  }
  for (const auto& [word, expansion] : data.shorthand) keep.insert(word);
  // Only words of up to 8 bytes are looked up as they are read (TextPreparer).
  out.misspellings = {};
  std::vector<std::pair<uint64_t, std::string>> sorted;
  for (auto& [word, replacement] : MisspellingMap(words, WordTable::Builtin(), out.grammar, keep)) {
    if (word.size() <= 8) sorted.emplace_back(PackShortWord(word), replacement);
  }
  std::sort(sorted.begin(), sorted.end());
  for (auto& [key, replacement] : sorted) {
    out.misspellings.keys.push_back(key);
    out.misspellings.values.push_back(std::move(replacement));
  }
  out.vocabulary.assign(short_words.begin(), short_words.end());
}

Status Compile(const LexiconData& data, const std::vector<std::string>& only_rules, CompiledLexicon& out) {
  out.negation_window = data.negation_window < 0 ? kDefaultNegationWindow : data.negation_window;
  out.grammar = Grammar(data.grammar);
  DeriveSpelling(data, out);
  EntryBuilder builder(data, out);
  // The engine's own phrase lists, when the lexicon has them.
  for (auto [name, special] : {std::pair<const char*, int*>{kNegationList, &out.negation},
                               {kClauseBreakList, &out.clause_break},
                               {kReportedSpeechList, &out.reported}}) {
    if (!data.phrases.count(name)) continue;
    Result<int> id = builder.Add(std::string("{") + name + "}", "phrase list '" + std::string(name) + "'");
    if (!id.ok()) return id.status();
    *special = *id;
  }

  for (const RuleDef& def : data.rules) {
    if (!only_rules.empty() && std::find(only_rules.begin(), only_rules.end(), def.info.id) == only_rules.end()) {
      continue;
    }
    const std::string where = def.info.file + ":" + std::to_string(def.info.line) + ": rule '" + def.info.id + "'";
    CompiledRule rule;
    rule.def = &def;
    std::vector<std::string> slots, captures;  // filled by the pattern's elements, by named groups
    for (auto [elements, compiled] : {std::pair{&def.pattern, &rule.pattern}, std::pair{&def.unless, &rule.unless}}) {
      const auto& filters = compiled == &rule.pattern ? def.pattern_where : def.unless_where;
      for (size_t k = 0; k < elements->size(); ++k) {
        const std::string& element = (*elements)[k];
        Result<int> id = builder.Add(element, where);
        if (!id.ok()) return id.status();
        std::string slot = ElementListName(element);
        if (compiled == &rule.pattern && k < def.pattern_slots.size() && !def.pattern_slots[k].empty()) {
          slot = def.pattern_slots[k];
        }
        Element e{*id, slot, k < filters.size() ? filters[k] : ClauseFilter{}};
        if (compiled == &rule.pattern) {
          if (!e.slot.empty()) slots.push_back(e.slot);
          for (const std::string& c : out.entries[*id].slots) captures.push_back(c);
        }
        compiled->push_back(std::move(e));
      }
    }
    if (Status s = CheckSuggestionSlots(def, slots, captures, where); !s.ok()) return s;
    out.rules.push_back(std::move(rule));
  }
  if (Status s = ResolveReplyKinds(data, out); !s.ok()) return s;
  if (Status s = ParseSuggestions(out); !s.ok()) return s;
  out.prefilter.Build();
  return Status();
}

Status ValidatePatterns(const LexiconData& data, const CompiledLexicon& compiled) {
  for (const Entry& entry : compiled.entries) {
    // The whole regex: its errors are the ones a lexicon author can read.
    const RE2 re(entry.regex, PatternOptions());
    if (!re.ok()) return PatternError(data, entry, re);
    if (RE2::FullMatch("", re)) {
      return Status(StatusCode::kDataError, entry.where + ": pattern '" + entry.pattern + "' matches empty text");
    }
  }
  return Status();
}

}  // namespace reframe::internal
