// The suggester of report/suggester.h.
#include "report/suggester.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <unordered_map>

#include "lexicon/suggestion_template.h"

namespace reframe::internal {
namespace {

constexpr size_t kNone = SIZE_MAX;

// Words of a slot value, each with whether a space goes before it.
struct Piece {
  std::string text;
  bool space_before = true;
};
using Phrase = std::vector<Piece>;

std::string Join(const Phrase& phrase) {
  std::string out;
  for (const Piece& p : phrase) {
    if (!out.empty() && p.space_before) out += ' ';
    out += p.text;
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char Upper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

bool In(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// A message as the clause layer read it.
struct Reading {
  std::string_view body;
  const PreparedText* text = nullptr;
  const LanguageView* lang = nullptr;
  bool shouting = false;  // most letters upper case: capitals say nothing
  [[nodiscard]] const std::vector<Token>& tokens() const { return lang->tokens; }
  [[nodiscard]] const std::vector<Clause>& clauses() const { return lang->clauses; }
  [[nodiscard]] Span InputOf(const Token& t) const { return text->ToInput({t.begin, t.end}); }
};

// Words that end a verb phrase without adding to it: "again", "lol", "tho".
bool IsTrailingFiller(const Token& t) {
  if (!t.IsWord()) return true;
  if (t.tag == Tag::kDiscourse || t.In(kPlayful)) return true;
  return In(t.norm, {"again", "anymore", "ever", "though", "tho", "honestly", "seriously", "lol", "either", "anyway",
                     "anyways", "tbh", "ngl", "smh", "okay", "ok"});
}

// Verbs whose "to"-complement is the act itself: "meant to call" -> "call".
bool IsCatenative(std::string_view lemma, bool writer) {
  if (In(lemma, {"go", "bother", "learn"})) return true;
  return writer && In(lemma, {"mean", "try", "plan", "intend", "want", "forget", "need", "hope", "manage", "remember",
                              "get", "attempt", "promise", "decide", "like", "love", "wish"});
}

// A verb phrase of a clause: its head verb and the words after it.
struct VerbPhrase {
  size_t head = kNone;
  size_t end = 0;
  Person subject = Person::kNone;
  bool negative = false;
  std::vector<uint8_t> drop;                // by token index - head: always, never, not inside the phrase
  size_t lead_first = kNone, lead_end = 0;  // a time clause before it, said after it with "when"
};

class Renderer {
 public:
  explicit Renderer(const Reading& r, const WordTable* words = nullptr) : r_(r), words_(words) {}

  // Token k as the writer wrote it (shouting lowered, a capital that only
  // started the sentence dropped), or `replacement` when given.
  void Add(size_t k, const std::string* replacement = nullptr, bool attach = false) {
    const Token& t = r_.tokens()[k];
    const Span in = r_.InputOf(t);
    const bool shared = have_last_ && in.begin < last_end_;  // "im" is "i" + "am": one input word
    if (shared && !replacement && !last_replaced_) return;
    bool space = true;
    if (have_last_ && !shared) {
      space = false;
      for (uint32_t i = last_end_; i < in.begin && i < r_.body.size(); ++i) space = space || IsSpace(r_.body[i]);
    }
    if (attach) space = false;
    std::string text;
    if (replacement) {
      text = *replacement;
    } else {
      text = std::string(r_.body.substr(in.begin, in.end - in.begin));
      int letters = 0, upper = 0;
      for (char c : text) {
        letters += std::isalpha(static_cast<unsigned char>(c)) != 0;
        upper += IsUpper(c);
      }
      const bool is_i = t.norm == "i";
      if (r_.shouting && letters >= 2 && upper == letters) {
        // Shouting: every word looks like a name, so only the word table's names keep a capital.
        for (char& c : text) c = Lower(c);
        const WordTable& words = words_ ? *words_ : WordTable::Builtin();
        bool name = false;
        for (const std::string& form : {t.norm, t.lemma}) {
          const WordFacts f = words.Find(form);
          name = name || (f.name && !f.common);
        }
        if (name && !text.empty()) text[0] = Upper(text[0]);
      } else if (!is_i && t.initial_cap && !t.capitalized && t.tag != Tag::kName && !text.empty()) {
        text[0] = Lower(text[0]);
      }
      if (is_i) {
        for (char& c : text) c = c == 'i' ? 'I' : c;
      }
    }
    out_.push_back({std::move(text), space});
    last_end_ = std::max(in.end, have_last_ ? last_end_ : 0u);
    have_last_ = true;
    last_replaced_ = replacement != nullptr;
  }
  void AddText(std::string text) { out_.push_back({std::move(text), true}); }
  Phrase Take() { return std::move(out_); }

 private:
  const Reading& r_;
  const WordTable* words_;
  Phrase out_;
  uint32_t last_end_ = 0;
  bool have_last_ = false;
  bool last_replaced_ = false;
};

// The index of the clause holding token k.
size_t ClauseOfToken(const Reading& r, size_t k) {
  const auto& cs = r.clauses();
  for (size_t i = 0; i < cs.size(); ++i) {
    if (k >= cs[i].first && k < cs[i].last) return i;
  }
  return kNone;
}

// The token that holds folded position `pos` (or the first after it).
size_t TokenContaining(const Reading& r, uint32_t pos) {
  const auto& t = r.tokens();
  auto it = std::upper_bound(t.begin(), t.end(), pos, [](uint32_t p, const Token& k) { return p < k.begin; });
  if (it != t.begin() && (it - 1)->end > pos) return static_cast<size_t>(it - 1 - t.begin());
  return static_cast<size_t>(it - t.begin());
}

size_t ClauseAtPos(const Reading& r, uint32_t pos) {
  const size_t k = TokenContaining(r, pos);
  return ClauseOfToken(r, k < r.tokens().size() ? k : kNone);
}

// A word a noun phrase may go on with: nouns, names, adjectives, numbers;
// "'s" between two of them ("Maya's birthday", read "is" by the tagger);
// an -ing word or a verb with a noun reading after them ("the seating
// chart", "the wedding planning thing").
bool NounPhraseWord(const std::vector<Token>& t, size_t j, size_t end, const WordTable& words) {
  const Token& w = t[j];
  if (w.tag == Tag::kAdj || w.tag == Tag::kNoun || w.tag == Tag::kName || w.tag == Tag::kNumber) return true;
  const bool next_word = j + 1 < end && t[j + 1].IsWord();
  if (w.clitic && (w.tag == Tag::kPossessive || w.norm == "is" || w.norm == "'s")) {
    return next_word && (t[j + 1].tag == Tag::kNoun || t[j + 1].tag == Tag::kAdj || t[j + 1].tag == Tag::kVerb ||
                         t[j + 1].tag == Tag::kName);
  }
  if (w.tag == Tag::kVerb && j > 0) {
    const Token& prev = t[j - 1];
    const bool after_noun = prev.tag == Tag::kNoun || prev.tag == Tag::kAdj || prev.tag == Tag::kName ||
                            (prev.clitic && (prev.norm == "is" || prev.norm == "'s")) || prev.tag == Tag::kPossessive ||
                            prev.tag == Tag::kDeterminer;
    if (!after_noun) return false;
    if (w.ing) return true;
    const WordFacts f = words.Find(w.norm);
    const WordFacts l = words.Find(w.lemma);
    const bool noun_reading = (f.pos & kPosNoun) || (l.pos & kPosNoun);
    const bool ends = !next_word || t[j + 1].tag == Tag::kPreposition || t[j + 1].tag == Tag::kCoordinator ||
                      t[j + 1].tag == Tag::kSubordinator;
    return noun_reading && ends && prev.tag != Tag::kPossessive && prev.tag != Tag::kDeterminer;
  }
  return false;
}

size_t NextWord(const std::vector<Token>& t, size_t k, size_t end) {
  for (++k; k < end; ++k) {
    if (t[k].IsWord()) return k;
  }
  return kNone;
}

// The next word after k that is not an adverb of degree or frequency.
size_t NextContent(const std::vector<Token>& t, size_t k, size_t end) {
  for (k = NextWord(t, k, end); k != kNone; k = NextWord(t, k, end)) {
    const Token& w = t[k];
    if (w.tag == Tag::kIntensifier || w.tag == Tag::kFrequency || w.tag == Tag::kNegator ||
        (w.tag == Tag::kAdv && (w.In(kIntensifier) || w.In(kFrequency))))
      continue;
    return k;
  }
  return kNone;
}

// The verb phrase of clause ci: past the subject, auxiliaries, negation and
// "always"; through "meant to" (for the writer) to the act; on over the
// time, condition and relative clauses that belong to it ("call when you
// say you will"); without trailing fillers ("again", "lol").
// `norms`: the token norms of `r`, for grammar look-ups.
bool PredicateOf(const Reading& r, const std::vector<std::string_view>& norms, const Grammar& grammar, size_t ci,
                 bool writer, VerbPhrase* vp) {
  const auto& t = r.tokens();
  const auto& cs = r.clauses();
  const Clause& c = cs[ci];
  size_t end = c.last;
  for (size_t j = ci + 1; j < cs.size() && cs[j].sentence == c.sentence; ++j) {
    const Link l = cs[j].link;
    if (l != Link::kTime && l != Link::kCondition && l != Link::kRelative && l != Link::kComplement) break;
    end = cs[j].last;
  }
  bool negative = c.negated;
  size_t k = c.subject_token != kNone ? c.subject_token + 1 : c.first;
  while (k < end) {
    const Token& w = t[k];
    if (!w.IsWord() || w.tag == Tag::kCoordinator || w.tag == Tag::kSubordinator || w.tag == Tag::kDiscourse ||
        w.tag == Tag::kIntensifier || w.tag == Tag::kQuestionWord ||
        (w.tag == Tag::kAdv && (w.In(kIntensifier) || w.In(kDiscourse)))) {
      ++k;
      continue;
    }
    if (w.tag == Tag::kNegator || w.tag == Tag::kFrequency) {
      negative = negative || w.norm == "never" || w.tag == Tag::kNegator;
      ++k;
      continue;
    }
    if (w.tag == Tag::kModal) {
      ++k;
      continue;
    }
    const size_t next = NextContent(t, k, end);
    if (w.tag == Tag::kDo && next != kNone && t[next].IsVerbLike()) {
      ++k;
      continue;
    }
    if (w.tag == Tag::kBe && next != kNone && t[next].tag == Tag::kVerb && t[next].ing) {
      k = next;
      continue;
    }
    if (w.tag == Tag::kHave && next != kNone && t[next].tag == Tag::kVerb && t[next].past) {
      k = next;
      continue;
    }
    break;
  }
  if (k >= end || !t[k].IsVerbLike() || t[k].tag == Tag::kModal) return false;
  size_t head = k;
  // "meant to call", "was going to text", "keep interrupting".
  for (int guard = 0; guard < 4; ++guard) {
    const Token& h = t[head];
    const size_t next = NextWord(t, head, end);
    if (next == kNone) break;
    if (h.lemma == "keep" && t[next].tag == Tag::kVerb && t[next].ing) {
      head = next;
      continue;
    }
    const size_t after = NextWord(t, next, end);
    if (t[next].norm == "to" && after != kNone && t[after].IsVerbLike() && t[after].tag != Tag::kModal &&
        IsCatenative(h.lemma, writer)) {
      head = after;
      continue;
    }
    break;
  }
  // Trailing fillers, and "all the time", "every single time" at the end.
  bool changed = true;
  while (changed && end > head + 1) {
    changed = false;
    while (end > head + 1 && IsTrailingFiller(t[end - 1])) {
      --end;
      changed = true;
    }
    for (size_t i = head + 1; i < end; ++i) {
      const size_t n = grammar.MatchAt(norms, i, kFrequency);
      if (n && i + n == end) {
        end = i;
        changed = true;
        break;
      }
    }
  }
  while (end > head + 1 && !t[end - 1].IsWord()) --end;
  vp->head = head;
  vp->end = end;
  vp->negative = negative;
  vp->subject = c.subject_token != kNone ? t[c.subject_token].person : Person::kNone;
  vp->drop.assign(end - head, 0);
  // Only the head clause's "never" and "not": a clause after it keeps its
  // own ("when I can't come" stays negative).
  const size_t own_end = std::min(end, static_cast<size_t>(c.last));
  for (size_t i = head + 1; i < own_end; ++i) {
    const size_t n = grammar.MatchAt(norms, i, kFrequency);
    if (n) {
      for (size_t j = i; j < i + n && j < end; ++j) vp->drop[j - head] = 1;
      i += n - 1;
    } else if (t[i].tag == Tag::kNegator || (t[i].tag == Tag::kFrequency)) {
      vp->drop[i - head] = 1;
    }
  }
  return true;
}

// Verbs whose last consonant doubles though they have two syllables.
bool DoublesLast(std::string_view lemma) {
  for (std::string_view v : {"forget", "begin", "regret", "prefer", "admit", "commit", "refer", "omit", "permit",
                             "occur", "upset", "submit", "control", "equip", "compel", "forbid", "unplug"}) {
    if (lemma.size() >= v.size() && lemma.substr(lemma.size() - v.size()) == v) return true;
  }
  return false;
}

std::string HeadForm(const Token& h, SlotForm form, Person subject, const WordTable& words) {
  std::string lemma = h.tag == Tag::kBe ? "be" : h.tag == Tag::kHave ? "have" : h.tag == Tag::kDo ? "do" : h.lemma;
  if (lemma.empty()) lemma = h.norm;
  if (form == SlotForm::kIng) return IngForm(lemma, words);
  if (form == SlotForm::kPresent) {
    if (lemma == "be") return subject == Person::kI ? "am" : subject == Person::kThird ? "is" : "are";
    if (lemma == "have" && subject == Person::kThird) return "has";
  }
  return lemma;
}

Phrase RenderVerbPhrase(const Reading& r, const VerbPhrase& vp, SlotForm form, const WordTable& words) {
  Renderer out(r);
  const std::string head = HeadForm(r.tokens()[vp.head], form, vp.subject, words);
  out.Add(vp.head, &head);
  for (size_t i = vp.head + 1; i < vp.end; ++i) {
    if (!vp.drop[i - vp.head]) out.Add(i);
  }
  Phrase phrase = out.Take();
  if (vp.lead_first != kNone) {
    Renderer lead(r);
    for (size_t i = vp.lead_first; i < vp.lead_end; ++i) lead.Add(i);
    phrase.push_back({"when", true});
    for (Piece& p : lead.Take()) phrase.push_back(std::move(p));
  }
  return phrase;
}

// A time word or a clock time: "tonight", "this week", "at 7", "7pm".
bool IsClock(std::string_view w) {
  size_t i = 0;
  while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i]))) ++i;
  if (i == 0 || i > 2) return false;
  const std::string_view rest = w.substr(i);
  return rest.empty() || rest == "am" || rest == "pm";
}

bool IsTimePreposition(std::string_view w) {
  return In(w, {"on", "at", "by", "until", "till", "til", "before", "after", "around", "since", "from", "for", "over",
                "during", "this", "next"});
}

// Whether most of the letters of `text` are upper case.
bool IsShouting(std::string_view text) {
  size_t letters = 0, upper = 0;
  for (char c : text) {
    letters += IsLower(c) || IsUpper(c);
    upper += IsUpper(c);
  }
  return letters >= 4 && upper * 2 > letters;
}

}  // namespace

