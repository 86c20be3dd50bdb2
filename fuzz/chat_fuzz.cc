// libFuzzer: any bytes as a chat export, read by every reader in turn
// (through a temporary file, as users' files arrive). Readers must return
// messages or an error, never crash or hang; and reading in chunks (of a
// size the input picks) must give exactly what reading in one go gives.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "reframe/chat.h"

namespace {

struct Reading {
  std::vector<reframe::ChatMessage> messages;
  std::string error;
};

Reading ReadAll(const std::string& path, reframe::ChatFormat format, size_t chunk_bytes) {
  Reading r;
  reframe::ChatOptions options;
  options.max_message_bytes = 1 << 20;
  options.chunk_bytes = chunk_bytes;
  auto reader = reframe::OpenChat(path, format, options);
  if (!reader.ok()) {
    r.error = reader.status().message();
    return r;
  }
  if (chunk_bytes == 0) {
    reframe::ChatMessage m;
    for (int i = 0; i < 100000; ++i) {
      auto more = (*reader)->Next(m);
      if (!more.ok()) r.error = more.status().message();
      if (!more.ok() || !*more) break;
      r.messages.push_back(m);
    }
    return r;
  }
  std::vector<std::string> problems;
  for (;;) {
    auto chunk = (*reader)->NextChunk();
    if (!chunk.ok()) r.error = chunk.status().message();
    if (!chunk.ok() || !*chunk) break;
    const reframe::Status s = (*chunk)->Parse(r.messages, problems);
    if (!s.ok()) {
      r.error = s.message();
      break;
    }
    if (r.messages.size() > 100000) break;
  }
  return r;
}

bool Same(const reframe::ChatMessage& a, const reframe::ChatMessage& b) {
  return a.author == b.author && a.time == b.time && a.text == b.text && a.kind == b.kind && a.line == b.line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = [] {
    char tmpl[] = "/tmp/reframe-chat-fuzz-XXXXXX";
    int fd = mkstemp(tmpl);
    close(fd);
    return std::string(tmpl);
  }();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  using reframe::ChatFormat;
  for (ChatFormat format : {ChatFormat::kAuto, ChatFormat::kWhatsApp, ChatFormat::kTelegram, ChatFormat::kSignal,
                            ChatFormat::kDiscord, ChatFormat::kIMessage, ChatFormat::kMessenger, ChatFormat::kSlack,
                            ChatFormat::kJsonl, ChatFormat::kCsv, ChatFormat::kText}) {
    reframe::ChatOptions options;
    options.max_message_bytes = 1 << 20;
    auto reader = reframe::OpenChat(path, format, options);
    if (!reader.ok()) continue;
    reframe::ChatMessage m;
    for (int i = 0; i < 100000; ++i) {
      auto more = (*reader)->Next(m);
      if (!more.ok() || !*more) break;
    }
  }
  // WhatsApp read in small chunks equals WhatsApp read in one go.
  const Reading whole = ReadAll(path, ChatFormat::kWhatsApp, 0);
  if (whole.messages.size() < 100000) {
    const Reading chunked = ReadAll(path, ChatFormat::kWhatsApp, 1 + (size ? data[size - 1] % 97 : 0));
    bool same = whole.error == chunked.error && whole.messages.size() == chunked.messages.size();
    for (size_t i = 0; same && i < whole.messages.size(); ++i) same = Same(whole.messages[i], chunked.messages[i]);
    if (!same) std::abort();
  }
  return 0;
}
