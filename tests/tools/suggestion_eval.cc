// Measures reframe's suggestions on a set of flagged drafts (issue 12).
//
//   suggestion_eval --cases tests/suggestions/dev.jsonl --allow tests/suggestions/allow.txt
//                   [--min-keep 0.9] [--min-clean 1] [--max-new-facts 0] [--min-kinds 3] [--verbose]
//
// Each line: {"text", "reply_to"?, "labels"?, "facts": ["words the rewrite should keep", ...]}.
// For every suggestion of every finding, applied to its draft (its text put in place of the span
// it replaces):
//   keeps facts  every listed fact still appears in the applied draft (whole words, any case);
//   new facts    a content word or number of the suggestion that is in neither the draft, the
//                message it answers, nor the allow-list (the article's own words and the templates'
//                few others, none of them a person, time, place or event) counts as a new fact;
//                words are compared by lemma (word table), so "forgot" covers "forget";
//   clean        the applied draft, analysed again (with the same message answered), raises nothing
//                where the suggestion stands and nothing that was not there before.
// Also: findings with at least --min-kinds suggestions of different kinds, suggestions that use at
// least one content word of their draft or the message it answers (a suggestion with none would be
// the same for any draft; a draft with no fact in it, "Whatever.", can only get such a one),
// and identical suggestions made for different drafts.
// Exit 1 when a floor is missed, 2 on bad input (naming file and line).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "language/grammar.h"
#include "language/word_table.h"
#include "language/words.h"
#include "lexicon/lexicon_access.h"
#include "lexicon/lexicon_data.h"
#include "reframe/analyzer.h"
#include "reframe/lexicon.h"

namespace {

using reframe::internal::Grammar;
using reframe::internal::GrammarClass;
using reframe::internal::WordTable;

struct Options {
  std::string cases, allow;
  double min_keep = -1, min_clean = -1, min_kinds_share = -1, min_own_words = -1;
  long max_new = -1;
  size_t min_kinds = 3;
  bool verbose = false;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool HasDigit(const std::string& w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Words as the clause layer splits them ("don't" is "do" + "not"), lower case.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string folded = text;
  // Curly apostrophes read as straight ones.
  for (size_t i = 0; (i = folded.find("\xE2\x80\x99", i)) != std::string::npos;) folded.replace(i, 3, "'");
  folded = Lower(folded);
  for (const auto& piece : reframe::internal::SplitText(folded)) {
    if (piece.word) out.push_back(piece.norm);
  }
  return out;
}

class FactChecker {
 public:
  FactChecker(const Grammar& grammar, const std::set<std::string>& allow) : grammar_(grammar), allow_(allow) {}

  // Function words carry no fact: pronouns, determiners, auxiliaries,
  // prepositions, conjunctions and the like (the clause layer's closed classes).
  bool IsFunctionWord(const std::string& w) const {
    using namespace reframe::internal;
    static const int kClosed[] = {
        kPronounI,    kPronounWe,    kPronounYou,  kPronounThird, kPossessive, kDeterminer,
        kBe,          kHave,         kDo,          kModal,        kNegator,    kNegativeQuantifier,
        kCoordinator, kContrast,     kSubCause,    kSubCondition, kSubTime,    kSubConcession,
        kRelative,    kQuestionWord, kPreposition, kIntensifier};
    const uint64_t c = grammar_.ClassesOf(w);
    for (int k : kClosed) {
      if ((c >> k) & 1) return true;
    }
    return w == "'s" || w == "s" || w == "'d" || w == "'ll" || w == "'re" || w == "'ve" || w == "'m";
  }

