#include "language/tokens.h"

#include <algorithm>
#include <unordered_map>

#include "language/words.h"
#include "text/text.h"

namespace reframe::internal {

using namespace std::literals;
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The sense-tagged count of `lemma` as `pos`: how often WordNet's corpus saw
// that reading. Ties and unknowns fall back to a fixed order.
int Prior(const WordTable& words, std::string_view lemma, WordPos pos) {
  const WordFacts f = words.Find(lemma);
  switch (pos) {
    case kPosNoun:
      return f.noun_freq;
    case kPosVerb:
      return f.verb_freq;
    case kPosAdj:
      return f.adj_freq;
    case kPosAdv:
      return f.adv_freq;
  }
  return 0;
}

Tag TagOfPos(WordPos pos) {
  switch (pos) {
    case kPosNoun:
      return Tag::kNoun;
    case kPosVerb:
      return Tag::kVerb;
    case kPosAdj:
      return Tag::kAdj;
    case kPosAdv:
      return Tag::kAdv;
  }
  return Tag::kUnknown;
}

// What a word could be, before context decides.
struct Reading {
  std::vector<Lemma> lemmas;
  uint8_t pos = 0;
};

struct Tagger {
  const Grammar& grammar;
  const WordTable& words;
  std::vector<Token>& t;
  std::vector<Reading> readings;

  // The nearest word token before/after i, skipping intensifiers and
  // adverbs when `skip_adverbs` ("to really see", "don't even care").
  int Prev(int i, bool skip_adverbs = false) const {
    for (int j = i - 1; j >= 0; --j) {
      if (!t[j].IsWord()) return -1;  // punctuation ends the look-back
      if (skip_adverbs && (t[j].tag == Tag::kIntensifier || t[j].tag == Tag::kAdv || t[j].tag == Tag::kFrequency))
        continue;
      return j;
    }
    return -1;
  }
  int Next(int i, bool skip_adverbs = false) const {
    for (int j = i + 1; j < static_cast<int>(t.size()); ++j) {
      if (!t[j].IsWord()) return -1;
      if (skip_adverbs && (t[j].In(kIntensifier) || t[j].tag == Tag::kAdv || t[j].In(kFrequency) || t[j].In(kNegator)))
        continue;
      return j;
    }
    return -1;
  }

  bool CanBe(int i, WordPos pos) const { return i >= 0 && (readings[i].pos & pos) != 0; }

  // The lemma of token i read as `pos`.
  std::string LemmaAs(int i, WordPos pos) const {
    for (const Lemma& l : readings[i].lemmas) {
      if (l.pos == pos) return l.lemma;
    }
    return t[i].norm;
  }

  void SetOpen(int i, WordPos pos) {
    t[i].tag = TagOfPos(pos);
    t[i].lemma = LemmaAs(i, pos);
    // "said" is a saying verb because "say" is.
    if (t[i].lemma != t[i].norm) t[i].classes |= grammar.ClassesOf(t[i].lemma);
    if (pos == kPosVerb) {
      t[i].ing = EndsWith(t[i].norm, "ing");
      t[i].past = !t[i].ing && t[i].lemma != t[i].norm && !EndsWith(t[i].norm, "s");
    }
    t[i].person = pos == kPosNoun ? Person::kThird : Person::kNone;
  }

  // The reading with the highest prior among `allowed`.
  WordPos Likeliest(int i, uint8_t allowed) const {
    WordPos best = kPosNoun;
    int best_prior = -1;
    for (WordPos pos : {kPosVerb, kPosNoun, kPosAdj, kPosAdv}) {
      if (!(readings[i].pos & allowed & pos)) continue;
      const int prior = Prior(words, LemmaAs(i, pos), pos);
      if (prior > best_prior) {
        best_prior = prior;
        best = pos;
      }
    }
    return best;
  }