namespace {

std::string ComputeIngForm(std::string_view lemma, const WordTable& words) {
  if (lemma == "be") return "being";
  const std::string l(lemma);
  if (DoublesLast(l)) return l + l.back() + "ing";
  std::string best;
  for (const std::string& f : words.Inflect(lemma, kPosVerb)) {
    if (f.size() > 3 && f.compare(f.size() - 3, 3, "ing") == 0) best = f;
  }
  return best.empty() ? l + "ing" : best;
}

}  // namespace

std::string IngForm(std::string_view lemma, const WordTable& words) {
  // Inflect scans every irregular form of the table (~0.1 ms a call), and
  // the same few verbs come back finding after finding. The built-in table
  // lives until exit and never changes, so its answers are kept, per thread
  // and bounded; another table (tests, the build tool) is asked each time.
  if (&words != &WordTable::Builtin()) return ComputeIngForm(lemma, words);
  constexpr size_t kMaxKnown = 4096;
  thread_local std::unordered_map<std::string, std::string> known;
  std::string key(lemma);
  if (auto it = known.find(key); it != known.end()) return it->second;
  if (known.size() >= kMaxKnown) known.clear();
  std::string form = ComputeIngForm(lemma, words);
  known.emplace(std::move(key), form);
  return form;
}

struct SuggesterState {
  DraftReading draft;
  Reading reading;
  std::vector<std::string_view> norms;
  // The message answered, read when a template asks for it.
  bool reply_read = false;
  PreparedText reply_text;
  LanguageView reply_lang;
  Reading reply;

