#include "language/clauses.h"

#include <algorithm>
#include <string_view>

namespace reframe::internal {

using namespace std::literals;
namespace {

bool IsBoundaryPunct(const Token& t) {
  if (t.tag == Tag::kSymbol) return true;  // an emoji ends a clause in texting
  if (t.tag != Tag::kPunct) return false;
  static constexpr std::string_view kBreaks[] = {",", ";", ":", "—", "–", "(", ")", "…", "-", "/", "|", "*", "~"};
  return std::find(std::begin(kBreaks), std::end(kBreaks), t.norm) != std::end(kBreaks);
}

bool IsSentencePunct(const Token& t) {
  return t.tag == Tag::kPunct && (t.norm == "."sv || t.norm == "!"sv || t.norm == "?"sv);
}

// Words that can open a clause without being its subject or verb.
bool IsOpener(const Token& t) {
  return t.tag == Tag::kDiscourse || t.tag == Tag::kIntensifier || t.tag == Tag::kCoordinator || t.tag == Tag::kPunct ||
         t.tag == Tag::kSymbol || (t.tag == Tag::kAdv && t.norm != "there"sv);
}

bool IsSubjectToken(const Token& t) { return (t.tag == Tag::kPronoun && t.subject_form) || t.tag == Tag::kName; }

Link LinkOf(const Token& t) {
  if (t.tag == Tag::kRelative) return Link::kRelative;
  if (t.In(kSubCondition)) return Link::kCondition;
  if (t.In(kSubConcession) && !(t.norm == "while"sv)) return Link::kConcession;
  if (t.In(kSubCause)) return Link::kCause;
  if (t.In(kSubTime)) return Link::kTime;
  if (t.In(kContrast)) return Link::kContrast;
  if (t.tag == Tag::kCoordinator) return Link::kCoordinate;
  return Link::kPunctuation;
}

// The grammar's phrase lookups, skipping every position where no entry of
// the class can start (most of them): the clause layer asks a lot.
struct FastGrammar {
  const Grammar& g;
  const std::vector<std::string_view>& norms;
  std::vector<uint64_t> starts;  // by token: StartsOf(norm)
  size_t MatchAt(const std::vector<std::string_view>& words, size_t at, GrammarClass cls) const {
    if (at >= starts.size() || !((starts[at] >> cls) & 1)) return 0;
    return g.MatchAt(words, at, cls);
  }
  bool Contains(const std::vector<std::string_view>& words, size_t begin, size_t end, GrammarClass cls) const {
    end = std::min(end, words.size());
    for (size_t i = begin; i < end; ++i) {
      if (!((starts[i] >> cls) & 1)) continue;
      const size_t n = g.MatchAt(words, i, cls);
      if (n > 0 && i + n <= end) return true;
    }
    return false;
  }
};

struct Analyzer {
  const std::vector<Token>& t;
  const FastGrammar& g;
  std::vector<std::string_view> norms;
  std::vector<Clause> out;

  // Whether tokens from `i` on (to the next punctuation) read as a clause: a
  // verb, or a subject followed by one.
  bool ClauseFollows(size_t i, size_t end) const {
    for (size_t j = i; j < end; ++j) {
      if (IsBoundaryPunct(t[j]) || IsSentencePunct(t[j])) return false;
      if (t[j].IsVerbLike() || t[j].tag == Tag::kNegator) return true;
      if (t[j].tag == Tag::kVerb) return true;
    }
    return false;
  }

  // Whether a verb follows at once (past adverbs and negation): "you | never call".
  bool VerbNext(size_t i, size_t end) const {
    while (i < end && (t[i].tag == Tag::kIntensifier || t[i].tag == Tag::kAdv || t[i].tag == Tag::kFrequency ||
                       t[i].tag == Tag::kNegator))
      ++i;
    return i < end && t[i].IsVerbLike();
  }

  bool HasVerb(size_t begin, size_t end) const {
    for (size_t j = begin; j < end; ++j) {
      if (t[j].IsVerbLike()) return true;
    }
    return false;
  }