  void FirstPass() {
    readings.resize(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
      Token& tok = t[i];
      if (tok.tag == Tag::kPunct || tok.tag == Tag::kSymbol) continue;
      tok.lemma = tok.norm;
      if (i > 0 && t[i - 1].norm == "@"sv && t[i - 1].end == tok.begin) {
        tok.tag = Tag::kDiscourse;  // a mention
        continue;
      }
      if (IsDigits(tok.norm)) {
        tok.tag = Tag::kNumber;
        continue;
      }
      Reading& r = readings[i];
      // Function words need no dictionary (and are most of the words).
      constexpr uint64_t kClosed = (uint64_t{1} << kPronounI) | (uint64_t{1} << kPronounWe) |
                                   (uint64_t{1} << kPronounYou) | (uint64_t{1} << kBe) | (uint64_t{1} << kHave) |
                                   (uint64_t{1} << kDo) | (uint64_t{1} << kModal) | (uint64_t{1} << kNegator) |
                                   (uint64_t{1} << kDeterminer) | (uint64_t{1} << kPossessive) |
                                   (uint64_t{1} << kRelative) | (uint64_t{1} << kQuestionWord) |
                                   (uint64_t{1} << kPreposition) | (uint64_t{1} << kCoordinator);
      const bool closed = (tok.classes & kClosed) && !tok.In(kDiscourse) && !tok.In(kSubTime) && !tok.In(kSubCause) &&
                          tok.norm != "like"sv && tok.norm != "so"sv;
      if (!closed) {
        // Chats repeat their words: remember each word's lemmas per thread.
        thread_local std::unordered_map<std::string, std::vector<Lemma>> cache;
        auto hit = cache.find(tok.norm);
        if (hit == cache.end()) {
          if (cache.size() > 65536) cache.clear();
          hit = cache.emplace(tok.norm, words.Lemmatize(tok.norm)).first;
        }
        r.lemmas = hit->second;
      }
      if (tok.In(kExtraVerb)) r.lemmas.push_back({tok.norm, kPosVerb});
      for (const Lemma& l : r.lemmas) r.pos |= l.pos;
      // Extra verbs inflect too: "texted", "ghosting".
      if (!(r.pos & kPosVerb)) {
        for (const char* suffix : {"ed", "ing", "s", "es"}) {
          if (!EndsWith(tok.norm, suffix)) continue;
          std::string stem = tok.norm.substr(0, tok.norm.size() - std::string_view(suffix).size());
          if (!stem.empty() && grammar.Is(stem, kExtraVerb)) {
            r.lemmas.push_back({stem, kPosVerb});
            r.pos |= kPosVerb;
          } else if (!stem.empty() && grammar.Is(stem + "e", kExtraVerb)) {
            r.lemmas.push_back({stem + "e", kPosVerb});
            r.pos |= kPosVerb;
          }
        }
      }
      const uint64_t c = tok.classes;
      auto in = [c](GrammarClass k) { return (c >> k) & 1; };
      if (in(kPronounI)) tok.person = Person::kI;
      if (in(kPronounWe)) tok.person = Person::kWe;
      if (in(kPronounYou)) tok.person = Person::kYou;
      if (in(kPronounThird)) tok.person = Person::kThird;
      static constexpr std::string_view kSubjects[] = {
          "i",       "we",       "you",      "he",         "she",       "they",    "ya",       "y'all",  "yall", "it",
          "someone", "somebody", "everyone", "everybody",  "nobody",    "anyone",  "anybody",  "people", "this", "that",
          "there",   "one",      "ppl",      "everything", "something", "nothing", "anything", "these",  "those"};
      tok.subject_form = std::find(std::begin(kSubjects), std::end(kSubjects), tok.norm) != std::end(kSubjects);
      // The first guess; context refines it below.
      if (in(kBe)) {
        tok.tag = Tag::kBe;
        tok.lemma = "be";
        tok.past = tok.norm == "was"sv || tok.norm == "were"sv;
      } else if (in(kHave)) {
        tok.tag = Tag::kHave;
        tok.lemma = "have";
        tok.past = tok.norm == "had"sv;
      } else if (in(kDo)) {
        tok.tag = Tag::kDo;
        tok.lemma = "do";
        tok.past = tok.norm == "did"sv;
      } else if (in(kModal)) {
        tok.tag = Tag::kModal;  // "could", "would": mood, not past tense
      } else if (in(kNegator)) {
        tok.tag = Tag::kNegator;
      } else if (in(kPronounI) || in(kPronounWe) || in(kPronounYou) ||
                 (in(kPronounThird) && !in(kDeterminer) && !in(kPossessive))) {
        tok.tag = Tag::kPronoun;
      } else if (in(kPossessive)) {
        tok.tag = Tag::kPossessive;
        if (in(kPossessiveYou)) tok.person = Person::kYou;
        if (in(kPossessiveI)) tok.person = Person::kI;
        if (tok.norm == "our"sv) tok.person = Person::kWe;
        if (tok.norm == "his"sv || tok.norm == "her"sv || tok.norm == "their"sv || tok.norm == "its"sv)
          tok.person = Person::kThird;
      } else if (in(kQuestionWord)) {
        tok.tag = Tag::kQuestionWord;
      } else if (in(kCoordinator)) {
        tok.tag = Tag::kCoordinator;
      } else if (in(kSubCause) || in(kSubCondition) || in(kSubTime) || in(kSubConcession)) {
        tok.tag = Tag::kSubordinator;
      } else if (in(kDeterminer)) {
        tok.tag = Tag::kDeterminer;
      } else if (in(kPreposition)) {
        tok.tag = Tag::kPreposition;
      } else if (in(kFrequency)) {
        tok.tag = Tag::kFrequency;
      } else if (in(kIntensifier) && !(r.pos & (kPosNoun | kPosVerb | kPosAdj))) {
        tok.tag = Tag::kIntensifier;
      } else if (const WordFacts wf = words.Find(tok.norm); wf.name && !wf.common && !in(kDiscourse)) {
        tok.tag = Tag::kName;  // "sam", "maya": Hunspell knows them only capitalised
        tok.person = Person::kThird;
      } else if (r.pos) {
        SetOpen(static_cast<int>(i), Likeliest(static_cast<int>(i), r.pos));
      } else if (in(kIntensifier)) {
        tok.tag = Tag::kIntensifier;
      } else if (in(kDiscourse)) {
        tok.tag = Tag::kDiscourse;
      } else {
        const WordFacts f = words.Find(tok.norm);
        tok.tag = f.name && !f.common ? Tag::kName : f.common ? Tag::kAdv : Tag::kUnknown;
        if (tok.tag == Tag::kName) tok.person = Person::kThird;
      }
      if (tok.capitalized && (tok.tag == Tag::kUnknown || tok.tag == Tag::kNoun || words.Find(tok.norm).name) &&
          tok.tag != Tag::kPronoun) {
        tok.tag = Tag::kName;
        tok.person = Person::kThird;
      }
    }
  }

