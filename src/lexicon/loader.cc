#include "lexicon/loader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <string>

#include "language/clauses.h"
#include "language/grammar.h"
#include "lexicon/suggestion_template.h"

namespace reframe::internal {
namespace {

constexpr std::string_view kStrengthKinds[] = {"feeling", "appreciation", "ownership", "repair", "support", "bid"};

std::string Where(std::string_view file, const toml::source_region& src) {
  return std::string(file) + ":" + std::to_string(src.begin.line);
}

// Collects the first error; every helper returns false once it has failed.
class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  bool Fail(const toml::source_region& src, const std::string& what) {
    if (status_.ok()) status_ = Status(StatusCode::kDataError, Where(file_, src) + ": " + what);
    return false;
  }
  const Status& status() const { return status_; }
  const std::string& file() const { return file_; }

  bool String(const toml::node& node, const std::string& ctx, std::string& out) {
    if (auto v = node.value<std::string>()) {
      out = *v;
      return true;
    }
    return Fail(node.source(), ctx + " must be a string");
  }

  bool Strings(const toml::node& node, const std::string& ctx, std::vector<std::string>& out) {
    if (node.is_string()) {  // a lone string is a list of one
      out.push_back(*node.value<std::string>());
      return true;
    }
    const toml::array* arr = node.as_array();
    if (!arr) return Fail(node.source(), ctx + " must be a list of strings");
    for (const toml::node& item : *arr) {
      auto v = item.value<std::string>();
      if (!v) return Fail(item.source(), ctx + " must contain only strings");
      out.push_back(*v);
    }
    return true;
  }

  bool Bool(const toml::node& node, const std::string& ctx, bool& out) {
    if (auto v = node.value<bool>()) {
      out = *v;
      return true;
    }
    return Fail(node.source(), ctx + " must be true or false");
  }

  // One key of a clause filter ("subject", "mood", ...), from an element
  // table or a rule's `where`. Returns false on error; `handled` says
  // whether `key` is a filter key at all.
  bool FilterKey(const std::string& key, const toml::node& node, const std::string& ctx, bool unless, ClauseFilter& f,
                 bool& handled) {
    handled = true;
    auto names = [&](std::vector<std::string>& out) { return Strings(node, ctx + "." + key, out); };
    auto tri = [&](int8_t& out) {
      bool b = false;
      if (!Bool(node, ctx + "." + key, b)) return false;
      out = b ? 1 : 0;
      return true;
    };
    if (key == "subject" || key == "not_subject") {
      std::vector<std::string> list;
      if (!names(list)) return false;
      uint16_t mask = 0;
      for (const std::string& n : list) {
        Subject s;
        if (!ParseSubject(n, &s)) {
          return Fail(node.source(),
                      ctx + "." + key + ": unknown subject '" + n + "' (i, you, generic-you, we, third, none)");
        }
        mask |= static_cast<uint16_t>(1u << static_cast<int>(s));
      }
      f.subjects = key == "subject" ? mask : static_cast<uint16_t>(0x3F & ~mask);
    } else if (key == "mood" || key == "not_mood") {
      std::vector<std::string> list;
      if (!names(list)) return false;
      uint16_t mask = 0;
      for (const std::string& n : list) {
        Mood m;
        if (!ParseMood(n, &m)) {
          return Fail(node.source(), ctx + "." + key + ": unknown mood '" + n +
                                         "' (statement, question, rhetorical, imperative, conditional, wish, "
                                         "advice, proposal)");
        }
        mask |= static_cast<uint16_t>(1u << static_cast<int>(m));
      }
      f.moods = key == "mood" ? mask : static_cast<uint16_t>(0xFF & ~mask);
    } else if (key == "link" || key == "not_link") {
      std::vector<std::string> list;
      if (!names(list)) return false;
      uint16_t mask = 0;
      for (const std::string& n : list) {
        Link l;
        if (!ParseLink(n, &l)) {
          return Fail(node.source(), ctx + "." + key + ": unknown link '" + n +
                                         "' (start, punct, coord, contrast, cause, condition, time, concession, "
                                         "relative, complement, run-on)");
        }
        mask |= static_cast<uint16_t>(1u << static_cast<int>(l));
      }
      f.links = key == "link" ? mask : static_cast<uint16_t>(0x7FF & ~mask);
    } else if (key == "polarity") {
      std::string v;
      if (!String(node, ctx + ".polarity", v)) return false;
      if (v == "positive")
        f.positive = 1;
      else if (v == "negative")
        f.positive = 0;
      else if (v == "any")
        f.positive = -1;
      else
        return Fail(node.source(), ctx + ".polarity must be \"positive\", \"negative\" or \"any\"");
    } else if (key == "habitual") {
      return tri(f.habitual);
    } else if (key == "past") {
      return tri(f.past);
    } else if (key == "playful") {
      return tri(f.playful);
    } else if (key == "reported") {
      return tri(f.reported);
    } else if (key == "after" && unless) {
      bool b = false;
      if (!Bool(node, ctx + ".after", b)) return false;
      f.after = b ? 1 : 0;
    } else {
      handled = false;
    }
    return true;
  }