  // The word, its lemmas (word table), and for words the table lacks
  // ("texting") the regular stems.
  std::set<std::string> Forms(const std::string& w) const {
    std::set<std::string> forms{w};
    for (const auto& l : WordTable::Builtin().Lemmatize(w)) forms.insert(l.lemma);
    auto ends = [&](const char* suffix) {
      const size_t n = std::strlen(suffix);
      return w.size() > n + 2 && w.compare(w.size() - n, n, suffix) == 0;
    };
    if (ends("ing")) {
      forms.insert(w.substr(0, w.size() - 3));
      forms.insert(w.substr(0, w.size() - 3) + "e");
    }
    if (ends("ed")) {
      forms.insert(w.substr(0, w.size() - 2));
      forms.insert(w.substr(0, w.size() - 1));
    }
    if (ends("s")) forms.insert(w.substr(0, w.size() - 1));
    return forms;
  }

  // The content words and numbers of `suggestion` found in none of `sources` nor the allow-list.
  std::vector<std::string> NewFacts(const std::string& suggestion, const std::vector<std::string>& sources) const {
    std::set<std::string> known;
    for (const std::string& s : sources) {
      for (const std::string& w : Words(s)) {
        for (const std::string& f : Forms(w)) known.insert(f);
      }
    }
    std::vector<std::string> out;
    for (const std::string& w : Words(suggestion)) {
      if (!HasDigit(w) && (IsFunctionWord(w) || allow_.count(w))) continue;
      const std::set<std::string> forms = Forms(w);
      const bool seen = std::any_of(forms.begin(), forms.end(), [&](const std::string& f) {
        return known.count(f) || (!HasDigit(w) && allow_.count(f));
      });
      if (!seen) out.push_back(w);
    }
    return out;
  }

  // Whether `suggestion` uses a content word of the draft or of the message it answers.
  bool UsesDraft(const std::string& suggestion, const std::vector<std::string>& sources) const {
    std::set<std::string> known;
    for (const std::string& source : sources) {
      for (const std::string& w : Words(source)) {
        if (IsFunctionWord(w)) continue;
        for (const std::string& f : Forms(w)) known.insert(f);
      }
    }
    for (const std::string& w : Words(suggestion)) {
      if (IsFunctionWord(w)) continue;
      for (const std::string& f : Forms(w)) {
        if (known.count(f)) return true;
      }
    }
    return false;
  }

