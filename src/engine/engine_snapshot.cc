// CompiledLexicon in and out of the build-time image (engine/engine_snapshot.h).
#include "engine/engine_snapshot.h"

#include <algorithm>

namespace reframe::internal {

void SaveCompiledLexicon(const CompiledLexicon& c, const LexiconData& data, SnapshotWriter& w) {
  w.U32(static_cast<uint32_t>(c.entries.size()));
  for (const Entry& e : c.entries) {
    w.Str(e.regex);
    w.Str(e.pattern);
    w.Str(e.where);
    w.Strs(e.slots);
    w.Pods(e.alternatives);
  }
  w.U32(static_cast<uint32_t>(c.alternatives.size()));
  for (const Alternative& a : c.alternatives) {
    w.Str(a.regex());
    w.Bool(a.literal());
    w.Pods(a.entries);
  }
  w.U32(static_cast<uint32_t>(c.rules.size()));
  auto elements = [&w](const std::vector<Element>& list) {
    w.U32(static_cast<uint32_t>(list.size()));
    for (const Element& e : list) {
      w.I32(e.entry);
      w.Str(e.slot);
      w.Raw(&e.where, sizeof e.where);
    }
  };
  for (const CompiledRule& rule : c.rules) {
    w.U32(static_cast<uint32_t>(rule.def - data.rules.data()));
    elements(rule.pattern);
    elements(rule.unless);
  }
  for (int id : {c.negation, c.clause_break, c.reported, c.negation_window}) w.I32(id);
  w.Pods(c.misspellings.keys);
  w.Strs(c.misspellings.values);
  w.Strs(c.vocabulary);
  c.prefilter.Save(w);
}

bool LoadCompiledLexicon(SnapshotReader& r, const LexiconData& data, CompiledLexicon& c) {
  const uint32_t entry_count = r.U32();
  for (uint32_t i = 0; i < entry_count && r.ok(); ++i) {
    Entry& e = c.entries.emplace_back();
    e.regex = r.Str();
    e.pattern = r.Str();
    e.where = r.Str();
    e.slots = r.Strs();
    e.alternatives = r.Pods<int>();
  }
  const uint32_t alternative_count = r.U32();
  for (uint32_t i = 0; i < alternative_count && r.ok(); ++i) {
    Alternative& a = c.alternatives.emplace_back(r.Str());
    if (r.Bool() != a.literal()) return false;  // the image was made by other code
    a.entries = r.Pods<int>();
  }
  auto in_range = [](const std::vector<int>& ids, size_t size) {
    return std::all_of(ids.begin(), ids.end(), [size](int id) { return id >= 0 && static_cast<size_t>(id) < size; });
  };
  for (const Entry& e : c.entries) {
    if (!in_range(e.alternatives, c.alternatives.size())) return false;
  }
  for (const Alternative& a : c.alternatives) {
    if (!in_range(a.entries, c.entries.size())) return false;
  }
  const uint32_t rule_count = r.U32();
  auto elements = [&](std::vector<Element>& list) {
    const uint32_t n = r.U32();
    for (uint32_t i = 0; i < n && r.ok(); ++i) {
      Element& e = list.emplace_back();
      e.entry = r.I32();
      e.slot = r.Str();
      r.Raw(&e.where, sizeof e.where);
      if (e.entry < 0 || static_cast<size_t>(e.entry) >= c.entries.size()) return false;
    }
    return r.ok();
  };
  for (uint32_t i = 0; i < rule_count && r.ok(); ++i) {
    CompiledRule& rule = c.rules.emplace_back();
    const uint32_t def = r.U32();
    if (def >= data.rules.size()) return false;
    rule.def = &data.rules[def];
    if (!elements(rule.pattern) || !elements(rule.unless)) return false;
  }
  if (!ResolveReplyKinds(data, c).ok() || !ParseSuggestions(c).ok()) return false;
  for (int* id : {&c.negation, &c.clause_break, &c.reported, &c.negation_window}) *id = r.I32();
  c.misspellings.keys = r.Pods<uint64_t>();
  c.misspellings.values = r.Strs();
  if (c.misspellings.keys.size() != c.misspellings.values.size() ||
      !std::is_sorted(c.misspellings.keys.begin(), c.misspellings.keys.end())) {
    return false;
  }
  c.vocabulary = r.Strs();
  c.grammar = Grammar(data.grammar);
  for (int id : {c.negation, c.clause_break, c.reported}) {
    if (id >= static_cast<int>(c.entries.size())) return false;
  }
  return c.prefilter.Load(r) && r.ok() && r.at_end() && c.prefilter.atom_count() > 0;
}

}  // namespace reframe::internal