  // Split points of one sentence: token indexes where a clause starts, with its link.
  void Split(size_t s0, size_t s1, std::vector<std::pair<size_t, Link>>& starts) const {
    starts.push_back({s0, Link::kStart});
    size_t cur = s0;
    size_t no_split_at = SIZE_MAX;
    auto split = [&](size_t at, Link link) {
      if (at <= cur || at >= s1) return;
      starts.push_back({at, link});
      cur = at;
    };
    for (size_t i = s0; i < s1; ++i) {
      const Token& tok = t[i];
      if (IsBoundaryPunct(tok)) {
        // Skip runs of punctuation and symbols.
        size_t j = i + 1;
        while (j < s1 && (IsBoundaryPunct(t[j]) || t[j].tag == Tag::kSymbol)) ++j;
        // "You never, ever apologize": a subject with no verb yet continues
        // past the comma.
        bool subject_without_verb = false;
        for (size_t k = cur; k < i; ++k) {
          if (IsSubjectToken(t[k])) subject_without_verb = true;
          if (t[k].IsVerbLike()) subject_without_verb = false;
        }
        const bool continues = subject_without_verb && j < s1 &&
                               (t[j].tag == Tag::kFrequency || t[j].tag == Tag::kIntensifier || t[j].tag == Tag::kAdv ||
                                t[j].tag == Tag::kNegator || t[j].IsVerbLike());
        if (j < s1 && !IsSentencePunct(t[j]) && !continues) split(j, Link::kPunctuation);
        i = j - 1;
        continue;
      }
      if (size_t n = g.MatchAt(norms, i, kNegatedFrame); n > 1) {
        i += n - 1;  // "it's not that I don't want to" is one clause under a negated frame
        no_split_at = i + 1;
        continue;
      }
      if (i == no_split_at) continue;
      if (i == cur) continue;  // a connector at the start is the clause's link
      // Multi-word contrast markers: "it's just that".
      if (size_t n = g.MatchAt(norms, i, kContrast); n > 1) {
        split(i, Link::kContrast);
        i += n - 1;
        continue;
      }
      if ((tok.tag == Tag::kCoordinator || (tok.In(kContrast) && tok.tag != Tag::kAdv)) &&
          t[i - 1].tag == Tag::kNegator) {
        continue;  // "not yet", "not but": the negation belongs with the word after it
      }
      if (tok.tag == Tag::kCoordinator || (tok.In(kContrast) && tok.tag != Tag::kAdv)) {
        // "but" always opens a clause; "and"/"or"/"so" only before a verb ("coffee and cake" is one).
        const bool contrast = tok.In(kContrast);
        if ((contrast && i + 1 < s1 && !IsSentencePunct(t[i + 1])) || ClauseFollows(i + 1, s1)) {
          split(i, contrast ? Link::kContrast : Link::kCoordinate);
        }
        continue;
      }
      if (tok.tag == Tag::kSubordinator) {
        split(i, LinkOf(tok));
        continue;
      }
      if (tok.tag == Tag::kRelative) {
        split(i, Link::kRelative);
        continue;
      }
      // An embedded question: "i can see why | you'll never...", "she asked where | you were".
      if (tok.tag == Tag::kQuestionWord && i > cur && i + 1 < s1 && t[i - 1].tag == Tag::kVerb &&
          (t[i - 1].In(kThinkingVerb) || t[i - 1].In(kSayingVerb) || t[i - 1].lemma == "wonder"sv) &&
          (IsSubjectToken(t[i + 1]) || t[i + 1].tag == Tag::kDeterminer || t[i + 1].tag == Tag::kPossessive ||
           (t[i + 1].IsVerbLike() && t[i + 1].norm != "to"sv))) {
        split(i, Link::kComplement);
        continue;
      }
      // A thought or speech frame: "i think | you're...", "she said (that) | ...".
      if (IsSubjectToken(tok) && i > cur) {
        size_t p = i - 1;
        if ((t[p].norm == "that"sv || t[p].norm == "like"sv) && p > cur) --p;
        const bool frame =
            t[p].tag == Tag::kVerb && (t[p].In(kThinkingVerb) || t[p].In(kSayingVerb)) && VerbNext(i + 1, s1);
        if (frame) {
          split(p + 1, Link::kComplement);
          continue;
        }
        // A run-on: "i love you i just need space", "i miss u u never call".
        const Token& before = t[i - 1];
        const bool object_slot = before.tag == Tag::kVerb || before.tag == Tag::kPreposition || before.IsVerbLike() ||
                                 before.tag == Tag::kSubordinator || before.tag == Tag::kCoordinator ||
                                 before.tag == Tag::kRelative || before.tag == Tag::kQuestionWord;
        const bool verb_follows =
            i + 1 < s1 && (t[i + 1].IsVerbLike() || t[i + 1].tag == Tag::kNegator || t[i + 1].tag == Tag::kFrequency ||
                           (t[i + 1].tag == Tag::kIntensifier && i + 2 < s1 && t[i + 2].IsVerbLike()));
        const bool pronoun = tok.tag == Tag::kPronoun && tok.person != Person::kThird;
        // "i", "we", "he", "she", "they" can only be subjects; "you" may be an object.
        const bool only_subject = tok.norm == "i"sv || tok.norm == "we"sv || tok.norm == "he"sv ||
                                  tok.norm == "she"sv || tok.norm == "they"sv;
        if ((pronoun || only_subject) && (!object_slot || (only_subject && before.tag == Tag::kVerb)) && verb_follows &&
            HasVerb(cur, i)) {
          split(i, Link::kRunOn);
        }
      }
    }
  }