  explicit SuggesterState(const DraftReading& d) : draft(d) {
    reading.body = d.body;
    reading.text = d.text;
    reading.lang = d.lang;
    reading.shouting = IsShouting(d.body);
    for (const Token& t : d.lang->tokens) norms.push_back(t.norm);
  }

  const Reading* Reply() {
    if (!draft.reply_to || !draft.preparer) return nullptr;
    if (!reply_read) {
      reply_read = true;
      draft.preparer->Prepare(*draft.reply_to, reply_text);
      draft.preparer->SegmentSentences(reply_text);
      reply_lang.Build(reply_text, *draft.reply_to, *draft.grammar, *draft.words);
      reply.body = *draft.reply_to;
      reply.text = &reply_text;
      reply.lang = &reply_lang;
      reply.shouting = IsShouting(reply.body);
    }
    return reply.lang->clauses.empty() ? nullptr : &reply;
  }
};

namespace {

// What one finding's templates are filled from.
class SlotFiller {
 public:
  SlotFiller(SuggesterState& impl, const RuleMatch& m, size_t first_sentence, size_t last_sentence)
      : impl_(impl), r_(impl.reading), m_(m) {
    const auto& t = r_.tokens();
    // Tokens of the replaced sentences, and the clauses the finding touches.
    const Span from = r_.text->sentences[first_sentence];
    const Span to = r_.text->sentences[last_sentence];
    sent_begin_ = r_.lang->TokenAt(from.begin);
    sent_end_ = r_.lang->TokenAt(to.end);
    auto touch = [&](uint32_t pos) {
      const size_t ci = ClauseAtPos(r_, pos);
      if (ci != kNone && std::find(flagged_.begin(), flagged_.end(), ci) == flagged_.end()) flagged_.push_back(ci);
    };
    for (const Span& e : m.elements) {
      touch(e.begin);
      if (e.end > e.begin) touch(e.end - 1);
    }
    touch(m.folded.begin);
    std::sort(flagged_.begin(), flagged_.end());
    // What the flagged clauses' verb phrases and clause slots take in: the
    // time, condition and relative clauses after them.
    covered_ = flagged_;
    for (size_t ci : flagged_) {
      for (size_t j = ci + 1; j < r_.clauses().size() && r_.clauses()[j].sentence == r_.clauses()[ci].sentence; ++j) {
        const Link l = r_.clauses()[j].link;
        if (l != Link::kTime && l != Link::kCondition && l != Link::kRelative && l != Link::kComplement) break;
        covered_.push_back(j);
      }
    }
    for (size_t ci = 0; ci < r_.clauses().size(); ++ci) {
      const Clause& c = r_.clauses()[ci];
      if (c.first >= sent_begin_ && c.last <= sent_end_ && c.first < t.size()) sentence_clauses_.push_back(ci);
    }
  }