  // `where = {...}`: a filter with no other keys.
  bool WhereTable(const toml::node& node, const std::string& ctx, ClauseFilter& f) {
    const toml::table* t = node.as_table();
    if (!t) return Fail(node.source(), ctx + " must be a table, e.g. { subject = [\"you\"] }");
    for (auto&& [key, value] : *t) {
      bool handled = false;
      const std::string k(key.str());
      if (!FilterKey(k, value, ctx, false, f, handled)) return false;
      if (!handled) return Fail(key.source(), ctx + ": unknown key '" + k + "'");
    }
    return true;
  }

  // Pattern or unless elements: strings, or tables { match = "...", <filter keys> }.
  // Pattern elements may name the slot their match fills (`slot`).
  bool Elements(const toml::node& node, const std::string& ctx, bool unless, std::vector<std::string>& out,
                std::vector<ClauseFilter>& filters, std::vector<uint8_t>* has_own = nullptr,
                std::vector<std::string>* slots = nullptr) {
    auto one = [&](const toml::node& item) {
      if (auto v = item.value<std::string>()) {
        out.push_back(*v);
        filters.emplace_back();
        if (has_own) has_own->push_back(0);
        if (slots) slots->emplace_back();
        return true;
      }
      const toml::table* t = item.as_table();
      if (!t) return Fail(item.source(), ctx + " must contain strings or tables { match = \"...\", ... }");
      ClauseFilter f;
      std::string match, slot;
      bool has_match = false;
      for (auto&& [key, value] : *t) {
        const std::string k(key.str());
        if (k == "match") {
          if (!String(value, ctx + ".match", match)) return false;
          has_match = true;
          continue;
        }
        if (k == "slot" && slots) {
          if (!String(value, ctx + ".slot", slot)) return false;
          if (slot.empty() || slot.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
            return Fail(value.source(),
                        ctx + ".slot: '" + slot + "' is not a slot name (lower-case letters, digits, '_')");
          }
          if (FindDraftSlot(slot)) {
            return Fail(value.source(),
                        ctx + ".slot: '" + slot + "' is a slot every rule has (see docs/lexicon-format.md)");
          }
          continue;
        }
        bool handled = false;
        if (!FilterKey(k, value, ctx, unless, f, handled)) return false;
        if (!handled) return Fail(key.source(), ctx + ": unknown key '" + k + "' in an element");
      }
      if (!has_match) return Fail(item.source(), ctx + ": an element table needs 'match'");
      out.push_back(match);
      filters.push_back(f);
      if (has_own) has_own->push_back(1);
      if (slots) slots->push_back(slot);
      return true;
    };
    if (node.is_string() || node.is_table()) return one(node);
    const toml::array* arr = node.as_array();
    if (!arr) return Fail(node.source(), ctx + " must be a list");
    for (const toml::node& item : *arr) {
      if (!one(item)) return false;
    }
    return true;
  }

  // A template, checked for syntax.
  bool Template(const toml::node& node, const std::string& ctx, const std::string& text) {
    std::vector<TemplatePart> parts;
    std::string error;
    if (!ParseSuggestionTemplate(text, &parts, &error)) {
      return Fail(node.source(), ctx + ": template \"" + text + "\": " + error);
    }
    return true;
  }

