// The Analyzer: text -> engine -> report, and where its compiled lexicon
// comes from (the build-time image for the built-in lexicon, else the
// compiler).
//
// Regexes are compiled on first use: start-up then costs what one draft
// needs, not the whole lexicon. Lexicons other than the built-in one (which
// the build checks whole) have every pattern compiled at once, so that a bad
// pattern is reported when the analyzer is created.
#include "reframe/analyzer.h"

#include <memory>
#include <string>
#include <utility>

#include "engine/compiled_lexicon.h"
#include "engine/compiler.h"
#include "engine/engine_snapshot.h"
#include "engine/evaluator.h"
#include "lexicon/lexicon_access.h"
#include "report/report_builder.h"
#include "snapshot/snapshot.h"
#include "text/text.h"

namespace reframe {

struct Analyzer::Impl {
  Lexicon lexicon;
  AnalyzerOptions options;
  internal::TextPreparer preparer;
  internal::CompiledLexicon compiled;  // points into lexicon's data

  Impl(Lexicon lex, AnalyzerOptions opts)
      : lexicon(std::move(lex)), options(std::move(opts)), preparer(data().shorthand, data().abbreviations) {}

  [[nodiscard]] const internal::LexiconData& data() const { return internal::LexiconAccess::Data(lexicon); }
};

Result<Analyzer> Analyzer::Create(const Lexicon& lexicon, const AnalyzerOptions& options) {
  const internal::LexiconData& data = internal::LexiconAccess::Data(lexicon);
  // The built-in lexicon with every rule: load what the build compiled.
  if (data.trusted && options.only_rules.empty() && &data == &internal::LexiconAccess::Data(Lexicon::Builtin())) {
    internal::SnapshotReader image(nullptr, 0);
    if (internal::OpenSnapshotSection(internal::SnapshotSection::kEngine, &image)) {
      auto impl = std::make_unique<Impl>(lexicon, options);
      if (internal::LoadCompiledLexicon(image, impl->data(), impl->compiled)) {
        impl->preparer.AddReplacements(impl->compiled.misspellings, impl->compiled.vocabulary);
        return Analyzer(std::move(impl));
      }
    }
  }
  auto impl = std::make_unique<Impl>(lexicon, options);
  if (Status s = internal::Compile(impl->data(), options.only_rules, impl->compiled); !s.ok()) return s;
  if (!data.trusted) {
    if (Status s = internal::ValidatePatterns(impl->data(), impl->compiled); !s.ok()) return s;
  }
  impl->preparer.AddReplacements(impl->compiled.misspellings, impl->compiled.vocabulary);
  return Analyzer(std::move(impl));
}

Analyzer::Analyzer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

const Lexicon& Analyzer::lexicon() const { return impl_->lexicon; }

Report Analyzer::Analyze(std::string_view utf8_text) const {
  thread_local internal::EvalScratch scratch;
  Report report;
  // White space around the message (a file's final newline) is not part of
  // it: "Fine.\n" is the one-word reply "Fine.", anchors and all.
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  size_t begin = 0, end = utf8_text.size();
  while (begin < end && space(utf8_text[begin])) ++begin;
  while (end > begin && space(utf8_text[end - 1])) --end;
  const std::string_view body = utf8_text.substr(begin, end - begin);
  impl_->preparer.PrepareForScreening(body, scratch.text);
  std::vector<uint32_t>& invalid = scratch.text.invalid_utf8;
  for (uint32_t& at : invalid) at += static_cast<uint32_t>(begin);
  internal::WarnInvalidUtf8(utf8_text, invalid, report);
  internal::Evaluator(impl_->compiled, impl_->preparer).Evaluate(body, scratch);
  for (internal::RuleMatch& m : scratch.matches) {
    m.span.begin += static_cast<uint32_t>(begin);
    m.span.end += static_cast<uint32_t>(begin);
  }
  internal::BuildReport(utf8_text, scratch.matches, impl_->options.merge_overlapping, report);
  return report;
}

}  // namespace reframe