  // The slot's value in `form`; nullopt when the draft has nothing for it.
  // Computed once per finding: it depends only on the draft and the finding.
  const std::optional<std::string>& Value(const std::string& name, SlotForm form) {
    for (const Known& k : values_) {
      if (k.form == form && k.name == name) return k.value;
    }
    values_.push_back({name, form, Compute(name, form)});
    return values_.back().value;
  }

 private:
  std::optional<std::string> Compute(const std::string& name, SlotForm form) {
    for (const MatchedSlot& s : m_.slots) {
      if (s.name != name) continue;
      Phrase p;
      if (form == SlotForm::kClause || form == SlotForm::kDetail) p = ClauseOf(s.folded, form == SlotForm::kDetail);
      // A clause that says nothing but grammar ("I can't right now") is its match.
      if (p.empty() && form != SlotForm::kDetail) p = Tokens(s.folded);
      std::string v = Join(p);
      if (!v.empty()) return v;
      if (form == SlotForm::kDetail) return std::nullopt;
    }
    if (name == "you_do" || name == "you_dont" || name == "i_do" || name == "i_dont") {
      const bool writer = name[0] == 'i';
      const bool negative = name.back() == 't';
      VerbPhrase vp;
      if (!FindPredicate(writer, negative, &vp)) return std::nullopt;
      return Join(RenderVerbPhrase(r_, vp, form, *impl_.draft.words));
    }
    if (name == "what") return NonEmpty(What());
    if (name == "who") return NonEmpty(Who());
    if (name == "when") return NonEmpty(When());
    if (name == "rest") return NonEmpty(Rest());
    if (name == "reply") return NonEmpty(ReplyClause(false));
    if (name == "reply_what") return NonEmpty(ReplyClause(true));
    return std::nullopt;
  }

  static std::optional<std::string> NonEmpty(std::string s) {
    if (s.empty()) return std::nullopt;
    return s;
  }

  // The words of folded span `span`, as written.
  Phrase Tokens(Span span) const {
    Renderer out(r_);
    const auto& t = r_.tokens();
    size_t end = r_.lang->TokenAt(span.end);
    size_t k = r_.lang->TokenAt(span.begin);
    while (end > k && !t[end - 1].IsWord()) --end;
    while (k < end && !t[k].IsWord()) ++k;
    for (; k < end; ++k) out.Add(k);
    return out.Take();
  }

  // The clause(s) a match stands in, with the time, condition and relative
  // clauses that belong to them, without the word that joins them ("but",
  // "and") or a trailing filler. Nothing when they say nothing but the
  // match's grammar ("I didn't").
  Phrase ClauseOf(Span span, bool detail) const {
    const auto& t = r_.tokens();
    const auto& cs = r_.clauses();
    const size_t a = ClauseAtPos(r_, span.begin);
    const size_t b = span.end > span.begin ? ClauseAtPos(r_, span.end - 1) : a;
    if (a == kNone || b == kNone) return detail ? Phrase() : Tokens(span);
    size_t last = std::max(a, b);
    while (last + 1 < cs.size() && cs[last + 1].sentence == cs[last].sentence &&
           (cs[last + 1].link == Link::kTime || cs[last + 1].link == Link::kCondition ||
            cs[last + 1].link == Link::kRelative || cs[last + 1].link == Link::kComplement))
      ++last;
    size_t k = cs[a].first;
    size_t end = cs[last].last;
    while (k < end &&
           (!t[k].IsWord() || t[k].tag == Tag::kCoordinator || t[k].In(kContrast) || t[k].tag == Tag::kDiscourse))
      ++k;
    while (end > k && IsTrailingFiller(t[end - 1])) --end;
    bool content = false, fact = false;
    for (size_t q = k; q < end; ++q) {
      content = content || t[q].tag == Tag::kNoun || t[q].tag == Tag::kName || t[q].tag == Tag::kVerb ||
                t[q].tag == Tag::kAdj || t[q].tag == Tag::kNumber;
      fact = fact || t[q].tag == Tag::kNoun || t[q].tag == Tag::kName || t[q].tag == Tag::kNumber || t[q].In(kTimeWord);
    }
    if (!content || (detail && !fact)) return {};
    Renderer out(r_);
    for (; k < end; ++k) {
      if (!In(t[k].norm, {"though", "tho", "however"})) out.Add(k);
    }
    return out.Take();
  }

  // The verb phrase of the first clause about the other person (or the
  // writer) that has one: the finding's own clauses first. Its polarity says
  // whether it is what they do or what they don't.
  bool FindPredicate(bool writer, bool negative, VerbPhrase* vp) const {
    // Asked for by several slots and templates of one finding: found once.
    std::optional<std::pair<bool, VerbPhrase>>& known = predicates_[writer][negative];
    if (!known) {
      VerbPhrase found;
      const bool ok = SearchPredicate(writer, negative, &found);
      known.emplace(ok, std::move(found));
    }
    if (known->first) *vp = known->second;
    return known->first;
  }

  bool SearchPredicate(bool writer, bool negative, VerbPhrase* vp) const {
    const Person want = writer ? Person::kI : Person::kYou;
    const auto& t = r_.tokens();
    // An act before a state: "you took the car", not "you're so selfish".
    for (const bool states : {false, true}) {
      for (const std::vector<size_t>* list : {&flagged_, &sentence_clauses_}) {
        for (size_t ci : *list) {
          const Clause& c = r_.clauses()[ci];
          const bool subject_ok = writer
                                      ? (c.subject == Subject::kI || (c.subject == Subject::kNone && c.elided_subject))
                                      : c.subject == Subject::kYou;
          const bool subordinate = c.link == Link::kTime || c.link == Link::kCondition || c.link == Link::kRelative ||
                                   c.link == Link::kComplement;
          if (!subject_ok || subordinate || c.quoted || c.reported) continue;
          VerbPhrase p;
          if (!PredicateOf(r_, impl_.norms, *impl_.draft.grammar, ci, writer, &p)) continue;
          bool other_verb = false;
          for (size_t q = p.head + 1; q < p.end; ++q) other_verb = other_verb || t[q].tag == Tag::kVerb;
          const bool state = t[p.head].tag == Tag::kBe && !other_verb;
          if (state && !states) continue;
          if (p.negative != negative) return false;
          p.subject = want;
          LeadClause(ci, &p);
          *vp = p;
          return true;
        }
      }
    }
    return false;
  }