  // `[[rule.suggest]]` tables: { kind = "...", text = ["template", ...] }.
  bool Suggest(const toml::node& node, const std::string& ctx, std::vector<SuggestionTemplates>& out) {
    const toml::array* arr = node.as_array();
    if (!arr) return Fail(node.source(), ctx + " must be a list of tables ([[rule.suggest]] with kind and text)");
    for (const toml::node& item : *arr) {
      const toml::table* t = item.as_table();
      if (!t) return Fail(item.source(), ctx + " must contain tables { kind = \"...\", text = [...] }");
      SuggestionTemplates s;
      for (auto&& [key, value] : *t) {
        const std::string k(key.str());
        if (k == "kind") {
          if (!String(value, ctx + ".kind", s.kind)) return false;
          if (!IsSuggestionKind(s.kind)) {
            return Fail(value.source(), ctx +
                                            ".kind must be one of both-longings, feeling, ownership, next-step, "
                                            "appreciation, not '" +
                                            s.kind + "'");
          }
        } else if (k == "text") {
          if (!Strings(value, ctx + ".text", s.templates)) return false;
          for (const std::string& tmpl : s.templates) {
            if (!Template(value, ctx + ".text", tmpl)) return false;
          }
        } else {
          return Fail(key.source(), ctx + ": unknown key '" + k + "' (kind, text)");
        }
      }
      if (s.kind.empty()) return Fail(item.source(), ctx + ": a suggestion needs a 'kind'");
      if (s.templates.empty()) return Fail(item.source(), ctx + ": a suggestion needs 'text' (one or more templates)");
      for (const SuggestionTemplates& other : out) {
        if (other.kind == s.kind) return Fail(item.source(), ctx + ": kind '" + s.kind + "' is given twice");
      }
      out.push_back(std::move(s));
    }
    return true;
  }

  bool ScopeValue(const toml::node& node, const std::string& ctx, Scope& out) {
    std::string s;
    if (!String(node, ctx, s)) return false;
    if (s == "clause")
      out = Scope::kClause;
    else if (s == "sentence")
      out = Scope::kSentence;
    else if (s == "message")
      out = Scope::kMessage;
    else
      return Fail(node.source(), ctx + " must be \"clause\", \"sentence\" or \"message\", not \"" + s + "\"");
    return true;
  }