  // Context: settle nouns against verbs, "that", "her", "'s", "so", "like".
  void SecondPass() {
    const int n = static_cast<int>(t.size());
    for (int i = 0; i < n; ++i) {
      Token& tok = t[i];
      if (!tok.IsWord() || tok.tag == Tag::kNumber) continue;
      const int p = Prev(i), p2 = Prev(i, /*skip_adverbs=*/true), nx = Next(i), nx2 = Next(i, true);
      const Token* prev = p >= 0 ? &t[p] : nullptr;
      const Token* prev_core = p2 >= 0 ? &t[p2] : nullptr;
      const Token* next = nx >= 0 ? &t[nx] : nullptr;

      // The second half of a contraction.
      if (tok.clitic && tok.norm == "is"sv && prev && prev->tag != Tag::kPronoun &&
          (prev->tag == Tag::kName || prev->tag == Tag::kNoun) && next &&
          (next->tag == Tag::kNoun || (next->tag == Tag::kAdj && nx2 >= 0 && t[nx2].tag == Tag::kNoun)) &&
          !CanBe(nx, kPosAdj) && !next->ing) {
        tok.tag = Tag::kPossessive;  // "sam's car"
        tok.norm = "'s";
        tok.lemma = "'s";
        tok.person = Person::kThird;
        continue;
      }
      if (tok.clitic && tok.norm == "would"sv && nx2 >= 0 && t[nx2].tag == Tag::kVerb && t[nx2].past) {
        tok.norm = "had";  // "i'd forgotten"
        tok.lemma = "have";
        tok.tag = Tag::kHave;
        tok.past = true;
        continue;
      }

      // Words that are closed-class and open-class at once.
      const bool after_subject = prev_core && prev_core->tag == Tag::kPronoun && prev_core->subject_form;
      const bool after_to = prev_core && prev_core->norm == "to"sv;
      bool after_aux = prev_core && (prev_core->tag == Tag::kModal || prev_core->tag == Tag::kDo);
      if (prev_core && prev_core->tag == Tag::kNegator) {  // "don't care", "can't stand"
        const int before = Prev(p2, true);
        after_aux = before >= 0 && (t[before].tag == Tag::kModal || t[before].tag == Tag::kDo);
      }
      const bool after_det = prev && (prev->tag == Tag::kDeterminer || prev->tag == Tag::kPossessive ||
                                      (prev->tag == Tag::kAdj && p >= 0));
      const bool after_be = prev_core && prev_core->tag == Tag::kBe;

      if (tok.norm == "her"sv) {  // "her phone" (possessive) or "tell her" (pronoun)
        const bool poss = next && (next->tag == Tag::kNoun || next->tag == Tag::kAdj || next->tag == Tag::kName) &&
                          !(next->tag == Tag::kVerb);
        tok.tag = poss ? Tag::kPossessive : Tag::kPronoun;
        tok.person = Person::kThird;
        continue;
      }
      if (tok.norm == "that"sv || tok.norm == "this"sv || tok.norm == "these"sv || tok.norm == "those"sv) {
        if (next && (next->tag == Tag::kNoun || next->tag == Tag::kAdj) && !next->IsVerbLike() &&
            !(next->tag == Tag::kAdj && (!nx2 || nx2 < 0 || t[nx2].tag != Tag::kNoun))) {
          tok.tag = Tag::kDeterminer;
        } else if (tok.norm == "that"sv && prev &&
                   (prev->tag == Tag::kNoun || prev->tag == Tag::kName || prev->norm == "one"sv ||
                    prev->norm == "someone"sv || prev->norm == "thing"sv || prev->norm == "everything"sv ||
                    prev->norm == "something"sv) &&
                   next &&
                   (next->IsVerbLike() || (next->tag == Tag::kPronoun && next->subject_form) ||
                    next->tag == Tag::kFrequency || next->tag == Tag::kNegator)) {
          tok.tag = Tag::kRelative;
        } else if (tok.norm == "that"sv && prev && (prev->In(kThinkingVerb) || prev->In(kSayingVerb))) {
          tok.tag = Tag::kSubordinator;  // a complementizer: "I think that..."
        } else {
          tok.tag = Tag::kPronoun;
          tok.person = Person::kThird;
          tok.subject_form = true;
        }
        continue;
      }
      if (tok.tag == Tag::kQuestionWord && (tok.In(kSubTime) || tok.In(kSubCondition)) && next &&
          ((next->tag == Tag::kPronoun && next->subject_form) || next->tag == Tag::kName ||
           next->tag == Tag::kDeterminer || next->tag == Tag::kPossessive ||
           ((next->tag == Tag::kNoun || next->tag == Tag::kUnknown || next->tag == Tag::kVerb) && nx2 >= 0 &&
            t[nx2].tag == Tag::kVerb))) {
        tok.tag = Tag::kSubordinator;  // "when you love someone", not "when are you free"
        continue;
      }
      if (tok.norm == "right"sv && next &&
          (next->norm == "now"sv || next->norm == "away"sv || next->norm == "here"sv || next->norm == "there"sv ||
           next->norm == "back"sv || next->norm == "after"sv)) {
        tok.tag = Tag::kAdv;
        continue;
      }
      if ((tok.norm == "who"sv || tok.norm == "which"sv) && prev &&
          (prev->tag == Tag::kNoun || prev->tag == Tag::kName || prev->tag == Tag::kPronoun)) {
        tok.tag = Tag::kRelative;
        continue;
      }
      if (tok.norm == "so"sv || tok.norm == "too"sv || tok.norm == "pretty"sv || tok.norm == "crazy"sv ||
          tok.norm == "super"sv || tok.norm == "way"sv || tok.norm == "real"sv) {
        // Before an adjective or adverb, a degree word: "so tired", "crazy busy".
        if (next && (next->tag == Tag::kAdj || next->tag == Tag::kAdv || next->tag == Tag::kIntensifier ||
                     next->norm == "much"sv || next->norm == "many"sv || CanBe(nx, kPosAdj))) {
          tok.tag = Tag::kIntensifier;
          continue;
        }
        if (tok.norm == "so"sv) {
          tok.tag = (!prev || prev->tag == Tag::kDiscourse) && (!next || next->tag == Tag::kDiscourse)
                        ? Tag::kDiscourse
                        : Tag::kCoordinator;
          continue;
        }
      }
      if ((tok.tag == Tag::kPreposition || tok.tag == Tag::kSubordinator) && (tok.In(kSubTime) || tok.In(kSubCause)) &&
          tok.In(kPreposition)) {
        // "after work" (preposition) or "after you left" (a clause follows).
        const bool clause = next && ((next->tag == Tag::kPronoun && next->subject_form) ||
                                     (next->tag == Tag::kName && nx2 >= 0 && t[nx2].IsVerbLike()) ||
                                     ((next->tag == Tag::kDeterminer || next->tag == Tag::kPossessive) && nx2 >= 0));
        tok.tag = clause ? Tag::kSubordinator : Tag::kPreposition;
        continue;
      }
      if (tok.norm == "like"sv) {
        if (after_subject && !(prev && prev->tag == Tag::kBe)) {
          SetOpen(i, kPosVerb);  // "i like you"
        } else if (prev && prev->tag == Tag::kBe) {
          tok.tag = Tag::kDiscourse;  // "she was like", "i'm like"
        } else {
          tok.tag = Tag::kPreposition;
        }
        continue;
      }
      const bool open_or_discourse = tok.tag == Tag::kDiscourse || tok.tag == Tag::kNoun || tok.tag == Tag::kVerb ||
                                     tok.tag == Tag::kAdj || tok.tag == Tag::kAdv || tok.tag == Tag::kUnknown ||
                                     tok.tag == Tag::kIntensifier;
      if (tok.In(kDiscourse) && open_or_discourse) {
        // Discourse words are also ordinary words ("love", "fine", "right",
        // "sorry"): a discourse word only at the edge of a clause.
        const bool edge = !prev || prev->tag == Tag::kDiscourse || prev->tag == Tag::kPunct;
        const bool alone = !next || next->tag == Tag::kDiscourse || next->tag == Tag::kPronoun ||
                           next->tag == Tag::kName || next->tag == Tag::kCoordinator ||
                           (!prev && next->tag == Tag::kPreposition);  // "yes to us"
        if (edge && alone && !after_subject &&
            !(next && next->tag == Tag::kPronoun && next->person == Person::kYou && CanBe(i, kPosVerb) &&
              tok.norm == "love"sv)) {
          tok.tag = Tag::kDiscourse;
          continue;
        }
        if (tok.tag == Tag::kDiscourse && readings[i].pos) SetOpen(i, Likeliest(i, readings[i].pos));
      }

      // Open classes: noun, verb or adjective.
      const uint8_t r = readings[i].pos;
      if (!r || tok.tag == Tag::kName ||
          !(tok.tag == Tag::kNoun || tok.tag == Tag::kVerb || tok.tag == Tag::kAdj || tok.tag == Tag::kAdv ||
            tok.tag == Tag::kDiscourse || tok.tag == Tag::kIntensifier || tok.tag == Tag::kUnknown)) {
        continue;
      }
      if (tok.tag == Tag::kIntensifier && !(r & (kPosAdj | kPosVerb | kPosNoun))) continue;
      if ((r & kPosVerb) && (after_to || after_aux || after_subject || (prev && prev->tag == Tag::kRelative) ||
                             (prev_core && prev_core->tag == Tag::kNegator && !after_be) ||
                             (prev_core && prev_core->tag == Tag::kFrequency && !after_be) ||
                             (prev && (prev->norm == "please"sv || prev->norm == "let"sv || prev->norm == "lets"sv)))) {
        // "to go", "don't care", "you never listen"; but "a never ending" is rare.
        if (!(after_to && (r & kPosNoun) && !(r & kPosVerb))) {
          SetOpen(i, kPosVerb);
          continue;
        }
      }
      if (after_be) {
        const bool ing = EndsWith(tok.norm, "ing") && (r & kPosVerb);
        if (ing && (!(r & kPosAdj) ||
                    Prior(words, LemmaAs(i, kPosVerb), kPosVerb) >= Prior(words, LemmaAs(i, kPosAdj), kPosAdj))) {
          SetOpen(i, kPosVerb);  // "was going", "am coming"; but "is boring"
        } else if (r & kPosAdj) {
          SetOpen(i, kPosAdj);
        } else if ((r & kPosVerb) &&
                   (EndsWith(tok.norm, "ing") || EndsWith(tok.norm, "ed") || EndsWith(tok.norm, "en"))) {
          SetOpen(i, kPosVerb);
        } else if (r & kPosNoun) {
          SetOpen(i, kPosNoun);
        }
        continue;
      }
      if (after_det) {
        if ((r & kPosAdj) && next && (next->tag == Tag::kNoun || CanBe(nx, kPosNoun)) && !next->IsVerbLike()) {
          SetOpen(i, kPosAdj);
        } else if (r & kPosNoun) {
          SetOpen(i, kPosNoun);
        } else if (r & kPosAdj) {
          SetOpen(i, kPosAdj);
        }
        continue;
      }
      if (prev && prev->tag == Tag::kPreposition && prev->norm != "to"sv && (r & kPosNoun) &&
          !EndsWith(tok.norm, "ing")) {
        SetOpen(i, kPosNoun);  // "from work", "at home"
        continue;
      }
      if ((r & kPosAdv) && EndsWith(tok.norm, "ly")) {
        SetOpen(i, kPosAdv);
        continue;
      }
      if ((r & kPosVerb) &&
          (EndsWith(tok.norm, "ing") || (EndsWith(tok.norm, "ed") && LemmaAs(i, kPosVerb) != tok.norm))) {
        SetOpen(i, kPosVerb);
        continue;
      }
      // At the start of a clause, a bare verb is an imperative ("call me").
      if ((r & kPosVerb) && (!prev || prev->tag == Tag::kDiscourse || prev->tag == Tag::kCoordinator) && next &&
          (next->tag == Tag::kPronoun || next->tag == Tag::kDeterminer || next->tag == Tag::kPossessive ||
           next->tag == Tag::kPreposition) &&
          LemmaAs(i, kPosVerb) == tok.norm) {
        SetOpen(i, kPosVerb);
        continue;
      }
      SetOpen(i, Likeliest(i, r));
    }
  }
};

}  // namespace