  // "Every time we plan a date night, you cancel": the time clause before
  // the verb phrase belongs to it ("cancel when we plan a date night").
  void LeadClause(size_t ci, VerbPhrase* p) const {
    if (ci == 0) return;
    const Clause& c = r_.clauses()[ci];
    const Clause& prev = r_.clauses()[ci - 1];
    if (prev.sentence != c.sentence || prev.subject == Subject::kYou) return;
    const auto& t = r_.tokens();
    size_t k = prev.first;
    while (k < prev.last && !t[k].IsWord()) ++k;
    const size_t n = impl_.draft.grammar->MatchAt(impl_.norms, k, kFrequency);
    const bool when = k < prev.last && (t[k].norm == "whenever" || t[k].norm == "when");
    if (!n && !when) return;
    if (n && !In(t[k].norm, {"every", "each"})) return;  // "every time", "each time"
    size_t a = k + (n ? n : 1), end = prev.last;
    while (end > a && (!t[end - 1].IsWord() || IsTrailingFiller(t[end - 1]))) --end;
    if (a >= end) return;
    p->lead_first = a;
    p->lead_end = end;
  }

  // The token norms of `r`, for grammar look-ups.
  const std::vector<std::string_view>& Norms(const Reading& r) const {
    if (&r == &r_) return impl_.norms;
    reply_norms_.clear();
    for (const Token& t : r.tokens()) reply_norms_.push_back(t.norm);
    return reply_norms_;
  }

  // The first noun phrase of tokens [k, end): "the dishes", "Maya's
  // birthday", "dinner with my parents". `verdicts`: leave out what follows
  // "is" ("it's all your fault", "you're such a slob"): a verdict, not a thing.
  std::optional<std::pair<size_t, size_t>> NounPhrase(const Reading& r, size_t k, size_t end,
                                                      bool verdicts = false) const {
    const auto& t = r.tokens();
    const WordTable& words = *impl_.draft.words;
    auto head_ok = [&](size_t a, size_t b) {
      size_t nouns = 0;
      for (size_t q = a; q < b; ++q)
        nouns += t[q].tag == Tag::kNoun || t[q].tag == Tag::kName || t[q].tag == Tag::kVerb;
      const Token& last = t[b - 1];
      if (In(last.norm, {"fault",   "deal",    "problem", "point",  "idea",   "clue",    "chance", "way",   "lot",
                         "bit",     "sense",   "front",   "middle", "top",    "end",     "side",   "case",  "order",
                         "place",   "spite",   "terms",   "sake",   "behalf", "matter",  "one",    "ones",  "course",
                         "defense", "defence", "excuse",  "reason", "minute", "minutes", "hour",   "hours", "second",
                         "seconds", "dollar",  "dollars", "buck",   "bucks"}))
        return false;
      // "every time", "one thing": not a thing the draft is about, unless a compound ("the planning thing").
      if (In(last.norm, {"time", "times", "thing", "things", "day", "days"}) && nouns < 2) return false;
      return !(last.In(kTimeWord) && nouns < 2);
    };
    for (size_t i = k; i < end; ++i) {
      const Token& w = t[i];
      // "ur sister": "ur" is "you're" to the tagger, "your" to the writer.
      const bool ur = w.norm == "you" && i + 2 < end && t[i + 1].norm == "are" &&
                      r.InputOf(t[i + 1]).begin < r.InputOf(w).end &&
                      (t[i + 2].tag == Tag::kNoun || t[i + 2].tag == Tag::kAdj);
      // A gerund after a preposition: "about moving to Seattle".
      const bool gerund = w.tag == Tag::kVerb && w.ing && i > 0 && t[i - 1].tag == Tag::kPreposition;
      const bool starts = w.tag == Tag::kDeterminer || w.tag == Tag::kPossessive || w.tag == Tag::kAdj ||
                          w.tag == Tag::kNoun || w.tag == Tag::kName || w.tag == Tag::kNumber || ur || gerund;
      if (!starts || w.clitic || w.In(kFrequency) ||
          In(w.norm, {"every", "all", "any", "no", "much", "more", "enough", "what", "which", "whatever", "such",
                      "only", "just", "even", "done", "sure", "ready", "able"}))
        continue;
      // "no point", "no idea": nothing there.
      if (i > 0 && t[i - 1].In(kNegativeQuantifier)) continue;
      if (verdicts) {
        size_t p = i;
        while (p > k && (t[p - 1].tag == Tag::kIntensifier || t[p - 1].tag == Tag::kAdv || t[p - 1].norm == "all" ||
                         t[p - 1].tag == Tag::kNegator || t[p - 1].tag == Tag::kFrequency || t[p - 1].norm == "being" ||
                         t[p - 1].norm == "such" || t[p - 1].norm == "a" || t[p - 1].norm == "an"))
          --p;
        if (p > 0 && t[p - 1].tag == Tag::kBe) continue;
      }
      size_t j = ur ? i + 2 : i + 1;
      bool noun = w.tag == Tag::kNoun || w.tag == Tag::kName || gerund;
      if (gerund) {
        // "remembering our anniversary": the gerund takes its object along;
        // a bare gerund needs a prepositional phrase ("moving to Seattle").
        if (j < end && (t[j].tag == Tag::kDeterminer || t[j].tag == Tag::kPossessive) && !t[j].In(kFrequency))
          ++j;
        else if (!(j < end && (NounPhraseWord(t, j, end, words) || t[j].tag == Tag::kPreposition)))
          continue;
      }
      while (j < end && NounPhraseWord(t, j, end, words)) {
        // Adjectives come before the noun: "twenty minutes late" ends at "minutes".
        if (noun && t[j].tag == Tag::kAdj) break;
        noun = noun || t[j].tag == Tag::kNoun || t[j].tag == Tag::kName;
        ++j;
      }
      // "my birthday last year": a time right after it belongs to it.
      if (noun && j < end) {
        if (const size_t n = impl_.draft.grammar->MatchAt(Norms(r), j, kTimeWord); n && j + n <= end) j += n;
      }
      // A place by its owner: "at Luigi's", "at your dad's".
      if (noun && j < end && t[j].clitic && (t[j].norm == "is" || t[j].norm == "'s") &&
          (j + 1 >= end || !t[j + 1].IsWord() || t[j + 1].tag == Tag::kPreposition))
        ++j;
      // "Jess and Tom", "the kids and the dog".
      while (noun && j + 1 < end && t[j].norm == "and" &&
             (t[j + 1].tag == Tag::kName || ((t[j + 1].tag == Tag::kDeterminer || t[j + 1].tag == Tag::kPossessive) &&
                                             j + 2 < end && t[j + 2].tag == Tag::kNoun))) {
        size_t q = j + 1;
        if (t[q].tag != Tag::kName) ++q;
        ++q;
        while (q < end && NounPhraseWord(t, q, end, words)) ++q;
        j = q;
      }
      if (!noun || !head_ok(i, j)) continue;
      // One prepositional phrase more: "dinner with my parents", "the trip to Vegas".
      if (j + 1 < end && In(t[j].norm, {"of", "at", "with", "from", "to", "for", "in", "on", "about"})) {
        size_t q = j + 1;
        if (q < end && (t[q].tag == Tag::kDeterminer || t[q].tag == Tag::kPossessive) && !t[q].In(kFrequency)) ++q;
        size_t r2 = q;
        bool pnoun = false;
        while (r2 < end && (r2 == q ? (t[r2].tag == Tag::kAdj || t[r2].tag == Tag::kNoun || t[r2].tag == Tag::kName ||
                                       t[r2].tag == Tag::kNumber)
                                    : NounPhraseWord(t, r2, end, words))) {
          pnoun = pnoun || t[r2].tag == Tag::kNoun || t[r2].tag == Tag::kName;
          ++r2;
        }
        if (pnoun && r2 > q) j = r2;
      }
      return std::make_pair(i, j);
    }
    return std::nullopt;
  }

