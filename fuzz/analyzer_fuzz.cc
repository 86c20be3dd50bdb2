// libFuzzer: any bytes as a message draft. The analyzer must not crash, hang
// or report a span outside the input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reframe/analyzer.h"
#include "reframe/format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const reframe::Analyzer analyzer = std::move(*reframe::Analyzer::Create(reframe::Lexicon::Builtin()));
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  reframe::Report report = analyzer.Analyze(text);
  for (const reframe::Finding& f : report.findings) {
    if (f.start > f.end || f.end > size || text.substr(f.start, f.end - f.start) != f.text) std::abort();
  }
  reframe::MessageContext ctx;
  ctx.source = "fuzz";
  (void)reframe::FormatJson(report, ctx, text);
  (void)reframe::FormatText(report, ctx, text, reframe::TextStyle{});
  return 0;
}