const char* TagName(Tag tag) {
  switch (tag) {
    case Tag::kUnknown:
      return "X";
    case Tag::kNoun:
      return "NOUN";
    case Tag::kName:
      return "NAME";
    case Tag::kVerb:
      return "VERB";
    case Tag::kAdj:
      return "ADJ";
    case Tag::kAdv:
      return "ADV";
    case Tag::kPronoun:
      return "PRON";
    case Tag::kPossessive:
      return "POSS";
    case Tag::kDeterminer:
      return "DET";
    case Tag::kBe:
      return "BE";
    case Tag::kHave:
      return "HAVE";
    case Tag::kDo:
      return "DO";
    case Tag::kModal:
      return "MODAL";
    case Tag::kNegator:
      return "NEG";
    case Tag::kCoordinator:
      return "CCONJ";
    case Tag::kSubordinator:
      return "SCONJ";
    case Tag::kRelative:
      return "REL";
    case Tag::kQuestionWord:
      return "WH";
    case Tag::kPreposition:
      return "PREP";
    case Tag::kFrequency:
      return "FREQ";
    case Tag::kIntensifier:
      return "INTENS";
    case Tag::kDiscourse:
      return "DISC";
    case Tag::kNumber:
      return "NUM";
    case Tag::kPunct:
      return "PUNCT";
    case Tag::kSymbol:
      return "SYM";
  }
  return "?";
}