  std::string What() const {
    for (const bool writer : {false, true}) {
      for (const bool negative : {false, true}) {
        VerbPhrase vp;
        if (!FindPredicate(writer, negative, &vp)) continue;
        if (auto np = NounPhrase(r_, vp.head + 1, vp.end, true)) return Render(r_, np->first, np->second);
      }
    }
    for (size_t ci : flagged_) {
      const Clause& c = r_.clauses()[ci];
      if (auto np = NounPhrase(r_, c.first, c.last, true)) return Render(r_, np->first, np->second);
    }
    for (size_t ci : sentence_clauses_) {
      if (std::find(flagged_.begin(), flagged_.end(), ci) != flagged_.end()) continue;
      const Clause& c = r_.clauses()[ci];
      if (auto np = NounPhrase(r_, c.first, c.last)) return Render(r_, np->first, np->second);
    }
    return "";
  }

  std::string Render(const Reading& r, size_t a, size_t b) const {
    Renderer out(r);
    for (size_t k = a; k < b; ++k) out.Add(k);
    return Join(out.Take());
  }

  std::string Who() const {
    const auto& t = r_.tokens();
    for (size_t k = sent_begin_; k < sent_end_ && k < t.size(); ++k) {
      const Token& w = t[k];
      if (w.tag == Tag::kName && !w.In(kTimeWord) && w.norm != "i" && (w.capitalized || w.initial_cap)) {
        return Render(r_, k, k + 1);
      }
      if (w.tag == Tag::kPossessive && !w.clitic && k + 1 < sent_end_) {
        const size_t n = impl_.draft.grammar->MatchAt(impl_.norms, k + 1, kPersonNoun);
        if (n) return Render(r_, k, k + 1 + n);
      }
    }
    return "";
  }

  std::string When() const {
    const auto& t = r_.tokens();
    for (size_t k = sent_begin_; k < sent_end_ && k < t.size(); ++k) {
      size_t n = impl_.draft.grammar->MatchAt(impl_.norms, k, kTimeWord);
      if (!n && IsClock(t[k].norm) && k > 0 &&
          In(t[k - 1].norm, {"at", "by", "around", "until", "till", "before", "after"})) {
        n = 1;
        if (k + 2 < t.size() && t[k + 1].norm == ":" && t[k + 2].tag == Tag::kNumber) n = 3;
        if (k + n < t.size() && In(t[k + n].norm, {"am", "pm"})) ++n;
      }
      if (!n) continue;
      size_t a = k;
      if (k > sent_begin_ && IsTimePreposition(t[k - 1].norm) && t[k - 1].IsWord()) a = k - 1;
      return Render(r_, a, k + n);
    }
    return "";
  }

  // The clauses of the replaced sentences the finding does not touch, when
  // they carry a fact (a thing, a name, a number, a time).
  std::string Rest() const {
    const auto& t = r_.tokens();
    std::string out;
    for (size_t ci : sentence_clauses_) {
      if (std::find(covered_.begin(), covered_.end(), ci) != covered_.end()) continue;
      const Clause& c = r_.clauses()[ci];
      const bool joined = c.link == Link::kRelative || c.link == Link::kComplement || c.link == Link::kTime ||
                          c.link == Link::kCondition;
      bool fact = false;
      size_t words = 0;  // words with letters: a chat header's "01/03/2024, 19:00" is no clause
      for (size_t k = c.first; k < c.last; ++k) {
        fact =
            fact || t[k].tag == Tag::kNoun || t[k].tag == Tag::kName || t[k].tag == Tag::kNumber || t[k].In(kTimeWord);
        words += t[k].IsWord() && t[k].tag != Tag::kNumber;
      }
      if (!fact || words < 2) continue;
      size_t k = c.first, end = c.last;
      while (k < end &&
             (!t[k].IsWord() || t[k].tag == Tag::kCoordinator || t[k].In(kContrast) || t[k].tag == Tag::kDiscourse))
        ++k;
      while (end > k && IsTrailingFiller(t[end - 1])) --end;
      if (k >= end) continue;
      if (!out.empty()) out += joined ? " " : ", ";
      out += Render(r_, k, end);
    }
    return out;
  }

  // The message answered, its first clause with an open-class word, said
  // back to its writer: "I lost my keys" -> "you lost your keys".
  std::string ReplyClause(bool noun_phrase_only) {
    const Reading* r = impl_.Reply();
    if (!r) return "";
    const auto& t = r->tokens();
    for (const Clause& c : r->clauses()) {
      bool content = false;
      for (size_t k = c.first; k < c.last; ++k) {
        content = content || t[k].tag == Tag::kNoun || t[k].tag == Tag::kVerb || t[k].tag == Tag::kAdj ||
                  t[k].tag == Tag::kName;
      }
      if (!content) continue;
      size_t k = c.first, end = c.last;
      if (noun_phrase_only) {
        auto np = NounPhrase(*r, k, end);
        if (!np) continue;
        k = np->first;
        end = np->second;
      } else {
        while (k < end && (!t[k].IsWord() || t[k].tag == Tag::kCoordinator || t[k].tag == Tag::kDiscourse)) ++k;
        while (end > k && IsTrailingFiller(t[end - 1])) --end;
      }
      return Join(Flipped(*r, c, k, end));
    }
    return "";
  }