  // The first token of the clause body: past links, openers and frames.
  size_t BodyStart(const Clause& c, size_t* negated_frame_len) const {
    size_t i = c.first;
    *negated_frame_len = 0;
    // The connector itself.
    if (c.link != Link::kStart && c.link != Link::kPunctuation && c.link != Link::kRunOn && i < c.last) {
      GrammarClass cls = kCoordinator;
      switch (c.link) {
        case Link::kContrast:
          cls = kContrast;
          break;
        case Link::kCause:
          cls = kSubCause;
          break;
        case Link::kCondition:
          cls = kSubCondition;
          break;
        case Link::kTime:
          cls = kSubTime;
          break;
        case Link::kConcession:
          cls = kSubConcession;
          break;
        case Link::kRelative:
          cls = kRelative;
          break;
        default:
          break;
      }
      const size_t n = std::max<size_t>(1, g.MatchAt(norms, i, cls));
      if (c.link != Link::kComplement) i += n;
      if (c.link == Link::kComplement && i < c.last && (t[i].norm == "that"sv || t[i].norm == "like"sv)) ++i;
    }
    for (;;) {
      while (i < c.last && IsOpener(t[i]) &&
             !(t[i].tag == Tag::kIntensifier && i + 1 < c.last &&
               (t[i + 1].tag == Tag::kAdj || t[i + 1].tag == Tag::kAdv)))
        ++i;
      if (size_t n = g.MatchAt(norms, i, kNegatedFrame); n > 0 && i + n <= c.last) {
        *negated_frame_len = n;
        i += n;
        continue;
      }
      break;
    }
    return i;
  }

  Subject SubjectOf(const Token& tok) const {
    switch (tok.person) {
      case Person::kI:
        return Subject::kI;
      case Person::kWe:
        return Subject::kWe;
      case Person::kYou:
        return Subject::kYou;
      case Person::kThird:
        return Subject::kThird;
      case Person::kNone:
        break;
    }
    return tok.tag == Tag::kNoun || tok.tag == Tag::kName || tok.tag == Tag::kUnknown ? Subject::kThird
                                                                                      : Subject::kNone;
  }

