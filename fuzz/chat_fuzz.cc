// libFuzzer: any bytes as a chat export, read by every reader in turn
// (through a temporary file, as users' files arrive). Readers must return
// messages or an error, never crash or hang.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "reframe/chat.h"

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
  return 0;
}