  // Tokens [k, end) of `r` with I and you exchanged, and "am"/"are",
  // "was"/"were" after them agreeing.
  static Phrase Flipped(const Reading& r, const Clause& c, size_t k, size_t end) {
    const auto& t = r.tokens();
    Renderer out(r);
    Person flipped_subject = Person::kNone;  // what the previous word became
    for (; k < end; ++k) {
      const Token& w = t[k];
      std::string rep;
      const std::string& n = w.norm;
      bool attach = false;
      const bool subject = k == c.subject_token || (k + 1 < end && t[k + 1].IsVerbLike());
      Person became = Person::kNone;
      if (n == "i") {
        rep = "you";
        became = Person::kYou;
      } else if (n == "me") {
        rep = "you";
      } else if (n == "myself") {
        rep = "yourself";
      } else if (n == "my") {
        rep = "your";
      } else if (n == "mine") {
        rep = "yours";
      } else if (n == "you" || n == "ya") {
        rep = subject ? "I" : "me";
        if (subject) became = Person::kI;
      } else if (n == "your") {
        rep = "my";
      } else if (n == "yours") {
        rep = "mine";
      } else if (n == "yourself") {
        rep = "myself";
      } else if (w.tag == Tag::kBe && flipped_subject != Person::kNone) {
        const bool i_now = flipped_subject == Person::kI;
        if (n == "am" || n == "are") rep = i_now ? "am" : "are";
        if (n == "was" || n == "were") rep = i_now ? "was" : "were";
        if (!rep.empty() && w.clitic) {
          rep = i_now ? "'m" : "'re";
          attach = true;
        }
      }
      // "finally", "even", "again": the sting stays behind.
      if (w.tag == Tag::kFrequency || In(n, {"finally", "even", "again", "literally", "seriously"})) continue;
      if (rep.empty()) {
        out.Add(k);
      } else {
        out.Add(k, &rep, attach);
      }
      if (w.IsWord()) flipped_subject = became;
    }
    return out.Take();
  }

  SuggesterState& impl_;
  const Reading& r_;
  const RuleMatch& m_;
  size_t sent_begin_ = 0, sent_end_ = 0;
  std::vector<size_t> flagged_;  // clauses the finding touches, in order
  std::vector<size_t> covered_;  // those and the clauses that belong to them
  mutable std::vector<std::string_view> reply_norms_;
  mutable std::optional<std::pair<bool, VerbPhrase>> predicates_[2][2];  // FindPredicate's, by writer, negative
  // Value's answers: the finding's templates ask for the same slots again.
  struct Known {
    std::string name;
    SlotForm form;
    std::optional<std::string> value;
  };
  std::deque<Known> values_;              // a deque: Value hands out references
  std::vector<size_t> sentence_clauses_;  // clauses of the replaced sentences
};

// Whether the words of `part` (trimmed) already occur in `text`, ignoring case.
bool ContainsWords(const std::string& text, const std::string& part) {
  size_t a = 0, b = part.size();
  while (a < b && (IsSpace(part[a]) || part[a] == ',')) ++a;
  while (b > a && (IsSpace(part[b - 1]) || part[b - 1] == ',' || part[b - 1] == '.')) --b;
  if (a == b) return true;
  std::string t = text, p = part.substr(a, b - a);
  for (char& c : t) c = Lower(c);
  for (char& c : p) c = Lower(c);
  return t.find(p) != std::string::npos;
}

// Fills one template; nullopt when a slot outside [ ] has no value.
std::optional<std::string> Fill(const std::vector<TemplatePart>& parts, SlotFiller& slots) {
  std::string out;
  for (const TemplatePart& p : parts) {
    switch (p.type) {
      case TemplatePart::Type::kText:
        out += p.text;
        break;
      case TemplatePart::Type::kSlot: {
        const std::optional<std::string>& v = slots.Value(p.slot, p.form);
        if (v) {
          out += *v;
        } else if (p.has_fallback) {
          out += p.text;
        } else {
          return std::nullopt;
        }
        break;
      }
      case TemplatePart::Type::kOptional:
        // Left out when empty, or when it says again what is already there
        // ("on Thursdays" after "take out the trash on Thursdays").
        if (std::optional<std::string> v = Fill(p.parts, slots)) {
          if (!ContainsWords(out, *v)) out += *v;
        }
        break;
    }
  }
  return out;
}

// How the writer writes: in lower case (texting: no capital starts a
// sentence, "i" for "I"), with which shorthand, and whether the replaced
// text ends with punctuation.
struct Register {
  bool lowercase = false;
  bool final_stop = true;
  std::vector<std::pair<std::string, std::string>> shorthand;  // expansion -> the writer's form
  std::vector<std::string> capitalised;  // words the writer (or the message answered) capitalises: "Boston"
};

Register ReadRegister(const Reading& r, const Reading* reply, std::string_view replaced,
                      const std::map<std::string, std::string>* shorthand) {
  Register reg;
  bool letters = false, capital_start = false;
  for (const Span& sentence : r.text->sentences) {
    const Span in = r.text->ToInput(sentence);
    for (uint32_t i = in.begin; i < in.end && i < r.body.size(); ++i) {
      const char c = r.body[i];
      if (IsLower(c) || IsUpper(c)) {
        letters = true;
        capital_start = capital_start || IsUpper(c);
        break;
      }
    }
  }
  bool capital_i = false;
  for (const Token& t : r.tokens()) {
    const Span in = r.InputOf(t);
    capital_i = capital_i || (t.norm == "i" && in.begin < r.body.size() && r.body[in.begin] == 'I');
  }
  reg.lowercase = letters && !capital_start && !capital_i && !r.shouting;
  size_t e = replaced.size();
  while (e > 0 && IsSpace(replaced[e - 1])) --e;
  reg.final_stop = e > 0 && (replaced[e - 1] == '.' || replaced[e - 1] == '!' || replaced[e - 1] == '?');
  if (!reg.lowercase) return reg;
  for (const Reading* m : {&r, reply}) {
    if (!m) continue;
    for (const Token& t : m->tokens()) {
      const Span in = m->InputOf(t);
      std::string raw(m->body.substr(in.begin, in.end - in.begin));
      if (std::any_of(raw.begin(), raw.end(), IsUpper) && !m->shouting && t.norm != "i" &&
          (t.capitalized || t.tag == Tag::kName)) {
        // Once each, where it last occurs: Finish applies them in order, a
        // later one winning, and a word repeated changes nothing more.
        auto same = std::find(reg.capitalised.begin(), reg.capitalised.end(), raw);
        if (same != reg.capitalised.end()) reg.capitalised.erase(same);
        reg.capitalised.push_back(raw);
      }
      if (m != &r || !shorthand) continue;
      // The writer's own shorthand: "u" for "you", "im" for "i'm".
      for (char& c : raw) c = Lower(c);
      auto it = shorthand->find(raw);
      if (it == shorthand->end() || it->second == raw) continue;
      if (std::none_of(reg.shorthand.begin(), reg.shorthand.end(),
                       [&](const auto& p) { return p.first == it->second; })) {
        reg.shorthand.emplace_back(it->second, raw);
      }
    }
  }
  return reg;
}

bool IsWordChar(char c) {
  return IsLower(c) || IsUpper(c) || (c >= '0' && c <= '9') || c == '\'' || static_cast<unsigned char>(c) >= 0x80;
}

// Replaces whole-word `from` with `to` in `s` (ASCII case-insensitive).
void ReplaceWord(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t i = 0; i + from.size() <= s.size();) {
    bool match = true;
    for (size_t j = 0; j < from.size() && match; ++j) match = Lower(s[i + j]) == Lower(from[j]);
    const bool left = i == 0 || !IsWordChar(s[i - 1]);
    const bool right = i + from.size() == s.size() || !IsWordChar(s[i + from.size()]);
    if (match && left && right) {
      s.replace(i, from.size(), to);
      i += to.size();
    } else {
      ++i;
    }
  }
}

