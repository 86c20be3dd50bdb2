// LexiconData in and out of the build-time image (snapshot/snapshot.h).
#include "lexicon/lexicon_snapshot.h"

namespace reframe::internal {
namespace {

void SaveRuleInfo(const RuleInfo& i, SnapshotWriter& w) {
  for (const std::string* s : {&i.id, &i.category, &i.kind, &i.message, &i.why, &i.article, &i.source, &i.file})
    w.Str(*s);
  w.I32(static_cast<int32_t>(i.severity));
  w.I32(i.line);
  w.Strs(i.reframes);
  w.U32(static_cast<uint32_t>(i.suggest.size()));
  for (const SuggestionTemplates& s : i.suggest) {
    w.Str(s.kind);
    w.Strs(s.templates);
  }
  w.Strs(i.flag);
  w.Strs(i.pass);
}

void LoadRuleInfo(SnapshotReader& r, RuleInfo& i) {
  for (std::string* s : {&i.id, &i.category, &i.kind, &i.message, &i.why, &i.article, &i.source, &i.file}) *s = r.Str();
  i.severity = static_cast<Severity>(r.I32());
  i.line = r.I32();
  i.reframes = r.Strs();
  const uint32_t kinds = r.U32();
  for (uint32_t k = 0; k < kinds && r.ok(); ++k) {
    SuggestionTemplates& s = i.suggest.emplace_back();
    s.kind = r.Str();
    s.templates = r.Strs();
  }
  i.flag = r.Strs();
  i.pass = r.Strs();
}

}  // namespace

void SaveLexiconData(const LexiconData& data, SnapshotWriter& w) {
  w.U32(static_cast<uint32_t>(data.rules.size()));
  for (const RuleDef& rule : data.rules) {
    SaveRuleInfo(rule.info, w);
    w.Strs(rule.pattern);
    w.Pods(rule.pattern_where);
    w.Strs(rule.pattern_slots);
    w.Strs(rule.unless);
    w.Pods(rule.unless_where);
    w.I32(static_cast<int32_t>(rule.scope));
    w.I32(static_cast<int32_t>(rule.unless_scope));
    w.I32(static_cast<int32_t>(rule.span));
    w.Bool(rule.negatable);
    w.Bool(rule.any_order);
    w.Strs(rule.reply);
    w.Strs(rule.unless_reply);
    w.Bool(rule.without_reply);
    w.Bool(rule.allow_quoted);
  }
  w.U32(static_cast<uint32_t>(data.phrases.size()));
  for (const auto& [name, list] : data.phrases) {
    w.Str(name);
    w.Str(list.name);
    w.Strs(list.phrases);
    w.Str(list.file);
    w.I32(list.line);
  }
  w.U32(static_cast<uint32_t>(data.shorthand.size()));
  for (const auto& [word, expansion] : data.shorthand) {
    w.Str(word);
    w.Str(expansion);
  }
  w.U32(static_cast<uint32_t>(data.grammar.size()));
  for (const auto& [cls, entries] : data.grammar) {
    w.Str(cls);
    w.Strs(entries);
  }
  w.Strs(data.abbreviations);
  w.I32(data.negation_window);
  w.Str(data.default_source);
  w.Bool(data.trusted);
}

bool LoadLexiconData(SnapshotReader& r, LexiconData& data) {
  const uint32_t rules = r.U32();
  for (uint32_t i = 0; i < rules && r.ok(); ++i) {
    RuleDef& rule = data.rules.emplace_back();
    LoadRuleInfo(r, rule.info);
    rule.pattern = r.Strs();
    rule.pattern_where = r.Pods<ClauseFilter>();
    rule.pattern_slots = r.Strs();
    rule.unless = r.Strs();
    rule.unless_where = r.Pods<ClauseFilter>();
    if (rule.pattern_where.size() != rule.pattern.size() || rule.pattern_slots.size() != rule.pattern.size() ||
        rule.unless_where.size() != rule.unless.size())
      return false;
    rule.scope = static_cast<Scope>(r.I32());
    rule.unless_scope = static_cast<Scope>(r.I32());
    rule.span = static_cast<SpanMode>(r.I32());
    rule.negatable = r.Bool();
    rule.any_order = r.Bool();
    rule.reply = r.Strs();
    rule.unless_reply = r.Strs();
    rule.without_reply = r.Bool();
    rule.allow_quoted = r.Bool();
  }
  const uint32_t lists = r.U32();
  for (uint32_t i = 0; i < lists && r.ok(); ++i) {
    std::string name = r.Str();
    PhraseList& list = data.phrases[name];
    list.name = r.Str();
    list.phrases = r.Strs();
    list.file = r.Str();
    list.line = r.I32();
  }
  const uint32_t words = r.U32();
  for (uint32_t i = 0; i < words && r.ok(); ++i) {
    std::string word = r.Str();
    data.shorthand[word] = r.Str();
  }
  const uint32_t classes = r.U32();
  for (uint32_t i = 0; i < classes && r.ok(); ++i) {
    std::string cls = r.Str();
    data.grammar[cls] = r.Strs();
  }
  data.abbreviations = r.Strs();
  data.negation_window = r.I32();
  data.default_source = r.Str();
  data.trusted = r.Bool();
  return r.ok();
}

}  // namespace reframe::internal
