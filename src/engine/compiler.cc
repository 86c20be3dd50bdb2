// The compiler of engine/compiler.h.
#include "engine/compiler.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "engine/pattern_compiler.h"
#include "language/spelling.h"
#include "language/word_table.h"

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

// Every slot a reframe of the rule uses must be filled by a pattern element
// (a "{list}" element or a named group), or have a fallback.
Status CheckReframeSlots(const RuleDef& def, const std::vector<std::string>& slots, const std::string& where) {
  for (const std::string& tmpl : def.info.reframes) {
    for (const TemplateSlot& slot : TemplateSlots(tmpl)) {
      if (!slot.has_fallback && std::find(slots.begin(), slots.end(), slot.name) == slots.end()) {
        return Status(StatusCode::kDataError, where + ": reframe uses {" + slot.name +
                                                  "}, which no pattern element fills (add a {" + slot.name +
                                                  "|fallback})");
      }
    }
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
    std::vector<std::string> slots;  // filled by the pattern's elements
    for (auto [elements, compiled] : {std::pair{&def.pattern, &rule.pattern}, std::pair{&def.unless, &rule.unless}}) {
      const auto& filters = compiled == &rule.pattern ? def.pattern_where : def.unless_where;
      for (size_t k = 0; k < elements->size(); ++k) {
        const std::string& element = (*elements)[k];
        Result<int> id = builder.Add(element, where);
        if (!id.ok()) return id.status();
        Element e{*id, ElementListName(element), k < filters.size() ? filters[k] : ClauseFilter{}};
        if (compiled == &rule.pattern) {
          if (!e.slot.empty()) slots.push_back(e.slot);
          for (const std::string& c : out.entries[*id].slots) slots.push_back(c);
        }
        compiled->push_back(std::move(e));
      }
    }
    if (Status s = CheckReframeSlots(def, slots, where); !s.ok()) return s;
    out.rules.push_back(std::move(rule));
  }
  if (Status s = ResolveReplyKinds(data, out); !s.ok()) return s;
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