 private:
  const Grammar& grammar_;
  const std::set<std::string>& allow_;
};

// Whole words, any case; the last word may take an inflection ("budget" is
// kept in "budgeting", "Thursday" in "Thursdays").
bool ContainsPhrase(const std::string& text, const std::string& phrase) {
  const std::string t = Lower(text), p = Lower(phrase);
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = t.find(p); i != std::string::npos; i = t.find(p, i + 1)) {
    const bool left = i == 0 || !word(t[i - 1]) || !word(p.front());
    size_t e = i + p.size();
    for (const char* suffix : {"'s", "es", "s", "ed", "ing", "d"}) {
      const size_t n = std::strlen(suffix);
      if (t.compare(e, n, suffix) == 0 && (e + n == t.size() || !word(t[e + n]))) {
        e += n;
        break;
      }
    }
    const bool right = e == t.size() || !word(t[e]) || !word(p.back());
    if (left && right) return true;
  }
  return false;
}

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

int Usage(const char* why) {
  std::cerr << "suggestion_eval: " << why
            << "\nusage: suggestion_eval --cases FILE.jsonl --allow FILE [--min-keep X] [--min-clean X] "
               "[--max-new-facts N] [--min-kinds N] [--min-kinds-share X] [--min-own-words X] [--verbose]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--verbose") {
      o.verbose = true;
      continue;
    }
    if (!(v = next())) return Usage(("missing value for " + a).c_str());
    if (a == "--cases")
      o.cases = v;
    else if (a == "--allow")
      o.allow = v;
    else if (a == "--min-keep")
      o.min_keep = std::stod(v);
    else if (a == "--min-clean")
      o.min_clean = std::stod(v);
    else if (a == "--max-new-facts")
      o.max_new = std::stol(v);
    else if (a == "--min-kinds")
      o.min_kinds = std::stoul(v);
    else if (a == "--min-kinds-share")
      o.min_kinds_share = std::stod(v);
    else if (a == "--min-own-words")
      o.min_own_words = std::stod(v);
    else
      return Usage(("unknown option " + a).c_str());
  }
  if (o.cases.empty() || o.allow.empty()) return Usage("--cases and --allow are required");

  std::set<std::string> allow;
  {
    std::ifstream in(o.allow);
    if (!in) return Usage((o.allow + ": cannot read").c_str());
    std::string line;
    while (std::getline(in, line)) {
      if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
      std::istringstream words(line);
      for (std::string w; words >> w;) allow.insert(Lower(w));
    }
  }
  const reframe::Lexicon lexicon = reframe::Lexicon::Builtin();
  const Grammar grammar(reframe::internal::LexiconAccess::Data(lexicon).grammar);
  const FactChecker facts(grammar, allow);
  auto analyzer = reframe::Analyzer::Create(lexicon);
  if (!analyzer.ok()) return Usage(analyzer.status().message().c_str());

  std::ifstream in(o.cases);
  if (!in) return Usage((o.cases + ": cannot read").c_str());
  size_t drafts = 0, findings = 0, enough_kinds = 0, suggestions = 0, kept = 0, with_new = 0, clean = 0, own_words = 0,
         flagged_drafts = 0, facts_listed = 0;
  std::map<std::string, std::vector<std::string>> by_text;  // suggestion -> drafts it was made for
  std::map<std::string, size_t> by_kind;
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      std::cerr << o.cases << ":" << number << ": " << e.what() << "\n";
      return 2;
    }
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      std::cerr << o.cases << ":" << number << ": needs \"text\" (a string)\n";
      return 2;
    }
    const std::string text = j["text"];
    std::optional<std::string> reply_to;
    if (j.contains("reply_to") && j["reply_to"].is_string()) reply_to = j["reply_to"].get<std::string>();
    std::vector<std::string> key_facts;
    if (j.contains("facts") && j["facts"].is_array()) {
      for (const auto& f : j["facts"]) {
        if (f.is_string()) key_facts.push_back(f);
      }
    }
    ++drafts;
    facts_listed += key_facts.size();
    reframe::AnalyzeOptions with;
    if (reply_to) with.reply_to = *reply_to;
    const reframe::Report report = analyzer->Analyze(text, with);
    if (!report.findings.empty()) ++flagged_drafts;
    std::vector<std::string> sources{text};
    if (reply_to) sources.push_back(*reply_to);
    for (const reframe::Finding& f : report.findings) {
      ++findings;
      std::set<std::string> kinds;
      for (const reframe::Suggestion& s : f.suggestions) kinds.insert(s.kind);
      if (kinds.size() >= o.min_kinds) {
        ++enough_kinds;
      } else if (o.verbose) {
        std::cout << o.cases << ":" << number << ": " << f.rule << ": only " << kinds.size() << " kinds\n";
      }
      for (const reframe::Suggestion& s : f.suggestions) {
        ++suggestions;
        ++by_kind[s.kind];
        by_text[s.text].push_back(text);
        const std::string applied = text.substr(0, s.start) + s.text + text.substr(s.end);
        // Facts kept.
        std::vector<std::string> lost;
        for (const std::string& fact : key_facts) {
          if (!ContainsPhrase(applied, fact)) lost.push_back(fact);
        }
        if (lost.empty()) ++kept;
        // New facts.
        const std::vector<std::string> added = facts.NewFacts(s.text, sources);
        if (!added.empty()) ++with_new;
        if (facts.UsesDraft(s.text, sources)) {
          ++own_words;
        } else if (o.verbose) {
          std::cout << o.cases << ":" << number << ": " << f.rule << " [" << s.kind << "] \"" << s.text
                    << "\"\n    uses none of the draft's words\n";
        }
        // Clean once applied.
        const reframe::Report again = analyzer->Analyze(applied, with);
        const size_t text_end = s.start + s.text.size();
        std::string raised;
        for (const reframe::Finding& g : again.findings) {
          auto back = [&](size_t at) { return at >= text_end ? at - text_end + s.end : at; };
          const bool here = Overlaps(g.start, g.end, s.start, text_end);
          const bool known = !here && std::any_of(report.findings.begin(), report.findings.end(), [&](const auto& k) {
            return k.rule == g.rule && k.start == back(g.start) && k.end == back(g.end) &&
                   !Overlaps(k.start, k.end, s.start, s.end);
          });
          if (!known) raised += (raised.empty() ? "" : ", ") + g.rule + " on \"" + g.text + "\"";
        }
        if (raised.empty()) ++clean;
        if (o.verbose && (!lost.empty() || !added.empty() || !raised.empty())) {
          std::cout << o.cases << ":" << number << ": " << f.rule << " [" << s.kind << "] \"" << s.text << "\"\n";
          if (!lost.empty()) {
            std::cout << "    loses:";
            for (const auto& l : lost) std::cout << " \"" << l << "\"";
            std::cout << "\n";
          }
          if (!added.empty()) {
            std::cout << "    adds:";
            for (const auto& a : added) std::cout << " " << a;
            std::cout << "\n";
          }
          if (!raised.empty()) std::cout << "    raises: " << raised << "\n";
        }
      }
      if (o.verbose && f.suggestions.empty())
        std::cout << o.cases << ":" << number << ": " << f.rule << ": no suggestion\n";
    }
    if (o.verbose && report.findings.empty()) std::cout << o.cases << ":" << number << ": not flagged\n";
  }
  size_t shared = 0;
  for (const auto& [s, list] : by_text) {
    std::set<std::string> distinct(list.begin(), list.end());
    if (distinct.size() > 1) {
      shared += list.size();
      if (o.verbose) std::cout << "same suggestion for " << distinct.size() << " drafts: \"" << s << "\"\n";
    }
  }
  auto share = [](size_t a, size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 1.0; };
  const double keep = share(kept, suggestions), clean_share = share(clean, suggestions);
  const double kinds_share = share(enough_kinds, findings), own = share(own_words, suggestions);
  std::printf("%s: %zu drafts (%zu flagged), %zu findings, %zu suggestions\n", o.cases.c_str(), drafts, flagged_drafts,
              findings, suggestions);
  std::printf("  findings with >= %zu kinds:      %5.1f%% (%zu/%zu)\n", o.min_kinds, 100 * kinds_share, enough_kinds,
              findings);
  std::printf("  keep the draft's key facts:     %5.1f%% (%zu/%zu)\n", 100 * keep, kept, suggestions);
  std::printf("  introduce no new fact:          %5.1f%% (%zu/%zu)\n", 100 * share(suggestions - with_new, suggestions),
              suggestions - with_new, suggestions);
  std::printf("  re-check clean when applied:    %5.1f%% (%zu/%zu)\n", 100 * clean_share, clean, suggestions);
  std::printf("  use the draft's own words:      %5.1f%% (%zu/%zu)\n", 100 * own, own_words, suggestions);
  std::printf("  same text for different drafts: %zu suggestions\n", shared);
  std::printf("  by kind:");
  for (const auto& [k, n] : by_kind) std::printf(" %s %zu", k.c_str(), n);
  std::printf("\n");
  bool ok = true;
  auto floor = [&](const char* what, double got, double want) {
    if (want >= 0 && got + 1e-9 < want) {
      std::printf("FAIL: %s %.3f below %.3f\n", what, got, want);
      ok = false;
    }
  };
  floor("keep", keep, o.min_keep);
  floor("clean", clean_share, o.min_clean);
  floor("kinds", kinds_share, o.min_kinds_share);
  floor("own words", own, o.min_own_words);
  if (o.max_new >= 0 && static_cast<long>(with_new) > o.max_new) {
    std::printf("FAIL: %zu suggestions introduce a new fact (at most %ld)\n", with_new, o.max_new);
    ok = false;
  }
  return ok ? 0 : 1;
}