  void Analyze(Clause& c, const Clause* previous, const std::vector<std::pair<uint32_t, uint32_t>>& quoted) {
    size_t frame_len = 0;
    size_t i = BodyStart(c, &frame_len);
    if (frame_len) c.frame_negated = true;
    const size_t body = i;

    // Questions by inversion ("do you", "are we", "can't you") or a question word.
    bool inverted = false, wh = false;
    if (i < c.last && t[i].tag == Tag::kQuestionWord && c.link != Link::kRelative) {
      wh = true;
      ++i;
    }
    if (i < c.last &&
        (t[i].tag == Tag::kBe || t[i].tag == Tag::kDo || t[i].tag == Tag::kHave || t[i].tag == Tag::kModal)) {
      size_t j = i + 1;
      if (j < c.last && t[j].tag == Tag::kNegator) ++j;
      if (j < c.last && IsSubjectToken(t[j])) inverted = true;
      // "do the kids know?" is a question; "do the dishes" an instruction.
      if (j + 2 < c.last && (t[j].tag == Tag::kDeterminer || t[j].tag == Tag::kPossessive) &&
          t[j].norm != "whatever"sv && (t[j + 1].tag == Tag::kNoun || t[j + 1].tag == Tag::kName) &&
          t[j + 2].IsVerbLike())
        inverted = true;
    }

    // Subject: the first subject-like word before the verb.
    size_t verb = SIZE_MAX;
    for (size_t j = i; j < c.last; ++j) {
      const Token& tok = t[j];
      if (tok.IsVerbLike()) {
        if (verb == SIZE_MAX) verb = j;
        if (!inverted) break;
        continue;
      }
      if (c.subject_token == SIZE_MAX &&
          (IsSubjectToken(tok) || tok.tag == Tag::kNoun || tok.tag == Tag::kUnknown ||
           (tok.tag == Tag::kPronoun && tok.person != Person::kNone && verb != SIZE_MAX && inverted))) {
        c.subject_token = j;
        if (!inverted) {
          // Skip to the verb after the subject noun phrase.
          continue;
        }
        break;
      }
      if (tok.tag == Tag::kPreposition && c.subject_token == SIZE_MAX && verb == SIZE_MAX) break;
    }
    // The main verb: the first lexical verb after the auxiliaries.
    c.verb_token = SIZE_MAX;
    for (size_t j = (c.subject_token != SIZE_MAX ? c.subject_token + 1 : body); j < c.last; ++j) {
      if (t[j].tag == Tag::kVerb) {
        c.verb_token = j;
        break;
      }
      if (t[j].IsVerbLike() && c.verb_token == SIZE_MAX) c.verb_token = j;
      if (t[j].tag == Tag::kPunct) break;
    }
    if (c.verb_token == SIZE_MAX && verb != SIZE_MAX) c.verb_token = verb;

    if (c.subject_token != SIZE_MAX) {
      c.subject = SubjectOf(t[c.subject_token]);
      if (t[c.subject_token].norm == "there"sv) c.subject = Subject::kNone;
    } else if (c.link == Link::kRelative && c.first > 0) {
      // "the one who never calls": the antecedent is the subject.
      switch (t[c.first - 1].person) {  // "it wasn't me | who left": me
        case Person::kI:
          c.subject = Subject::kI;
          break;
        case Person::kYou:
          c.subject = Subject::kYou;
          break;
        case Person::kWe:
          c.subject = Subject::kWe;
          break;
        default:
          c.subject = Subject::kThird;
          break;
      }
      if (previous && (t[c.first - 1].norm == "one"sv || t[c.first - 1].norm == "person"sv) &&
          previous->subject == Subject::kYou)
        c.subject = Subject::kYou;
    } else if (previous &&
               (c.link == Link::kCoordinate || c.link == Link::kContrast || c.link == Link::kPunctuation ||
                c.link == Link::kRunOn) &&
               previous->sentence == c.sentence && body < c.last && t[body].IsVerbLike() &&
               previous->subject != Subject::kNone) {
      // "I miss you but can't": the subject carries over.
      c.subject = previous->subject;
      c.elided_subject = true;
    } else {
      c.elided_subject = true;
    }

    // Polarity: verbal negation up to the main verb (and just after an auxiliary).
    int negations = 0;
    const size_t neg_end = c.verb_token == SIZE_MAX ? c.last : std::min(c.last, c.verb_token + 2);
    for (size_t j = body; j < neg_end; ++j) {
      if (t[j].tag == Tag::kNegator || (t[j].norm == "never"sv)) {
        if (j > c.verb_token && c.verb_token != SIZE_MAX && t[c.verb_token].tag == Tag::kVerb) break;
        ++negations;
      }
    }
    c.negated = negations % 2 == 1;
    if (negations >= 2) c.frame_negated = !c.frame_negated, c.negated = !c.negated;  // "can't not"

    // Tense, habit.
    for (size_t j = body; j < c.last; ++j) {
      if (t[j].IsVerbLike()) {
        c.past = t[j].past;
        break;
      }
    }
    c.habitual = g.Contains(norms, body, c.last, kFrequency);
    for (size_t j = body; j + 1 < c.last && !c.habitual; ++j) {
      if (t[j].lemma == "keep"sv && t[j + 1].ing) c.habitual = true;  // "you keep ignoring me"
    }

    // Mood.
    const bool question_mark = [&] {
      for (size_t j = c.first; j < c.last; ++j) {
        if (t[j].tag == Tag::kPunct && t[j].norm == "?"sv) return true;
      }
      return false;
    }();
    const bool sentence_question = [&] {
      // The sentence ends with "?" and this is its last clause.
      size_t j = c.last;
      while (j < t.size() && (t[j].tag == Tag::kPunct || t[j].tag == Tag::kSymbol)) {
        if (t[j].norm == "?"sv) return true;
        ++j;
      }
      return false;
    }();
    // A tag question ("you don't care, do you?") asks nothing: the clause is
    // a statement pressed on the listener.
    bool tag_question = false;
    if (question_mark || sentence_question) {
      size_t e = c.last;
      while (e > c.first && !t[e - 1].IsWord()) --e;
      if (e >= c.first + 2 && t[e - 1].tag == Tag::kPronoun &&
          (t[e - 2].tag == Tag::kDo || t[e - 2].tag == Tag::kBe || t[e - 2].tag == Tag::kModal ||
           t[e - 2].tag == Tag::kHave || (t[e - 2].tag == Tag::kNegator && e >= c.first + 3)) &&
          c.subject_token != SIZE_MAX && c.subject_token + 2 < e - 2 && !inverted && !wh) {
        tag_question = true;
      }
    }
    const bool question =
        question_mark || sentence_question ||
        ((inverted || wh) && c.link != Link::kRelative && c.link != Link::kComplement && body == c.first);
    if (tag_question) {
      c.mood = Mood::kRhetorical;
    } else if (g.MatchAt(norms, body, kProposal) > 0 || (question && (c.subject == Subject::kWe) && inverted)) {
      c.mood = Mood::kProposal;
    } else if (question) {
      // A verdict dressed as a question: a set phrase ("what's wrong with you"),
      // "why/how come" at "you" with always/never/not, or a statement with a
      // question mark ("you never call?").
      const bool why = wh && (t[body].norm == "why"sv || t[body].norm == "how"sv);
      const bool rhetorical = g.Contains(norms, c.first, std::min(c.last + 1, norms.size()), kRhetorical) ||
                              (why && c.subject == Subject::kYou && (c.habitual || c.negated)) ||
                              (!wh && !inverted && c.subject == Subject::kYou &&
                               (c.habitual || c.negated || g.Contains(norms, body, c.last, kIntensifier)));
      c.mood = rhetorical ? Mood::kRhetorical : Mood::kQuestion;
    } else if (c.link == Link::kCondition) {
      c.mood = Mood::kConditional;
    } else if (g.MatchAt(norms, body, kWishFrame) > 0 || g.MatchAt(norms, c.first, kWishFrame) > 0) {
      c.mood = Mood::kWish;
    } else if (c.subject_token == SIZE_MAX && c.elided_subject && !(previous && c.subject != Subject::kNone) &&
               body < c.last &&
               ((t[body].tag == Tag::kVerb && t[body].lemma == t[body].norm && !t[body].ing) ||
                (t[body].tag == Tag::kDo && body + 1 < c.last && t[body + 1].tag == Tag::kNegator) ||
                t[body].norm == "please"sv || t[body].norm == "never"sv)) {
      c.mood = Mood::kImperative;
      c.subject = Subject::kNone;
    } else if ((c.subject == Subject::kYou || c.subject == Subject::kGenericYou) &&
               g.Contains(norms, body, c.last, kAdvice)) {
      c.mood = Mood::kAdvice;
    }

    // Quoted: the clause starts inside quotation marks.
    const uint32_t at = body < c.last ? t[body].begin : c.begin;
    for (const auto& [qb, qe] : quoted) {
      if (at >= qb && at < qe) c.quoted = true;
    }
  }
};

}  // namespace

const char* SubjectName(Subject s) {
  switch (s) {
    case Subject::kNone:
      return "none";
    case Subject::kI:
      return "i";
    case Subject::kYou:
      return "you";
    case Subject::kGenericYou:
      return "generic-you";
    case Subject::kWe:
      return "we";
    case Subject::kThird:
      return "third";
  }
  return "?";
}

const char* MoodName(Mood m) {
  switch (m) {
    case Mood::kStatement:
      return "statement";
    case Mood::kQuestion:
      return "question";
    case Mood::kRhetorical:
      return "rhetorical";
    case Mood::kImperative:
      return "imperative";
    case Mood::kConditional:
      return "conditional";
    case Mood::kWish:
      return "wish";
    case Mood::kAdvice:
      return "advice";
    case Mood::kProposal:
      return "proposal";
  }
  return "?";
}

const char* LinkName(Link l) {
  switch (l) {
    case Link::kStart:
      return "start";
    case Link::kPunctuation:
      return "punct";
    case Link::kCoordinate:
      return "coord";
    case Link::kContrast:
      return "contrast";
    case Link::kCause:
      return "cause";
    case Link::kCondition:
      return "condition";
    case Link::kTime:
      return "time";
    case Link::kConcession:
      return "concession";
    case Link::kRelative:
      return "relative";
    case Link::kComplement:
      return "complement";
    case Link::kRunOn:
      return "run-on";
  }
  return "?";
}

namespace {

// Message-wide readings: a forwarded saying In Title Case is quoted; a
// request for advice about one's own life narrates.
void MarkMessage(const std::vector<Token>& tokens, const std::vector<std::string_view>& norms, const Grammar& grammar,
                 std::vector<Clause>& clauses) {
  size_t words = 0, title = 0, caps = 0;
  for (const Token& t : tokens) {
    if (!t.IsWord() || t.tag == Tag::kNumber || t.end - t.begin < 2) continue;
    ++words;
    if (t.all_caps)
      ++caps;
    else if (t.initial_cap)
      ++title;
  }
  if (words >= 6 && title * 10 >= words * 7) {
    for (Clause& c : clauses) c.quoted = true;
  }
  if (clauses.empty()) return;
  size_t sentences = clauses.back().sentence + 1;
  if (sentences < 3) return;
  bool asks = false, second_person = false, first_person = false;
  for (const Clause& c : clauses) {
    if (c.sentence != 0) break;
    if (c.mood == Mood::kQuestion) asks = true;
    for (size_t j = c.first; j < c.last; ++j) {
      if (tokens[j].person == Person::kYou) second_person = true;
      if (tokens[j].person == Person::kI) first_person = true;
    }
  }
  (void)norms;
  (void)grammar;
  // A long account of other people ("my husband...", "she...") that never
  // says "you" is told about them, to someone else.
  bool any_you = false;
  size_t third = 0;
  for (const Token& t : tokens) any_you = any_you || t.person == Person::kYou;
  for (const Clause& c : clauses) third += c.subject == Subject::kThird;
  if ((asks && first_person && !second_person) || (!any_you && sentences >= 4 && third >= 3)) {
    for (Clause& c : clauses) c.narrated = true;
  }
}

}  // namespace

bool ParseSubject(std::string_view name, Subject* out) {
  for (Subject s : {Subject::kNone, Subject::kI, Subject::kYou, Subject::kGenericYou, Subject::kWe, Subject::kThird}) {
    if (name == SubjectName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

bool ParseMood(std::string_view name, Mood* out) {
  for (Mood m : {Mood::kStatement, Mood::kQuestion, Mood::kRhetorical, Mood::kImperative, Mood::kConditional,
                 Mood::kWish, Mood::kAdvice, Mood::kProposal}) {
    if (name == MoodName(m)) {
      *out = m;
      return true;
    }
  }
  return false;
}

bool ParseLink(std::string_view name, Link* out) {
  for (int i = 0; i <= static_cast<int>(Link::kRunOn); ++i) {
    if (name == LinkName(static_cast<Link>(i))) {
      *out = static_cast<Link>(i);
      return true;
    }
  }
  return false;
}

std::vector<Clause> AnalyzeClauses(const std::vector<Token>& tokens,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& sentences,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& quoted, const Grammar& grammar) {
  std::vector<std::string_view> all_norms;
  all_norms.reserve(tokens.size());
  for (const Token& tok : tokens) all_norms.push_back(tok.norm);
  FastGrammar fast{grammar, all_norms, {}};
  fast.starts.reserve(tokens.size());
  for (const Token& tok : tokens) fast.starts.push_back(grammar.StartsOf(tok.norm));
  Analyzer a{tokens, fast, all_norms, {}};

  // Token ranges of sentences (a sentence without tokens has no clause).
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t k = 0;
  for (const auto& [sb, se] : sentences) {
    const size_t first = k;
    while (k < tokens.size() && tokens[k].begin < se) ++k;
    if (k > first) ranges.push_back({first, k});
  }
  if (k < tokens.size()) ranges.push_back({k, tokens.size()});
  if (sentences.empty() && !tokens.empty()) ranges = {{0, tokens.size()}};

  std::vector<std::pair<size_t, Link>> starts;
  for (size_t s = 0; s < ranges.size(); ++s) {
    const auto [s0, s1] = ranges[s];
    starts.clear();
    a.Split(s0, s1, starts);
    const size_t first_clause = a.out.size();
    for (size_t c = 0; c < starts.size(); ++c) {
      Clause clause;
      clause.first = starts[c].first;
      clause.last = c + 1 < starts.size() ? starts[c + 1].first : s1;
      clause.link = starts[c].second;
      // A clause that opens with its own connector ("If you...", ", but I...") is linked by it.
      const Token& head = tokens[clause.first];
      if ((clause.link == Link::kStart || clause.link == Link::kPunctuation) &&
          (head.tag == Tag::kCoordinator || head.tag == Tag::kSubordinator || head.In(kContrast) ||
           (head.tag == Tag::kRelative && clause.link != Link::kStart))) {
        const Link own = LinkOf(head);
        if (own != Link::kPunctuation) clause.link = own;
      }
      clause.sentence = s;
      clause.begin = tokens[clause.first].begin;
      clause.end = tokens[clause.last - 1].end;
      a.out.push_back(clause);
    }
    // Roles, in order (a clause may take its subject from the one before).
    bool reported = false, frame_negated = false;
    Mood frame_mood = Mood::kStatement;
    // Laughter in the sentence, in a following "sentence" of emoji only, or
    // in a "Lmao." just before it.
    size_t playful_begin = s0;
    if (s > 0) {
      const auto [p0, p1] = ranges[s - 1];
      if (p1 - p0 <= 3) playful_begin = p0;
    }
    size_t playful_end = s1;
    if (s + 1 < ranges.size()) {
      const auto [n0, n1] = ranges[s + 1];
      bool only_symbols = true;
      for (size_t j = n0; j < n1; ++j) only_symbols = only_symbols && !tokens[j].IsWord();
      if (only_symbols || n1 - n0 <= 2) playful_end = n1;
    }
    const bool playful = fast.Contains(a.norms, playful_begin, playful_end, kPlayful);
    for (size_t c = first_clause; c < a.out.size(); ++c) {
      Clause& clause = a.out[c];
      const Clause* previous = c > first_clause ? &a.out[c - 1] : nullptr;
      a.Analyze(clause, previous, quoted);
      clause.playful = playful;
      if (clause.link == Link::kComplement && previous) {
        // The frame decides: "she said | ..." is reported; "I don't think | ..."
        // is not asserted; "I wish | ..." is a wish.
        const Token* frame_verb = nullptr;  // the verb just before the complement
        for (size_t j = previous->last; j > previous->first; --j) {
          if (tokens[j - 1].tag == Tag::kVerb) {
            frame_verb = &tokens[j - 1];
            break;
          }
        }
        if (frame_verb && previous->subject == Subject::kThird &&
            (frame_verb->In(kSayingVerb) || frame_verb->In(kThinkingVerb))) {
          reported = true;
        }
        if (previous->negated && !previous->frame_negated) frame_negated = true;
        if (previous->mood == Mood::kWish) frame_mood = Mood::kWish;
      }
      if (frame_negated && clause.link == Link::kComplement) clause.frame_negated = !clause.frame_negated;
      if (frame_mood == Mood::kWish && clause.link == Link::kComplement) clause.mood = Mood::kWish;
      clause.reported = clause.reported || reported;
    }
    // "Every time we plan something, you bail": the time frame makes the
    // clause after it habitual.
    for (size_t c = first_clause; c + 1 < a.out.size(); ++c) {
      const Clause& frame = a.out[c];
      size_t head = frame.first;
      while (head < frame.last && !tokens[head].IsWord()) ++head;
      const bool every_time =
          head < frame.last && (tokens[head].norm == "whenever"sv ||
                                ((tokens[head].norm == "every"sv || tokens[head].norm == "each"sv) && frame.habitual));
      if (every_time && a.out[c + 1].sentence == frame.sentence) a.out[c + 1].habitual = true;
    }
    // "when you love someone, you...": a "you" with no "me" in sight, in a
    // conditional or generic sentence, is anyone.
    bool first_person = false, generic_subject = false, generic_phrase = false;
    for (size_t j = s0; j < s1; ++j) {
      const Token& tok = tokens[j];
      if ((tok.person == Person::kI || tok.person == Person::kWe) &&
          (tok.tag == Tag::kPronoun || tok.tag == Tag::kPossessive))
        first_person = true;
      // "one" as a subject ("one never knows") makes the sentence generic.
    }
    for (size_t c = first_clause; c < a.out.size(); ++c) {
      const Clause& clause = a.out[c];
      const size_t st = clause.subject_token;
      if (st != SIZE_MAX && tokens[st].norm == "one"sv && st + 1 < clause.last && tokens[st + 1].IsVerbLike() &&
          !(st > 0 &&
            (tokens[st - 1].norm == "no"sv || tokens[st - 1].norm == "every"sv || tokens[st - 1].norm == "any"sv ||
             tokens[st - 1].norm == "some"sv || tokens[st - 1].norm == "the"sv || tokens[st - 1].norm == "that"sv)))
        generic_subject = true;  // "one never knows"
    }
    for (size_t c = first_clause; c < a.out.size(); ++c) {
      Clause& clause = a.out[c];
      if (clause.subject != Subject::kYou) continue;
      if (clause.subject_token != SIZE_MAX && fast.MatchAt(a.norms, clause.subject_token, kGenericYou) > 1) {
        clause.subject = Subject::kGenericYou;
        generic_phrase = true;
        continue;
      }
      // "when you love someone, you...", "if you don't talk to anyone...":
      // a conditional about an indefinite someone.
      bool conditional_sentence = false;
      for (size_t d = first_clause; d < a.out.size(); ++d) {
        const Clause& sub = a.out[d];
        if ((sub.link != Link::kCondition && sub.link != Link::kTime) || sub.subject != Subject::kYou || sub.past)
          continue;
        for (size_t j = sub.first; j < sub.last; ++j) {
          const std::string_view w = tokens[j].norm;
          const bool indefinite = w == "someone"sv || w == "somebody"sv || w == "anyone"sv || w == "anybody"sv ||
                                  w == "anything"sv || w == "something"sv || w == "people"sv ||
                                  ((w == "a"sv || w == "an"sv) && j > sub.first &&
                                   (tokens[j - 1].tag == Tag::kBe || tokens[j - 1].lemma == "have"sv ||
                                    tokens[j - 1].lemma == "get"sv || tokens[j - 1].lemma == "find"sv));
          if (indefinite) conditional_sentence = true;
        }
      }
      if (!first_person &&
          (generic_subject || (conditional_sentence && !clause.past) || clause.mood == Mood::kAdvice)) {
        clause.subject = Subject::kGenericYou;
      }
    }
    (void)generic_phrase;
  }
  MarkMessage(tokens, a.norms, grammar, a.out);
  return a.out;
}

std::string DescribeClauses(std::string_view folded, const std::vector<Token>& tokens,
                            const std::vector<Clause>& clauses) {
  std::string out;
  for (const Clause& c : clauses) {
    out += "[";
    out += LinkName(c.link);
    out += "|";
    out += SubjectName(c.subject);
    if (c.elided_subject) out += "(elided)";
    out += "|";
    out += MoodName(c.mood);
    if (!c.positive()) out += "|negated";
    if (c.negated && c.frame_negated) out += "|double-negative";
    if (c.habitual) out += "|habitual";
    if (c.past) out += "|past";
    if (c.reported) out += "|reported";
    if (c.quoted) out += "|quoted";
    if (c.narrated) out += "|narrated";
    if (c.playful) out += "|playful";
    out += "] ";
    out += std::string(folded.substr(c.begin, c.end - c.begin));
    out += "\n";
  }
  (void)tokens;
  return out;
}

}  // namespace reframe::internal
