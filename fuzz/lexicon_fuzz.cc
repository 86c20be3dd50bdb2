// libFuzzer: any bytes as a lexicon file, laid over the built-in lexicons and
// compiled. Loading and compiling must return an error or a working analyzer.
#include <cstdint>
#include <string_view>

#include "reframe/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto lexicon = reframe::Lexicon::FromString(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  if (!lexicon.ok()) return 0;
  auto analyzer = reframe::Analyzer::Create(reframe::Lexicon::Builtin().MergedWith(*lexicon));
  if (analyzer.ok()) (void)analyzer->Analyze("I want to connect, but I am too busy. You never listen.");
  return 0;
}
