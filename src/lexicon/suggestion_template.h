// The templates of a rule's suggestions (docs/lexicon-format.md,
// "Suggestions"), parsed:
//
//   "When you {you_do:present}, I feel left out[ {when}]. Could we talk about {what|it}?"
//
// {name} is a slot, filled with the writer's own words; {name:form} the same
// words in another form; {name|text} gives text for when the draft has
// nothing for the slot; [ ... ] is an optional part, left out whole when a
// slot inside it (without a fallback) is empty. Braces and square brackets
// are reserved.
#ifndef REFRAME_LEXICON_SUGGESTION_TEMPLATE_H_
#define REFRAME_LEXICON_SUGGESTION_TEMPLATE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace reframe::internal {

// The moves of the article a suggestion can make, in the order documented.
inline constexpr std::string_view kSuggestionKinds[] = {"both-longings", "feeling", "ownership", "next-step",
                                                        "appreciation"};
// The kind of a plain `reframes` template (the earlier lexicon format).
inline constexpr std::string_view kReframeKind = "reframe";

enum class SlotForm : uint8_t {
  kDefault,  // as the slot gives it
  kIng,      // a verb phrase with its verb in -ing: "helping with the dishes"
  kPresent,  // a verb phrase in the present, said of its own subject: "are on your phone", "forget"
  kClause,   // a pattern slot: the whole clause its match stands in, not only the match
  kDetail,   // a pattern slot: that clause only when it names a thing, person, number or time
};

struct TemplatePart {
  enum class Type : uint8_t { kText, kSlot, kOptional };
  Type type = Type::kText;
  std::string text;  // kText: the text; kSlot: the fallback
  std::string slot;  // kSlot: the slot's name
  SlotForm form = SlotForm::kDefault;
  bool has_fallback = false;
  std::vector<TemplatePart> parts;  // kOptional: what it holds
};

// Parses `text` into parts; false with `error` set ("unclosed '{' at 12").
bool ParseSuggestionTemplate(std::string_view text, std::vector<TemplatePart>* parts, std::string* error);

// A template parsed once (when the lexicon is compiled), for the suggester
// to fill per finding without parsing again.
struct ParsedTemplate {
  std::vector<TemplatePart> parts;
  // `parts` without its optional parts, when it has any: the suggester's
  // second try at a template whose optional parts raise something.
  std::vector<TemplatePart> bare;
  bool has_optional = false;
};
// One `[[rule.suggest]]` kind's templates, parsed, in order.
struct ParsedSuggestionKind {
  std::vector<ParsedTemplate> templates;
};
// `text` parsed with its bare form; false (with `error`) as ParseSuggestionTemplate.
bool ParseTemplate(std::string_view text, ParsedTemplate* out, std::string* error);

// The name of a form ("ing"), and the form of a name (false if unknown).
std::string_view SlotFormName(SlotForm form);
bool ParseSlotForm(std::string_view name, SlotForm* out);

// Slots every rule may use, beyond its own pattern slots: filled from the
// clause layer's reading of the draft (or of the message it answers) when
// the draft has them, and so never guaranteed.
struct DraftSlot {
  std::string_view name;
  bool verb_phrase;  // takes the forms ing and present
  std::string_view meaning;
};
inline constexpr DraftSlot kDraftSlots[] = {
    {"you_do", true, "what the other person does, as the flagged clause says it (\"forget Maya's birthday\")"},
    {"you_dont", true, "what the other person does not do (\"help with the dishes\" after \"you never\")"},
    {"i_do", true, "what the writer did or meant to do (\"call you about the vet\" after \"I meant to\")"},
    {"i_dont", true, "what the writer did not do (\"have time\" after \"I didn't\")"},
    {"what", false, "the thing or event the flagged clause is about (\"the dishes\", \"Maya's birthday\")"},
    {"who", false, "a person the replaced sentences name (\"Maya\", \"your mom\")"},
    {"when", false, "a day or time the replaced sentences name (\"on Friday\", \"this week\")"},
    {"rest", false, "the replaced sentences' other clauses that carry a fact, in the writer's words"},
    {"reply", false, "the message answered, its first clause, said back to its writer (\"you lost your keys\")"},
    {"reply_what", false, "the thing or event the message answered is about, said back (\"your keys\")"},
};
// The draft slot called `name`, or nullptr.
const DraftSlot* FindDraftSlot(std::string_view name);

// Whether `kind` may name a suggestion's kind.
bool IsSuggestionKind(std::string_view kind);

}  // namespace reframe::internal

#endif  // REFRAME_LEXICON_SUGGESTION_TEMPLATE_H_
