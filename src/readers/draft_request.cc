// A draft sent as JSON (reframe/input.h: DraftRequest).
#include <nlohmann/json.hpp>

#include "reframe/input.h"

namespace reframe {

Result<DraftRequest> ParseDraftRequest(std::string_view body) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ...;
    // last read: '<the input>'": keep the where and why, not the input.
    if (size_t cut = what.find("] "); cut != std::string::npos) what.erase(0, cut + 2);
    if (size_t cut = what.find("; last read:"); cut != std::string::npos) what.erase(cut);
    return Status(StatusCode::kInvalidArgument, "the request body is not valid JSON: " + what);
  }
  if (!json.is_object()) {
    return Status(StatusCode::kInvalidArgument, "the request body must be a JSON object: {\"text\": \"...\"}");
  }
  DraftRequest request;
  auto text = json.find("text");
  if (text == json.end() || !text->is_string()) {
    return Status(StatusCode::kInvalidArgument, "\"text\" is missing or not a string");
  }
  request.text = text->get<std::string>();
  for (const char* key : {"reply_to", "profile"}) {
    auto it = json.find(key);
    if (it == json.end() || it->is_null()) continue;
    if (!it->is_string()) return Status(StatusCode::kInvalidArgument, std::string("\"") + key + "\" must be a string");
    (key[0] == 'r' ? request.reply_to : request.profile) = it->get<std::string>();
  }
  if (request.text.find('\0') != std::string::npos ||
      (request.reply_to && request.reply_to->find('\0') != std::string::npos)) {
    return Status(StatusCode::kInvalidArgument, "the text contains a NUL character");
  }
  return request;
}

}  // namespace reframe
