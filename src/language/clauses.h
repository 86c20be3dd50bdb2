// Clauses and their roles.
//
// A sentence is split into clauses at punctuation, coordination ("and",
// "but"), contrast ("though", "it's just that"), subordinators ("because",
// "if", "when"), relative pronouns ("the guy who...") and thought or speech
// frames ("I think | you're selfish", "she said | you never listen"), and at a
// new subject in a run-on text ("i miss u | u never call"). Each clause gets:
//   subject   i / you / generic you ("you never know") / we / third / none
//   polarity  negated, or not; "it's not that I don't want to" is a double
//             negative, and a clause under a negated frame ("I don't think
//             | you're selfish") is not asserted
//   mood      statement, question (sincere or rhetorical), imperative,
//             conditional, wish, advice, proposal
//   habitual ("always", "every time"), past, reported speech, quoted, playful.
// Rules (lexicon data) constrain their matches by these roles.
#ifndef REFRAME_LANGUAGE_CLAUSES_H_
#define REFRAME_LANGUAGE_CLAUSES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "language/grammar.h"
#include "language/tokens.h"

namespace reframe::internal {

enum class Subject : uint8_t { kNone, kI, kYou, kGenericYou, kWe, kThird };
enum class Mood : uint8_t { kStatement, kQuestion, kRhetorical, kImperative, kConditional, kWish, kAdvice, kProposal };
// How a clause is joined to what comes before it.
enum class Link : uint8_t {
  kStart,        // the first clause of a sentence
  kPunctuation,  // after a comma, semicolon, dash or emoji
  kCoordinate,   // and, or, so
  kContrast,     // but, though, it's just that
  kCause,        // because, since
  kCondition,    // if, unless
  kTime,         // when, after, until
  kConcession,   // although, even though
  kRelative,     // who, which, that
  kComplement,   // the clause a thought or speech frame introduces
  kRunOn,        // a new subject with no word between ("i miss u u never call")
};

const char* SubjectName(Subject s);
const char* MoodName(Mood m);
const char* LinkName(Link l);
// Parses the names above ("generic-you", "rhetorical"); false if unknown.
bool ParseSubject(std::string_view name, Subject* out);
bool ParseMood(std::string_view name, Mood* out);
bool ParseLink(std::string_view name, Link* out);

struct Clause {
  uint32_t begin = 0;  // folded byte span, first token to last token (punctuation included)
  uint32_t end = 0;
  size_t first = 0;  // token range [first, last)
  size_t last = 0;
  size_t sentence = 0;
  Link link = Link::kStart;
  Subject subject = Subject::kNone;
  bool elided_subject = false;  // no subject written ("miss you", "too busy"): the writer, usually
  Mood mood = Mood::kStatement;
  bool negated = false;        // the clause's own verbal negation (odd count)
  bool frame_negated = false;  // under a negated frame: "it's not that | ...", "I don't think | ..."
  bool habitual = false;
  bool past = false;
  bool reported = false;  // someone else's words ("Sam said | ...")
  bool quoted = false;    // inside quotation marks, or a forwarded text In Title Case
  bool narrated = false;  // a message asking someone for advice about one's own life ("How do I
                          // tell my dad...? My dad gets angry...") narrates; it addresses no one in it
  bool playful = false;   // laughter or a wink in its sentence
  size_t subject_token = SIZE_MAX;
  size_t verb_token = SIZE_MAX;  // the main verb (or the auxiliary when there is none)

  // Asserted with positive polarity: not negated, or negated twice.
  [[nodiscard]] bool positive() const { return negated == frame_negated; }
};

// `sentences` and `quoted` are folded spans (the text model's). Clauses come
// out in text order and cover every word token.
std::vector<Clause> AnalyzeClauses(const std::vector<Token>& tokens,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& sentences,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& quoted, const Grammar& grammar);

// For tests and `reframe debug`: one line per clause, e.g.
// `[you|statement|habitual] you never listen`.
std::string DescribeClauses(std::string_view folded, const std::vector<Token>& tokens,
                            const std::vector<Clause>& clauses);

}  // namespace reframe::internal

#endif  // REFRAME_LANGUAGE_CLAUSES_H_
