// The template parser of lexicon/suggestion_template.h.
#include "lexicon/suggestion_template.h"

#include <algorithm>

namespace reframe::internal {
namespace {

bool IsSlotNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// Parses from text[i] up to `close` (']' inside an optional part, '\0' at
// the top), leaving i after it.
bool ParseParts(std::string_view text, size_t& i, char close, std::vector<TemplatePart>* parts, std::string* error) {
  std::string literal;
  auto flush = [&] {
    if (literal.empty()) return;
    TemplatePart p;
    p.text = std::move(literal);
    parts->push_back(std::move(p));
    literal.clear();
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == ']') {
      if (close != ']') {
        *error = "']' at " + std::to_string(i) + " closes nothing";
        return false;
      }
      flush();
      ++i;
      return true;
    }
    if (c == '}') {
      *error = "'}' at " + std::to_string(i) + " closes nothing";
      return false;
    }
    if (c == '[') {
      flush();
      const size_t open = i++;
      TemplatePart p;
      p.type = TemplatePart::Type::kOptional;
      if (!ParseParts(text, i, ']', &p.parts, error)) {
        if (error->empty()) *error = "unclosed '[' at " + std::to_string(open);
        return false;
      }
      const bool has_slot = std::any_of(p.parts.begin(), p.parts.end(),
                                        [](const TemplatePart& q) { return q.type != TemplatePart::Type::kText; });
      if (!has_slot) {
        *error = "the optional part at " + std::to_string(open) + " has no slot";
        return false;
      }
      parts->push_back(std::move(p));
      continue;
    }
    if (c == '{') {
      flush();
      const size_t open = i;
      const size_t end = text.find('}', i);
      if (end == std::string_view::npos) {
        *error = "unclosed '{' at " + std::to_string(open);
        return false;
      }
      std::string_view body = text.substr(i + 1, end - i - 1);
      i = end + 1;
      TemplatePart p;
      p.type = TemplatePart::Type::kSlot;
      if (const size_t bar = body.find('|'); bar != std::string_view::npos) {
        p.has_fallback = true;
        p.text = std::string(body.substr(bar + 1));
        body = body.substr(0, bar);
        if (p.text.find_first_of("{[]") != std::string::npos) {
          *error = "the fallback of the slot at " + std::to_string(open) + " may not hold '{', '[' or ']'";
          return false;
        }
      }
      if (const size_t colon = body.find(':'); colon != std::string_view::npos) {
        const std::string_view form = body.substr(colon + 1);
        if (!ParseSlotForm(form, &p.form)) {
          *error = "unknown form '" + std::string(form) + "' in {" + std::string(body) +
                   "} (forms: ing, present, clause, detail)";
          return false;
        }
        body = body.substr(0, colon);
      }
      if (body.empty() || !std::all_of(body.begin(), body.end(), IsSlotNameChar)) {
        *error = "'{" + std::string(body) + "}' at " + std::to_string(open) +
                 " is not a slot name (lower-case letters, digits and '_')";
        return false;
      }
      p.slot = std::string(body);
      parts->push_back(std::move(p));
      continue;
    }
    literal.push_back(c);
    ++i;
  }
  flush();
  if (close == ']') {
    error->clear();  // the caller names the '[' left open
    return false;
  }
  return true;
}

}  // namespace

bool ParseSuggestionTemplate(std::string_view text, std::vector<TemplatePart>* parts, std::string* error) {
  parts->clear();
  error->clear();
  size_t i = 0;
  return ParseParts(text, i, '\0', parts, error);
}

bool ParseTemplate(std::string_view text, ParsedTemplate* out, std::string* error) {
  out->bare.clear();
  out->has_optional = false;
  if (!ParseSuggestionTemplate(text, &out->parts, error)) return false;
  for (const TemplatePart& p : out->parts) {
    if (p.type == TemplatePart::Type::kOptional) {
      out->has_optional = true;
    } else {
      out->bare.push_back(p);
    }
  }
  if (!out->has_optional) out->bare.clear();
  return true;
}

std::string_view SlotFormName(SlotForm form) {
  switch (form) {
    case SlotForm::kIng:
      return "ing";
    case SlotForm::kPresent:
      return "present";
    case SlotForm::kClause:
      return "clause";
    case SlotForm::kDetail:
      return "detail";
    case SlotForm::kDefault:
      break;
  }
  return "";
}

bool ParseSlotForm(std::string_view name, SlotForm* out) {
  for (SlotForm f : {SlotForm::kIng, SlotForm::kPresent, SlotForm::kClause, SlotForm::kDetail}) {
    if (SlotFormName(f) == name) {
      *out = f;
      return true;
    }
  }
  return false;
}

const DraftSlot* FindDraftSlot(std::string_view name) {
  for (const DraftSlot& s : kDraftSlots) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool IsSuggestionKind(std::string_view kind) {
  return std::find(std::begin(kSuggestionKinds), std::end(kSuggestionKinds), kind) != std::end(kSuggestionKinds);
}

}  // namespace reframe::internal