 private:
  std::string file_;
  Status status_;
};

// A kind: lower-case words joined by hyphens ("complaint", "good-news").
bool IsKindName(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

bool ReadRule(Reader& r, const toml::table& t, bool strength, bool cue, const std::string& default_source,
              RuleDef& rule) {
  RuleInfo& info = rule.info;
  info.file = r.file();
  info.line = static_cast<int>(t.source().begin.line);
  if (auto id = t.get("id"); !id || !r.String(*id, "id", info.id)) {
    return id ? false : r.Fail(t.source(), std::string(strength ? "strength" : "rule") + " without an id");
  }
  const std::string ctx = "rule '" + info.id + "'";
  if (info.id.empty() || info.id.find_first_of(" \t\n") != std::string::npos) {
    return r.Fail(t.source(), ctx + ": an id must be non-empty and without spaces");
  }
  std::string severity = "warning";
  ClauseFilter where;
  std::vector<uint8_t> own_filter;
  bool has_without_reply = false;
  bool has_reframes = false;
  for (auto&& [key, node] : t) {
    const std::string k(key.str());
    const std::string fctx = ctx + ": '" + k + "'";
    bool ok = true;
    if (k == "id")
      continue;
    else if (k == "category" && !strength)
      ok = r.String(node, fctx, info.category);
    else if (k == "kind" && strength)
      ok = r.String(node, fctx, info.kind);
    else if (k == "severity" && !strength)
      ok = r.String(node, fctx, severity);
    else if (k == "pattern")
      ok = r.Elements(node, fctx, false, rule.pattern, rule.pattern_where, &own_filter, &rule.pattern_slots);
    else if (k == "unless")
      ok = r.Elements(node, fctx, true, rule.unless, rule.unless_where);
    else if (k == "where")
      ok = r.WhereTable(node, fctx, where);
    else if (k == "scope")
      ok = r.ScopeValue(node, fctx, rule.scope);
    else if (k == "unless_scope")
      ok = r.ScopeValue(node, fctx, rule.unless_scope);
    else if (k == "span") {
      std::string s;
      ok = r.String(node, fctx, s);
      if (ok && s == "match")
        rule.span = SpanMode::kMatch;
      else if (ok && s == "clause")
        rule.span = SpanMode::kClause;
      else if (ok && s == "to-clause-end")
        rule.span = SpanMode::kToClauseEnd;
      else if (ok && s == "sentence")
        rule.span = SpanMode::kSentence;
      else if (ok)
        ok = r.Fail(node.source(), fctx + " must be \"match\", \"to-clause-end\", \"clause\" or \"sentence\"");
    } else if (k == "negatable")
      ok = r.Bool(node, fctx, rule.negatable);
    else if (k == "reply" || k == "unless_reply") {
      // Names only: a cue kind may come from another file (the compiler checks them).
      std::vector<std::string>& kinds = k == "reply" ? rule.reply : rule.unless_reply;
      ok = r.Strings(node, fctx, kinds);
      for (const std::string& kind : kinds) {
        if (ok && !IsKindName(kind)) ok = r.Fail(node.source(), fctx + ": '" + kind + "' is not a kind name");
      }
      if (ok && k == "reply" && !has_without_reply) rule.without_reply = rule.reply.empty();
    } else if (k == "without_reply") {
      ok = r.Bool(node, fctx, rule.without_reply);
      has_without_reply = true;
    } else if (k == "order") {
      std::string o;
      ok = r.String(node, fctx, o);
      if (ok && (o == "any" || o == "given"))
        rule.any_order = o == "any";
      else if (ok)
        ok = r.Fail(node.source(), fctx + " must be \"given\" or \"any\"");
    } else if (k == "quoted")
      ok = r.Bool(node, fctx, rule.allow_quoted);
    else if (k == "message")
      ok = r.String(node, fctx, info.message);
    else if (k == "why")
      ok = r.String(node, fctx, info.why);
    else if (k == "article")
      ok = r.String(node, fctx, info.article);
    else if (k == "source")
      ok = r.String(node, fctx, info.source);
    else if (k == "reframes" && !strength && !cue) {
      ok = r.Strings(node, fctx, info.reframes);
      for (const std::string& tmpl : info.reframes) ok = ok && r.Template(node, fctx, tmpl);
      has_reframes = true;
    } else if (k == "suggest" && !strength && !cue)
      ok = r.Suggest(node, fctx, info.suggest);
    else if (k == "flag")
      ok = r.Strings(node, fctx, info.flag);
    else if (k == "pass")
      ok = r.Strings(node, fctx, info.pass);
    else
      ok = r.Fail(key.source(), ctx + ": unknown field '" + k + "'");
    if (!ok) return false;
  }
  if (cue) {
    info.category = "cue";
    info.severity = Severity::kInfo;
    // Any new kind: what the message does ("complaint", "slip"), for replies to ask about.
    if (!IsKindName(info.kind) || ReplyKindBit(info.kind)) {
      return r.Fail(t.source(),
                    ctx +
                        ": 'kind' must be a new kind name (lower-case words joined by hyphens, "
                        "not one of " +
                        kReplyKindNames + ")" +
                        (info.kind.empty() ? std::string(", and is missing") : ", not '" + info.kind + "'"));
    }
  } else if (strength) {
    info.category = "strength";
    info.severity = Severity::kInfo;
    if (std::find(std::begin(kStrengthKinds), std::end(kStrengthKinds), info.kind) == std::end(kStrengthKinds)) {
      return r.Fail(t.source(), ctx +
                                    ": 'kind' must be one of feeling, appreciation, ownership, "
                                    "repair, support, bid" +
                                    (info.kind.empty() ? " (missing)" : ", not '" + info.kind + "'"));
    }
  } else {
    if (std::find(kCategories.begin(), kCategories.end(), info.category) == kCategories.end()) {
      return r.Fail(t.source(), ctx +
                                    ": 'category' must be one of mixed-message, criticism, "
                                    "defensiveness, withdrawal" +
                                    (info.category.empty() ? " (missing)" : ", not '" + info.category + "'"));
    }
    if (!ParseSeverity(severity, &info.severity)) {
      return r.Fail(t.source(), ctx + ": 'severity' must be info, warning or error, not '" + severity + "'");
    }
    if (has_reframes && !info.suggest.empty()) {
      return r.Fail(t.source(), ctx + ": has both 'reframes' and 'suggest'; use 'suggest'");
    }
    if (has_reframes) {
      // The earlier format: every template is a suggestion of its own.
      for (const std::string& tmpl : info.reframes) info.suggest.push_back({std::string(kReframeKind), {tmpl}});
    } else {
      for (const SuggestionTemplates& s : info.suggest) {
        info.reframes.insert(info.reframes.end(), s.templates.begin(), s.templates.end());
      }
    }
    if (info.reframes.empty()) {
      return r.Fail(t.source(), ctx + ": needs suggestions ([[rule.suggest]] with kind and text)");
    }
    if (info.why.empty()) return r.Fail(t.source(), ctx + ": needs a 'why'");
  }
  if (rule.pattern.empty()) return r.Fail(t.source(), ctx + ": needs a 'pattern'");
  // The rule's `where` is every element's default; an element's own keys win.
  for (size_t i = 0; i < rule.pattern_where.size(); ++i) {
    ClauseFilter& f = rule.pattern_where[i];
    const ClauseFilter own = f;
    f = where;
    if (own_filter[i]) {
      if (own.subjects) f.subjects = own.subjects;
      if (own.moods) f.moods = own.moods;
      if (own.links) f.links = own.links;
      if (own.positive >= 0) f.positive = own.positive;
      if (own.habitual >= 0) f.habitual = own.habitual;
      if (own.past >= 0) f.past = own.past;
      if (own.playful >= 0) f.playful = own.playful;
      if (own.reported >= 0) f.reported = own.reported;
    }
  }
  if (info.message.empty()) return r.Fail(t.source(), ctx + ": needs a 'message'");
  if (info.flag.empty()) return r.Fail(t.source(), ctx + ": needs at least one 'flag' example");
  if (info.source.empty()) info.source = default_source;
  return true;
}

}  // namespace

uint32_t ReplyKindBit(std::string_view name) {
  static constexpr std::pair<std::string_view, uint32_t> kKinds[] = {{"mixed-message", kReplyMixedMessage},
                                                                     {"criticism", kReplyCriticism},
                                                                     {"defensiveness", kReplyDefensiveness},
                                                                     {"withdrawal", kReplyWithdrawal},
                                                                     {"feeling", kReplyFeeling},
                                                                     {"appreciation", kReplyAppreciation},
                                                                     {"ownership", kReplyOwnership},
                                                                     {"repair", kReplyRepair},
                                                                     {"support", kReplySupport},
                                                                     {"bid", kReplyBid},
                                                                     {"question", kReplyQuestion},
                                                                     {"other", kReplyOther}};
  for (const auto& [n, bit] : kKinds) {
    if (n == name) return bit;
  }
  return 0;
}

Status LoadLexiconToml(std::string_view toml_text, std::string_view name, LexiconData& data) {
  Reader r(name);
  toml::table doc;
  try {
    doc = toml::parse(toml_text, name);
  } catch (const toml::parse_error& e) {
    return Status(StatusCode::kDataError, Where(name, e.source()) + ": " + std::string(e.description()));
  }

  std::string default_source = data.default_source;
  std::set<std::string> ids;
  for (const RuleDef& rule : data.rules) ids.insert(rule.info.id);

  for (auto&& [key, node] : doc) {
    const std::string k(key.str());
    if (k == "lexicon") {
      const toml::table* t = node.as_table();
      if (!t) return (r.Fail(node.source(), "[lexicon] must be a table"), r.status());
      for (auto&& [mk, mv] : *t) {
        const std::string m(mk.str());
        std::string ignored;
        if (m == "source") {
          if (!r.String(mv, "lexicon.source", default_source)) return r.status();
          if (data.default_source.empty()) data.default_source = default_source;
        } else if (m == "language" || m == "description") {
          if (!r.String(mv, "lexicon." + m, ignored)) return r.status();
        } else {
          r.Fail(mk.source(), "[lexicon]: unknown field '" + m + "'");
          return r.status();
        }
      }
    } else if (k == "settings") {
      const toml::table* t = node.as_table();
      if (!t) return (r.Fail(node.source(), "[settings] must be a table"), r.status());
      for (auto&& [sk, sv] : *t) {
        const std::string s(sk.str());
        if (s == "negation_window") {
          auto v = sv.value<int64_t>();
          if (!v || *v < 0 || *v > 20) {
            r.Fail(sv.source(), "settings.negation_window must be a whole number from 0 to 20");
            return r.status();
          }
          data.negation_window = static_cast<int>(*v);
        } else if (s == "abbreviations") {
          if (!r.Strings(sv, "settings.abbreviations", data.abbreviations)) return r.status();
        } else {
          r.Fail(sk.source(), "[settings]: unknown field '" + s + "'");
          return r.status();
        }
      }
    } else if (k == "shorthand") {
      const toml::table* t = node.as_table();
      if (!t) return (r.Fail(node.source(), "[shorthand] must be a table"), r.status());
      for (auto&& [sk, sv] : *t) {
        std::string value;
        const std::string word(sk.str());
        if (!r.String(sv, "shorthand '" + word + "'", value)) return r.status();
        auto plain = [](const std::string& w, bool spaces) {
          return !w.empty() && std::all_of(w.begin(), w.end(), [&](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || (spaces && c == ' ');
          });
        };
        if (!plain(word, false) || word.size() > 8 || !plain(value, true)) {
          r.Fail(sk.source(), "shorthand '" + word +
                                  "': the word must be 1-8 lower-case ASCII letters, digits or "
                                  "apostrophes, and its expansion lower-case ASCII words");
          return r.status();
        }
        data.shorthand[word] = value;
      }
    } else if (k == "grammar") {
      const toml::table* t = node.as_table();
      if (!t) return (r.Fail(node.source(), "[grammar] must be a table"), r.status());
      for (auto&& [gk, gv] : *t) {
        const std::string cls(gk.str());
        if (GrammarClassByName(cls) < 0) {
          std::string known;
          for (int i = 0; GrammarClassName(i); ++i) known += std::string(i ? ", " : "") + GrammarClassName(i);
          r.Fail(gk.source(), "[grammar]: unknown word class '" + cls + "' (known: " + known + ")");
          return r.status();
        }
        std::vector<std::string> entries;
        if (!r.Strings(gv, "grammar." + cls, entries)) return r.status();
        for (const std::string& e : entries) {
          if (e.empty() || SplitIntoWords(e).empty()) {
            r.Fail(gv.source(), "grammar." + cls + ": an entry must contain a word");
            return r.status();
          }
        }
        auto& list = data.grammar[cls];
        list.insert(list.end(), entries.begin(), entries.end());
      }
    } else if (k == "phrases") {
      const toml::table* t = node.as_table();
      if (!t) return (r.Fail(node.source(), "[phrases] must be a table"), r.status());
      for (auto&& [pk, pv] : *t) {
        PhraseList list;
        list.name = std::string(pk.str());
        list.file = std::string(name);
        list.line = static_cast<int>(pk.source().begin.line);
        if (data.phrases.count(list.name)) {
          r.Fail(pk.source(), "phrase list '" + list.name + "' is defined twice (first in " +
                                  data.phrases[list.name].file + ":" + std::to_string(data.phrases[list.name].line) +
                                  ")");
          return r.status();
        }
        if (!r.Strings(pv, "phrase list '" + list.name + "'", list.phrases)) return r.status();
        if (list.phrases.empty()) {
          r.Fail(pk.source(), "phrase list '" + list.name + "' is empty");
          return r.status();
        }
        data.phrases[list.name] = std::move(list);
      }
    } else if (k == "rule" || k == "strength" || k == "cue") {
      const toml::array* arr = node.as_array();
      if (!arr || !arr->is_array_of_tables()) {
        r.Fail(node.source(), "use [[" + k + "]] tables for " + k + "s");
        return r.status();
      }
      for (const toml::node& item : *arr) {
        RuleDef rule;
        if (!ReadRule(r, *item.as_table(), k == "strength" || k == "cue", k == "cue", default_source, rule)) {
          return r.status();
        }
        if (!ids.insert(rule.info.id).second) {
          r.Fail(item.as_table()->get("id")->source(), "rule id '" + rule.info.id + "' is used twice");
          return r.status();
        }
        data.rules.push_back(std::move(rule));
      }
    } else {
      r.Fail(key.source(), "unknown section '" + k +
                               "' (expected lexicon, settings, shorthand, "
                               "grammar, phrases, rule, strength or cue)");
      return r.status();
    }
  }
  return Status();
}

void FillDefaultSources(LexiconData& data) {
  for (RuleDef& rule : data.rules) {
    if (rule.info.source.empty()) rule.info.source = data.default_source;
  }
}

void MergeLexiconData(LexiconData& base, const LexiconData& overrides) {
  for (const auto& [name, list] : overrides.phrases) base.phrases[name] = list;
  for (const auto& [word, expansion] : overrides.shorthand) base.shorthand[word] = expansion;
  for (const auto& [cls, entries] : overrides.grammar) {
    auto& list = base.grammar[cls];
    list.insert(list.end(), entries.begin(), entries.end());
  }
  // [settings]: what the overriding lexicon sets wins; abbreviations add up.
  if (overrides.negation_window >= 0) base.negation_window = overrides.negation_window;
  for (const std::string& abbr : overrides.abbreviations) base.abbreviations.push_back(abbr);
  if (base.default_source.empty()) base.default_source = overrides.default_source;
  for (const RuleDef& rule : overrides.rules) {
    auto it =
        std::find_if(base.rules.begin(), base.rules.end(), [&](const RuleDef& r) { return r.info.id == rule.info.id; });
    if (it != base.rules.end())
      *it = rule;
    else
      base.rules.push_back(rule);
  }
  FillDefaultSources(base);
}

}  // namespace reframe::internal