// Spacing and punctuation after filling, then the writer's register.
std::string Finish(std::string s, const Register& reg) {
  std::string out;
  out.reserve(s.size());  // never longer than `s`: grown once, not char by char
  for (char c : s) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (c == ',' || c == '.' || c == '?' || c == '!' || c == ';' || c == ':') {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      // ",." and ".." (not "...") collapse to the stronger mark.
      if (!out.empty() && (out.back() == ',' || out.back() == ';') && c != ',') out.pop_back();
      if (!out.empty() && (c == ',' || c == '.') &&
          (out.back() == '.' || out.back() == '?' || out.back() == '!' || out.back() == ',')) {
        if (!(c == '.' && out.size() >= 2 && out[out.size() - 1] == '.' && out[out.size() - 2] == '.')) continue;
      }
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t start = 0;
  while (start < out.size() && (out[start] == ' ' || out[start] == ',' || out[start] == '.')) ++start;
  out.erase(0, start);
  if (reg.lowercase) {
    for (char& c : out) c = Lower(c);
    for (const auto& [expansion, form] : reg.shorthand) ReplaceWord(out, expansion, form);
    for (const std::string& word : reg.capitalised) ReplaceWord(out, word, word);
    if (!reg.final_stop && !out.empty() && out.back() == '.') out.pop_back();
    return out;
  }
  // Sentence starts get a capital; "i" is "I".
  bool start_of_sentence = true;
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (IsLower(c) || IsUpper(c)) {
      if (start_of_sentence) out[i] = Upper(c);
      const bool word_start = i == 0 || !IsWordChar(out[i - 1]);
      if (word_start && c == 'i' && (i + 1 == out.size() || !IsWordChar(out[i + 1]) || out[i + 1] == '\'')) {
        out[i] = 'I';
      }
      start_of_sentence = false;
    } else if (c == '.' || c == '?' || c == '!') {
      start_of_sentence = true;
    }
  }
  return out;
}

}  // namespace

Suggester::Suggester(const DraftReading& draft) : impl_(std::make_unique<SuggesterState>(draft)) {}
Suggester::~Suggester() = default;

void Suggester::Build(const RuleMatch& m, Span cover, size_t* replace_begin, size_t* replace_end,
                      std::vector<SuggestionCandidates>* out) {
  out->clear();
  const Reading& r = impl_->reading;
  const PreparedText& pt = *r.text;
  if (pt.sentences.empty()) return;
  const size_t first = pt.SentenceAt(cover.begin);
  const size_t last = pt.SentenceAt(cover.end > cover.begin ? cover.end - 1 : cover.begin);
  Span in = pt.ToInput({pt.sentences[first].begin, pt.sentences[last].end});
  while (in.begin < in.end && IsSpace(r.body[in.begin])) ++in.begin;
  while (in.end > in.begin && IsSpace(r.body[in.end - 1])) --in.end;
  *replace_begin = impl_->draft.offset + in.begin;
  *replace_end = impl_->draft.offset + in.end;
  const Register reg =
      ReadRegister(r, impl_->Reply(), r.body.substr(in.begin, in.end - in.begin), impl_->draft.shorthand);
  SlotFiller slots(*impl_, m, first, last);
  const std::vector<SuggestionTemplates>& kinds = m.rule->info.suggest;
  // The templates as the compiler parsed them; parsed here only for a match
  // made without a compiled rule.
  std::vector<ParsedSuggestionKind> own;
  const std::vector<ParsedSuggestionKind>* parsed = m.compiled ? &m.compiled->suggest : nullptr;
  if (!parsed || parsed->size() != kinds.size()) {
    for (const SuggestionTemplates& kind : kinds) {
      ParsedSuggestionKind& p = own.emplace_back();
      for (const std::string& tmpl : kind.templates) {
        std::string error;
        if (!ParseTemplate(tmpl, &p.templates.emplace_back(), &error)) p.templates.pop_back();  // the loader checked it
      }
    }
    parsed = &own;
  }
  for (size_t i = 0; i < kinds.size(); ++i) {
    SuggestionCandidates& c = out->emplace_back();
    c.kind = kinds[i].kind;
    auto add = [&](std::optional<std::string> filled) {
      if (!filled) return;
      std::string text = Finish(std::move(*filled), reg);
      if (!text.empty() && std::find(c.texts.begin(), c.texts.end(), text) == c.texts.end()) {
        c.texts.push_back(std::move(text));
      }
    };
    for (const ParsedTemplate& tmpl : (*parsed)[i].templates) {
      add(Fill(tmpl.parts, slots));
      // Without its optional parts: what may still fit when they raise something.
      if (tmpl.has_optional) add(Fill(tmpl.bare, slots));
    }
  }
}

}  // namespace reframe::internal