std::vector<Token> Tokenize(std::string_view folded, const Grammar& grammar, const WordTable& words,
                            const CaseInfo& case_info, const std::vector<uint32_t>& sentence_starts) {
  std::vector<Token> tokens;
  std::vector<WordPiece> pieces = SplitText(folded);
  tokens.reserve(pieces.size());
  for (WordPiece& piece : pieces) {
    Token& tok = tokens.emplace_back();
    tok.begin = piece.begin;
    tok.end = piece.end;
    tok.clitic = piece.clitic;
    tok.norm = std::move(piece.norm);
    if (!piece.word) {
      size_t at = 0;
      const bool punct = IsPunctuationCodePoint(NextCodePoint(tok.norm, at));
      tok.tag = punct ? Tag::kPunct : Tag::kSymbol;
      tok.classes = grammar.ClassesOf(tok.norm);
      continue;
    }
    tok.classes = grammar.ClassesOf(tok.norm);
    if (!case_info.upper.empty() && tok.end <= case_info.upper.size()) {
      tok.initial_cap = case_info.upper[tok.begin] != 0;
      bool all = tok.end - tok.begin >= 2;
      for (uint32_t b = tok.begin; b < tok.end && all; ++b) {
        const char ch = folded[b];
        if (ch >= 'a' && ch <= 'z') all = case_info.upper[b] != 0;
      }
      tok.all_caps = all;
    }
    if (!case_info.upper.empty() && tok.begin < case_info.upper.size() && case_info.upper[tok.begin] &&
        !std::binary_search(sentence_starts.begin(), sentence_starts.end(), tok.begin) && tok.norm != "i"sv) {
      tok.capitalized = true;
    }
  }
  // "@lee you never...": a mention names who is addressed, like a vocative.
  for (size_t i = 1; i < tokens.size(); ++i) {
    if (tokens[i - 1].norm == "@"sv && tokens[i].begin == tokens[i - 1].end)
      tokens[i].classes |= uint64_t{1} << kDiscourse;
  }
  // A capital after a sentence start says nothing; nor does one after
  // punctuation that ends a sentence when no sentence starts were given.
  if (sentence_starts.empty()) {
    bool start = true;
    for (Token& tok : tokens) {
      if (start) tok.capitalized = false;
      start = tok.tag == Tag::kPunct && (tok.norm == "."sv || tok.norm == "!"sv || tok.norm == "?"sv);
    }
  }
  Tagger tagger{grammar, words, tokens, {}};
  tagger.FirstPass();
  tagger.SecondPass();
  return tokens;
}

}  // namespace reframe::internal
